import Foundation
import PostHog

/// The JSON Schema of the model's answer: one key per section, each a list of statements with
/// the aliases they cite. Strict-mode rules: every property required, no extra properties.
enum NarrativeSchema {
    static func schema(for sections: [NarrativeSectionKey]) -> JSONValue {
        let statement: JSONValue = .object([
            "type": .string("object"), "additionalProperties": .bool(false),
            "required": .array([.string("text"), .string("cites")]),
            "properties": .object([
                "text": .object(["type": .string("string")]),
                "cites": .object(["type": .string("array"), "items": .object(["type": .string("string")])]),
            ]),
        ])
        var properties: [String: JSONValue] = [:]
        for section in sections {
            properties[section.rawValue] = .object(["type": .string("array"), "items": statement])
        }
        return .object([
            "type": .string("object"), "additionalProperties": .bool(false),
            "required": .array(sections.map { .string($0.rawValue) }), "properties": .object(properties),
        ])
    }

    /// The answer's statements by section; nil when it is not the JSON asked for.
    static func parse(_ content: String) -> [NarrativeSectionKey: [DraftStatement]]? {
        guard let data = content.data(using: .utf8),
            let object = try? JSONDecoder().decode([String: [Statement]].self, from: data)
        else { return nil }
        var sections: [NarrativeSectionKey: [DraftStatement]] = [:]
        for (key, statements) in object {
            guard let section = NarrativeSectionKey(rawValue: key) else { continue }
            sections[section] = statements.map { DraftStatement(text: $0.text, cites: $0.cites ?? []) }
        }
        return sections
    }

    private struct Statement: Decodable {
        var text: String
        var cites: [String]?
    }
}
