import Foundation
import Narrative

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

/// The explore views print numbers as reports do, through the product's one formatter.
enum Format {
    /// "1,234", "12.3", "0.457"; "–" when missing.
    static func number(_ value: Double?) -> String { NumberFormatting.cell(value) }

    /// "38.2%"; "–" when missing.
    static func percent(_ value: Double?) -> String { NumberFormatting.cell(value, unit: "percent") }
}
