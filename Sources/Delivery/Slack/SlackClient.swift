import Foundation
import Narrative
import PostHog
import Transport

/// Posts report messages to Slack: `chat.postMessage` with a bot token (Block Kit blocks, the
/// `text` fallback, message metadata), or an incoming webhook. Slack answers errors as HTTP 200
/// with `"ok": false`; each becomes a `DeliveryError` that says what to do. Posts to one channel
/// are paced (one a second, as Slack asks); 429 waits for `Retry-After`. A post is never sent
/// again after an ambiguous failure (a timeout, a connection lost after sending): the caller
/// looks for it in the channel first (`findPost`).
public struct SlackClient: Sendable {
    public let settings: SlackSettings
    let transport: any Transport
    /// One pacer for the whole process: every client and every request to a channel waits its turn.
    static let pacer = ChannelPacer()

    /// - Parameter transport: the wire; by default libcurl inside retries, which resend a post
    ///   only when Slack certainly did not process it (429, 503, a refused connection).
    public init(settings: SlackSettings, transport: (any Transport)? = nil) {
        self.settings = settings
        self.transport =
            transport
            ?? RetryingTransport(
                base: CurlTransport(options: .init(totalTimeout: .seconds(30), userAgent: "dashbrief")),
                policy: RetryPolicy(), clock: ContinuousClock())
    }

    /// Posts `message` to `channel` (an id like `C0123`, or a public channel's name); returns
    /// Slack's `ts` (nil through a webhook, which returns none).
    public func post(
        _ message: SlackMessage, to channel: String, metadata: SlackMetadata? = nil, threadTS: String? = nil
    ) async throws(DeliveryError) -> String? {
        if settings.botToken != nil {
            do {
                return try await postMessage(
                    message, blocks: true, channel: channel, metadata: metadata, thread: threadTS)
            } catch let error where error.code == .payload && !error.mayHaveBeenPosted {
                // Slack refused the blocks: the same words as plain text, split, never cut.
                return try await postPlainText(message, channel: channel, metadata: metadata, thread: threadTS)
            }
        }
        guard let webhook = settings.webhookURL else {
            throw DeliveryError(.authentication, "no Slack credentials: set SLACK_BOT_TOKEN (or SLACK_WEBHOOK_URL)")
        }
        try await postWebhook(message, to: webhook)
        return nil
    }

    private func postPlainText(
        _ message: SlackMessage, channel: String, metadata: SlackMetadata?, thread: String?
    ) async throws(DeliveryError) -> String? {
        var first: String?
        for chunk in SlackClient.plainTextChunks(message) {
            let ts = try await postMessage(
                SlackMessage(text: chunk, blocks: []), blocks: false, channel: channel, metadata: metadata,
                thread: thread ?? first)
            first = first ?? ts
        }
        return first
    }

    /// The message's words as plain text in pieces under Slack's recommended 4,000 characters,
    /// split between lines where it can and inside a line only when one line is longer.
    static func plainTextChunks(_ message: SlackMessage, limit: Int = 3_500) -> [String] {
        let blocks = message.blocks.isEmpty ? [message.text] : message.blocks.flatMap(\.plainLines)
        let pieces = blocks.flatMap { $0.split(separator: "\n", omittingEmptySubsequences: false) }.flatMap { line in
            stride(from: 0, to: max(line.count, 1), by: limit).map { start in
                String(line.dropFirst(start).prefix(limit))
            }
        }
        var chunks: [String] = []
        var current: String?
        for piece in pieces {
            if let text = current, text.count + 1 + piece.count <= limit {
                current = text + "\n" + piece
            } else {
                if let text = current { chunks.append(text) }
                current = piece
            }
        }
        if let text = current { chunks.append(text) }
        return chunks
    }

    private struct PostReply: Decodable {
        var ok: Bool
        var error: String?
        var ts: String?
        var needed: String?
    }

