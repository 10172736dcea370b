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

/// Columns padded to their widest cell; numbers are right-aligned by the caller's choice.
struct Columns {
    var rows: [[String]]
    var rightAligned: Set<Int> = []

    init(_ header: [String], rightAligned: Set<Int> = []) {
        rows = [header]
        self.rightAligned = rightAligned
    }

    mutating func append(_ row: [String]) { rows.append(row) }

    var text: String {
        let widths = rows[0].indices.map { column in
            rows.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0
        }
        return rows.map { row in
            var line = ""
            for (column, width) in widths.enumerated() {
                let cell = row.indices.contains(column) ? row[column] : ""
                let pad = String(repeating: " ", count: max(0, width - cell.count))
                line += (column == 0 ? "" : "  ") + (rightAligned.contains(column) ? pad + cell : cell + pad)
            }
            while line.last == " " { line.removeLast() }
            return line
        }.joined(separator: "\n") + "\n"
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
