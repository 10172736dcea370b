import Foundation
import PostHog
import Synchronization

/// Slack's Web API on loopback for tests: `chat.postMessage` records what it is sent and answers
/// `{"ok": true, "ts": …}` (or what a script says), `conversations.history` lists the posted
/// messages with their metadata, and `/webhook` takes incoming-webhook posts.
public final class FakeSlack: Sendable {
    public static let token = "xoxb-fake-bot-token-0123456789"

    /// A post Slack accepted (or, for a scripted failure, was sent).
    public struct Post: Sendable {
        public let index: Int
        public let method: String
        public let body: [String: JSONValue]
        public let authorization: String?

        public var channel: String? { body["channel"]?.string }
        public var text: String? { body["text"]?.string }
        public var hasBlocks: Bool {
            if case .array(let blocks)? = body["blocks"] { return !blocks.isEmpty }
            return false
        }
        public var runKey: String? {
            guard case .object(let metadata)? = body["metadata"], case .object(let payload)? = metadata["event_payload"]
            else { return nil }
            return payload["run_key"]?.string
        }
    }

    /// Answers the `index`-th request, or nil to answer as Slack would.
    public typealias Script = @Sendable (_ method: String, _ index: Int) -> ScriptedResponse?

    public let server: LoopbackServer
    private let accepted = Mutex<[(ts: String, channel: String, body: [String: JSONValue])]>([])

    /// `http://127.0.0.1:PORT/api`, what `SLACK_API_BASE_URL` is set to.
    public var apiBaseURL: URL { server.baseURL.appendingPathComponent("api") }
    public var webhookURL: URL { server.baseURL.appendingPathComponent("webhook") }

    /// Every request received, in order.
    public var requests: [Post] { server.requests.enumerated().map { Self.post($1, index: $0) } }
    /// The messages now in the channels (accepted posts).
    public var messages: [(ts: String, channel: String, body: [String: JSONValue])] { accepted.withLock { $0 } }

    public init(script: Script? = nil) throws {
        let counter = Counter()
        let box = Box()
        server = try LoopbackServer { request in
            let index = counter.next()
            let post = Self.post(request, index: index)
            if let scripted = script?(post.method, index) { return scripted }
            return box.owner?.answer(post, request: request) ?? .json(#"{"ok":false,"error":"fatal_error"}"#)
        }
        box.owner = self
    }

    deinit { server.stop() }

    private func answer(_ post: Post, request: ReceivedRequest) -> ScriptedResponse {
        if post.method == "webhook" {
            accepted.withLock { $0.append(("webhook", "webhook", post.body)) }
            return ScriptedResponse(headers: ["Content-Type": "text/plain"], body: Data("ok".utf8))
        }
        guard post.authorization == "Bearer \(Self.token)" else {
            return .json(#"{"ok":false,"error":"invalid_auth"}"#)
        }
        switch post.method {
        case "chat.postMessage":
            guard let channel = post.channel else { return .json(#"{"ok":false,"error":"channel_not_found"}"#) }
            let ts = accepted.withLock { messages in
                let ts = String(format: "1764000000.%06d", messages.count + 1)
                messages.append((ts, channel, post.body))
                return ts
            }
            return .json(#"{"ok":true,"channel":"\#(channel)","ts":"\#(ts)"}"#)
        case "conversations.history":
            let channel = URLComponents(string: request.target)?.queryItems?.first { $0.name == "channel" }?.value
            let list = messages.filter { $0.channel == channel }.reversed().map { message -> JSONValue in
                var item: [String: JSONValue] = ["ts": .string(message.ts), "text": message.body["text"] ?? .null]
                if let metadata = message.body["metadata"] { item["metadata"] = metadata }
                return .object(item)
            }
            let body: JSONValue = .object(["ok": .bool(true), "messages": .array(list)])
            return ScriptedResponse(body: (try? JSONEncoder().encode(body)) ?? Data())
        default:
            return .json(#"{"ok":false,"error":"unknown_method"}"#)
        }
    }

    static func post(_ request: ReceivedRequest, index: Int) -> Post {
        let path = String(request.target.prefix { $0 != "?" })
        let method = path.hasSuffix("/webhook") ? "webhook" : String(path.split(separator: "/").last ?? "")
        let object = (try? JSONDecoder().decode([String: JSONValue].self, from: request.body)) ?? [:]
        return Post(index: index, method: method, body: object, authorization: request.headers["authorization"])
    }

    /// Lets the server's handler reach the fake once it exists.
    private final class Box: @unchecked Sendable {
        // Written once, before the first request can arrive.
        var owner: FakeSlack?
    }
}
