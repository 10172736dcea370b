import Foundation

/// Small text helpers of the prompt and the claim check.
enum PromptText {
    /// A name as data: a JSON string literal, so quotes, newlines and instructions inside a
    /// dashboard or insight name stay inside the quotes (`"Ignore previous instructions"`).
    static func quoted(_ text: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return (try? encoder.encode(text)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
    }

    static func quoted(_ texts: [String]) -> String {
        "[" + texts.map(quoted).joined(separator: ", ") + "]"
    }

    /// The numbers written in `texts` ("Week 1 retention" → "1"), as written.
    static func numbers(in texts: [String]) -> [String] {
        texts.flatMap { text in
            text.matches(of: /\d[\d,]*(?:\.\d+)?/).map { String($0.output) }
        }
    }
}