    private func postMessage(
        _ message: SlackMessage, blocks: Bool, channel: String, metadata: SlackMetadata?, thread: String?
    ) async throws(DeliveryError) -> String? {
        try await Self.pacer.wait(for: channel, interval: settings.minimumInterval)
        var body: [String: AnyEncodable] = [
            "channel": AnyEncodable(channel), "text": AnyEncodable(message.text),
            "unfurl_links": AnyEncodable(false), "unfurl_media": AnyEncodable(false),
        ]
        if blocks && !message.blocks.isEmpty { body["blocks"] = AnyEncodable(message.blocks) }
        if let metadata { body["metadata"] = AnyEncodable(metadata) }
        if let thread { body["thread_ts"] = AnyEncodable(thread) }
        let response = try await send(method: "chat.postMessage", body: body)
        guard let reply = try? JSONDecoder().decode(PostReply.self, from: response.body) else {
            // A 4xx that is not Slack's JSON (a wrong base URL's 404 page) posted nothing.
            let certain = (400..<500).contains(response.status)
            throw DeliveryError(
                certain ? .unavailable : .ambiguous,
                "Slack answered \(response.status) with a body that is not Slack's JSON"
                    + (certain ? " (check SLACK_API_BASE_URL)" : ""), mayHaveBeenPosted: !certain)
        }
        guard reply.ok else { throw Self.error(reply.error ?? "unknown_error", needed: reply.needed, channel: channel) }
        return reply.ts
    }

    /// The `ts` of the message in `channel` whose metadata carries `runKey`, posted since
    /// `oldest`; nil when there is none. Needs `channels:history` (or `groups:history`).
    public func findPost(runKey: String, in channel: String, oldest: Date) async throws(DeliveryError) -> String? {
        struct History: Decodable {
            struct Message: Decodable {
                struct Metadata: Decodable {
                    var eventType: String?
                    var eventPayload: [String: JSONValue]?
                    enum CodingKeys: String, CodingKey {
                        case eventType = "event_type"
                        case eventPayload = "event_payload"
                    }
                }
                var ts: String?
                var metadata: Metadata?
            }
            var ok: Bool
            var error: String?
            var needed: String?
            var messages: [Message]?
        }
        let query = [
            ("channel", channel), ("oldest", String(format: "%.6f", oldest.timeIntervalSince1970)),
            ("include_all_metadata", "true"), ("limit", "200"),
        ]
        let response = try await send(method: "conversations.history", query: query)
        guard let history = try? JSONDecoder().decode(History.self, from: response.body) else {
            throw DeliveryError(.unavailable, "Slack's conversations.history answer could not be read")
        }
        guard history.ok else {
            throw Self.error(history.error ?? "unknown_error", needed: history.needed, channel: channel)
        }
        return history.messages?.first {
            $0.metadata?.eventType == SlackMetadata.eventType
                && $0.metadata?.eventPayload?["run_key"] == .string(runKey)
        }?.ts
    }

