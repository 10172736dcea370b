import Foundation

/// Output of the exploration commands: a table for people, or JSON for programs.
public enum PresentationFormat: String, Sendable, CaseIterable {
    case text, json
}

/// Something the CLI can print.
public protocol Presentable {
    func rendered(as format: PresentationFormat) throws -> String
}

enum PresentationJSON {
    static func encode<Value: Encodable>(_ value: Value) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }
}

enum Format {
    /// Numbers as a person reads them in a table: integers without ".0", others to 2 decimals.
    static func number(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "–" }
        if value.rounded() == value && abs(value) < 1e15 { return String(Int64(value)) }
        return String(format: "%.2f", value)
    }

    static func percent(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "–" }
        return String(format: "%.1f%%", value)
    }
}
