import Foundation
import Logging
import PostHog
import Transport

/// One answer of the model.
public struct Completion: Sendable, Equatable {
    /// The assistant message's text (JSON, as asked).
    public var content: String
    public var model: String?
    public var requestID: String?
    public var promptTokens: Int?
    public var completionTokens: Int?
}

/// OpenAI Chat Completions over dashbrief's transport: structured output with a strict
/// `json_schema`, falling back to JSON mode with the schema in the prompt for servers that reject
/// it; retries per `RetryPolicy` (at most `maximumRetries`, never on 400/401/403); a per-request
/// and a total time limit. `finish_reason: length`, a refusal or an empty answer are failures.
/// Usage and the request id are logged at debug level; the key never is.
public struct ChatCompletionsClient: Sendable {
    public let settings: LLMSettings
    let transport: any Transport
    let logger: Logger

    /// - Parameter transport: the wire; by default libcurl with the request timeout, inside
    ///   retries with the settings' budget.
    public init(settings: LLMSettings, transport: (any Transport)? = nil, logger: Logger = Logger(label: "dashbrief")) {
        self.settings = settings
        self.logger = logger
        self.transport =
            transport
            ?? RetryingTransport(
                base: CurlTransport(options: .init(totalTimeout: settings.requestTimeout, userAgent: "dashbrief")),
                policy: RetryPolicy(maxRetries: settings.maximumRetries), clock: ContinuousClock())
    }

    /// Asks for an answer matching `schema`, within the total time limit.
    public func complete(system: String, user: String, schema: JSONValue) async throws(LLMError) -> Completion {
        let limit = settings.totalTimeout
        do {
            return try await withThrowingTaskGroup(of: Completion.self) { group in
                group.addTask { try await self.completeWithoutLimit(system: system, user: user, schema: schema) }
                group.addTask {
                    try await Task.sleep(for: limit)
                    throw LLMError("no answer within \(Self.seconds(limit)) s")
                }
                defer { group.cancelAll() }
                guard let first = try await group.next() else { throw LLMError("no answer") }
                return first
            }
        } catch let error as LLMError {
            throw error
        } catch is CancellationError {
            throw LLMError("cancelled")
        } catch {
            throw LLMError(String(describing: error))
        }
    }

    private func completeWithoutLimit(system: String, user: String, schema: JSONValue) async throws -> Completion {
        let strict = try await send(body(system: system, user: user, schema: schema, strict: true))
        if let answer = try strict.answer() { return answer }
        // Servers without structured output refuse the response format: ask in JSON mode, with the
        // schema in the instructions.
        let withSchema = system + "\n\nThe JSON object must match this JSON Schema:\n" + Self.text(of: schema)
        let plain = try await send(body(system: withSchema, user: user, schema: schema, strict: false))
        guard let answer = try plain.answer() else { throw LLMError("the server rejected JSON mode too") }
        return answer
    }

    private func body(system: String, user: String, schema: JSONValue, strict: Bool) -> JSONValue {
        let format: JSONValue =
            strict
            ? .object([
                "type": .string("json_schema"),
                "json_schema": .object(["name": .string("narrative"), "strict": .bool(true), "schema": schema]),
            ])
            : .object(["type": .string("json_object")])
        return .object([
            "model": .string(settings.model), "temperature": .number(settings.temperature),
            "max_completion_tokens": .number(Double(settings.maximumCompletionTokens)),
            "messages": .array([
                .object(["role": .string("system"), "content": .string(system)]),
                .object(["role": .string("user"), "content": .string(user)]),
            ]),
            "response_format": format,
        ])
    }

    /// The server's reply to one request body.
    private struct Reply {
        let response: HTTPResponse
        let logger: Logger