    private func postWebhook(_ message: SlackMessage, to webhook: Secret) async throws(DeliveryError) {
        guard let url = URL(string: webhook.revealed) else {
            throw DeliveryError(.authentication, "SLACK_WEBHOOK_URL is not a URL")
        }
        try await Self.pacer.wait(for: "webhook", interval: settings.minimumInterval)
        let body = ["text": AnyEncodable(message.text), "blocks": AnyEncodable(message.blocks)]
        let response = try await send(url: url, body: body, label: "the Slack webhook", redacting: url)
        guard response.status == 200 else {
            let text = String(decoding: response.body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if response.status == 400 && !message.blocks.isEmpty {
                for chunk in Self.plainTextChunks(message) {
                    try await postWebhook(SlackMessage(text: chunk, blocks: []), to: webhook)
                }
                return
            }
            throw Self.error(text.isEmpty ? "http_\(response.status)" : text, needed: nil, channel: "the webhook's")
        }
    }

    // MARK: Wire

    private func send(method: String, body: [String: AnyEncodable]) async throws(DeliveryError) -> HTTPResponse {
        try await send(
            url: settings.apiBaseURL.appendingPathComponent(method), body: body, label: "Slack", redacting: nil)
    }

    private func send(method: String, query: [(String, String)]) async throws(DeliveryError) -> HTTPResponse {
        var components = URLComponents(
            url: settings.apiBaseURL.appendingPathComponent(method), resolvingAgainstBaseURL: false)!
        components.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) }
        return try await perform(
            HTTPRequest(url: components.url!, headers: authorization), label: "Slack", redacting: nil)
    }

    private var authorization: [(name: String, value: String)] {
        settings.botToken.map { [("Authorization", "Bearer \($0.revealed)")] } ?? []
    }

    private func send(url: URL, body: [String: AnyEncodable], label: String, redacting secret: URL?)
        async throws(DeliveryError) -> HTTPResponse
    {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(body) else {
            throw DeliveryError(.payload, "the message cannot be encoded")
        }
        // A post creates a message: never resent after an ambiguous failure.
        let request = HTTPRequest(
            method: "POST", url: url, headers: [("Content-Type", "application/json; charset=utf-8")] + authorization,
            body: data, isIdempotent: false)
        return try await perform(request, label: label, redacting: secret)
    }

    /// - Parameter secret: a URL that is itself a credential (a webhook's): never in a message.
    private func perform(_ request: HTTPRequest, label: String, redacting secret: URL?) async throws(DeliveryError)
        -> HTTPResponse
    {
        if request.headers.contains(where: { $0.name == "Authorization" }), !request.url.mayCarryCredentials {
            throw DeliveryError(
                .authentication,
                "SLACK_BOT_TOKEN is sent only over https or to a loopback address, not to \(settings.apiBaseURL.withoutUserInfo) (check SLACK_API_BASE_URL)"
            )
        }
        let response: HTTPResponse
        do {
            response = try await transport.send(request)
        } catch let error as TransportError {
            var message = error.message
            if let secret {
                for form in [secret.absoluteString, secret.pathAndQuery, secret.path] where !form.isEmpty {
                    message = message.replacingOccurrences(of: form, with: "<SLACK_WEBHOOK_URL>")
                }
            }
            throw DeliveryError(
                error.mayHaveBeenSent && !request.isIdempotent ? .ambiguous : .unavailable,
                "\(label) did not answer: \(message)",
                mayHaveBeenPosted: error.mayHaveBeenSent && !request.isIdempotent)
        } catch {
            throw DeliveryError(.unavailable, "\(label): \(error)")
        }
        if response.status == 429 {
            throw DeliveryError(.rateLimited, "\(label) kept rate-limiting (429); try again later")
        }
        if response.status >= 500 && !request.isIdempotent {
            throw DeliveryError(
                .ambiguous, "\(label) answered \(response.status); the post may or may not have been made",
                mayHaveBeenPosted: true)
        }
        return response
    }

    /// Slack's `error` as what to do about it.
    static func error(_ code: String, needed: String?, channel: String) -> DeliveryError {
        switch code {
        case "invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive":
            return DeliveryError(.authentication, "Slack rejected the token (\(code)); check SLACK_BOT_TOKEN")
        case "missing_scope":
            return DeliveryError(
                .scope, "the Slack app needs the \(needed ?? "chat:write") scope (missing_scope); add it and reinstall")
        case "channel_not_found":
            return DeliveryError(
                .channel,
                "Slack has no channel \(channel) the app can see (channel_not_found); use the channel's id (C…) and invite the app to private channels"
            )
        case "not_in_channel":
            return DeliveryError(
                .channel,
                "the app is not in \(channel) (not_in_channel); invite it (/invite @app) or add the chat:write.public scope"
            )
        case "is_archived", "restricted_action", "restricted_action_read_only_channel", "channel_is_archived":
            return DeliveryError(.channel, "\(channel) cannot be posted to (\(code))")
        case "invalid_blocks", "invalid_blocks_format", "msg_blocks_too_long", "msg_too_long", "invalid_payload",
            "too_many_attachments", "no_text":
            return DeliveryError(.payload, "Slack refused the message (\(code))")
        case "ratelimited", "rate_limited":
            return DeliveryError(.rateLimited, "Slack kept rate-limiting (\(code)); try again later")
        case "internal_error", "fatal_error", "service_unavailable", "request_timeout":
            return DeliveryError(
                .ambiguous, "Slack failed (\(code)); the post may or may not have been made", mayHaveBeenPosted: true)
        default:
            return DeliveryError(.unavailable, "Slack answered \(code)")
        }
    }
}

/// Keeps requests to one channel at least `interval` apart, across every client of the process.
actor ChannelPacer {
    private var next: [String: ContinuousClock.Instant] = [:]

    func wait(for channel: String, interval: Duration) async throws(DeliveryError) {
        let clock = ContinuousClock()
        // The slot is taken before sleeping, so concurrent callers queue one interval apart.
        let slot = max(clock.now, next[channel] ?? clock.now)
        next[channel] = slot + interval
        if slot > clock.now {
            do {
                try await clock.sleep(until: slot)
            } catch {
                throw DeliveryError(.unavailable, "cancelled")
            }
        }
    }
}

/// Any encodable value, for request bodies of mixed types.
struct AnyEncodable: Encodable, Sendable {
    private let encodeValue: @Sendable (any Encoder) throws -> Void

    init<Value: Encodable & Sendable>(_ value: Value) { encodeValue = { try value.encode(to: $0) } }

    func encode(to encoder: any Encoder) throws { try encodeValue(encoder) }
}

extension SlackBlock {
    /// The block's words as plain lines, for a text-only post.
    var plainLines: [String] {
        switch self {
        case .header(let text), .section(let text): [text]
        case .context(let elements): [elements.joined(separator: " · ")]
        case .divider: [""]
        }
    }
}
