import Foundation
import Transport

/// Where and how the narrative's language model is asked: any server that speaks OpenAI's Chat
/// Completions (OpenAI, Ollama, vLLM, llama.cpp's server, LM Studio).
public struct LLMSettings: Sendable, Equatable {
    /// `OPENAI_BASE_URL`: the API root, `https://api.openai.com/v1` or e.g. `http://localhost:11434/v1`.
    public var baseURL: URL
    /// `OPENAI_API_KEY`; local servers need none.
    public var apiKey: Secret?
    /// `OPENAI_MODEL`; the seed's `gpt-4o-mini` by default.
    public var model: String
    /// Low, so the same facts give nearly the same prose.
    public var temperature: Double
    public var maximumCompletionTokens: Int
    /// One request's limit, and the whole narrative's across retries; after it, templates write it.
    public var requestTimeout: Duration
    public var totalTimeout: Duration
    /// Retries of 408/409/429/5xx and connection failures, honouring `Retry-After`.
    public var maximumRetries: Int

    public static let openAI = URL(string: "https://api.openai.com/v1")!

    public init(
        baseURL: URL = openAI, apiKey: Secret? = nil, model: String = "gpt-4o-mini", temperature: Double = 0.2,
        maximumCompletionTokens: Int = 1_500, requestTimeout: Duration = .seconds(30),
        totalTimeout: Duration = .seconds(60), maximumRetries: Int = 2
    ) {
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.model = model
        self.temperature = temperature
        self.maximumCompletionTokens = maximumCompletionTokens
        self.requestTimeout = requestTimeout
        self.totalTimeout = totalTimeout
        self.maximumRetries = maximumRetries
    }

    /// Whether a model can be asked at all: OpenAI's API needs a key; any other server is asked
    /// as configured (local servers need none).
    public var isUsable: Bool { apiKey != nil || baseURL != Self.openAI }
}

/// Why the model's answer could not be used; the templates then write the narrative, and the
/// report's footer gives `reason`. `detail` (the server's own message, which may quote part of a
/// key) goes to logs only.
public struct LLMError: Error, Sendable, Equatable, CustomStringConvertible {
    public let reason: String
    public let detail: String
    public init(_ reason: String, detail: String = "") {
        self.reason = reason
        self.detail = detail
    }
    public var description: String { reason }
}