        /// The completion; nil when the server rejected the response format (try JSON mode).
        func answer() throws -> Completion? {
            let status = response.status
            guard (200..<300).contains(status) else {
                let detail = ChatCompletionsClient.errorMessage(response.body)
                let lowered = (detail ?? "").lowercased()
                if [400, 422].contains(status),
                    ["response_format", "json_schema", "schema", "grammar"].contains(where: lowered.contains)
                {
                    return nil
                }
                let hint =
                    switch status {
                    case 401: " (check OPENAI_API_KEY)"
                    case 403: " (the key may not allow this model)"
                    case 404: " (check OPENAI_BASE_URL and OPENAI_MODEL)"
                    default: ""
                    }
                throw LLMError("the model's server answered \(status)\(hint)", detail: detail ?? "")
            }
            return try ChatCompletionsClient.parse(response, logger: logger)
        }
    }

    private func send(_ body: JSONValue) async throws -> Reply {
        var url = settings.baseURL
        url.appendPathComponent("chat/completions")
        var headers: [(name: String, value: String)] = [("Content-Type", "application/json")]
        if let key = settings.apiKey {
            // A base URL can come from a committed config file: the key goes over https, or over
            // plain http only to this machine.
            guard Self.mayCarryKey(settings.baseURL) else {
                throw LLMError(
                    "OPENAI_API_KEY is sent only over https or to a loopback address, not to "
                        + settings.baseURL.withoutUserInfo)
            }
            headers.append(("Authorization", "Bearer \(key.revealed)"))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // A completion creates nothing on the server: sending it again is safe.
        let request = HTTPRequest(
            method: "POST", url: url, headers: headers, body: try encoder.encode(body), isIdempotent: true)
        do {
            return Reply(response: try await transport.send(request), logger: logger)
        } catch let error as TransportError {
            throw LLMError(
                "the model's server could not be reached at \(settings.baseURL.withoutUserInfo): \(error.message)")
        }
    }

    static func parse(_ response: HTTPResponse, logger: Logger) throws -> Completion {
        struct Body: Decodable {
            struct Choice: Decodable {
                struct Message: Decodable {
                    var content: String?
                    var refusal: String?
                }
                var message: Message
                var finishReason: String?

                enum CodingKeys: String, CodingKey {
                    case message
                    case finishReason = "finish_reason"
                }
            }
            struct Usage: Decodable {
                var promptTokens: Int?
                var completionTokens: Int?

                enum CodingKeys: String, CodingKey {
                    case promptTokens = "prompt_tokens"
                    case completionTokens = "completion_tokens"
                }
            }
            var choices: [Choice]
            var model: String?
            var usage: Usage?
        }
        guard let body = try? JSONDecoder().decode(Body.self, from: response.body), let choice = body.choices.first
        else { throw LLMError("the model's server sent an answer that is not a chat completion") }
        if let refusal = choice.message.refusal, !refusal.isEmpty { throw LLMError("the model refused") }
        if choice.finishReason == "length" { throw LLMError("the answer was cut off (finish_reason: length)") }
        if choice.finishReason == "content_filter" {
            throw LLMError("the answer was filtered (finish_reason: content_filter)")
        }
        guard let content = choice.message.content, !content.isEmpty else { throw LLMError("the answer was empty") }
        let completion = Completion(
            content: content, model: body.model, requestID: response.headers["x-request-id"],
            promptTokens: body.usage?.promptTokens, completionTokens: body.usage?.completionTokens)
        logger.debug(
            "llm answer",
            metadata: [
                "model": "\(completion.model ?? "?")", "request_id": "\(completion.requestID ?? "?")",
                "prompt_tokens": "\(completion.promptTokens ?? 0)",
                "completion_tokens": "\(completion.completionTokens ?? 0)",
            ])
        return completion
    }

    /// `error.message` of OpenAI's error body, if any.
    static func errorMessage(_ body: Data) -> String? {
        struct Envelope: Decodable {
            struct Inner: Decodable { var message: String? }
            var error: Inner?
        }
        return (try? JSONDecoder().decode(Envelope.self, from: body))?.error?.message
    }

    static func text(of value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    static func seconds(_ duration: Duration) -> Int { Int(duration.components.seconds) }

    /// https anywhere, or http to this machine.
    public static func mayCarryKey(_ url: URL) -> Bool { url.mayCarryCredentials }
}
