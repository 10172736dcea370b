import Foundation

/// An OpenAI-compatible Chat Completions server on loopback for tests: it hands each request to
/// a script, which answers with an assistant message (`answer`), an error, or anything else.
public final class FakeOpenAI: Sendable {
    /// What the script sees of a request.
    public struct ChatRequest: Sendable {
        public let index: Int
        public let system: String
        public let user: String
        /// `json_schema` or `json_object`.
        public let responseFormat: String?
        public let model: String?
        public let authorization: String?
    }

    public typealias Script = @Sendable (ChatRequest) -> ScriptedResponse

    public let server: LoopbackServer

    /// `http://127.0.0.1:PORT/v1`, what `OPENAI_BASE_URL` is set to.
    public var baseURL: URL { server.baseURL.appendingPathComponent("v1") }

    /// The chat requests received, in order.
    public var requests: [ChatRequest] { server.requests.enumerated().compactMap { Self.chat($1, index: $0) } }

    public init(script: @escaping Script) throws {
        let counter = Counter()
        server = try LoopbackServer { request in
            let index = counter.next()
            guard request.target.hasSuffix("/v1/chat/completions"), let chat = Self.chat(request, index: index)
            else { return .json(#"{"error":{"message":"not found"}}"#, status: 404) }
            return script(chat)
        }
    }

    deinit { server.stop() }

    /// A completion whose assistant message is `content` (JSON text).
    public static func answer(_ content: String, finishReason: String = "stop", refusal: String? = nil)
        -> ScriptedResponse
    {
        let message: [String: Any] = ["role": "assistant", "content": content, "refusal": refusal ?? NSNull()]
        let body: [String: Any] = [
            "id": "chatcmpl-test", "object": "chat.completion", "created": 1_764_000_000, "model": "gpt-4o-mini",
            "choices": [["index": 0, "finish_reason": finishReason, "message": message]],
            "usage": ["prompt_tokens": 700, "completion_tokens": 120, "total_tokens": 820],
        ]
        let data = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data()
        return ScriptedResponse(
            headers: ["Content-Type": "application/json", "x-request-id": "req_test"], body: data)
    }

    /// An OpenAI error body with `status`.
    public static func error(_ status: Int, _ message: String, headers: [String: String] = [:]) -> ScriptedResponse {
        let body = #"{"error":{"message":"\#(message)","type":"invalid_request_error","param":null,"code":null}}"#
        return ScriptedResponse(
            status: status, headers: ["Content-Type": "application/json"].merging(headers) { $1 },
            body: Data(body.utf8))
    }

    static func chat(_ request: ReceivedRequest, index: Int) -> ChatRequest? {
        guard let object = try? JSONSerialization.jsonObject(with: request.body) as? [String: Any],
            let messages = object["messages"] as? [[String: Any]]
        else { return nil }
        func content(_ role: String) -> String {
            messages.first { $0["role"] as? String == role }?["content"] as? String ?? ""
        }
        let format = (object["response_format"] as? [String: Any])?["type"] as? String
        return ChatRequest(
            index: index, system: content("system"), user: content("user"), responseFormat: format,
            model: object["model"] as? String, authorization: request.headers["authorization"])
    }
}
