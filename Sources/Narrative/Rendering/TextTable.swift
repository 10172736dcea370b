/// Plain-text columns, each as wide as its widest cell (up to `maximumWidth`); trailing spaces
/// trimmed.
public struct TextTable: Sendable {
    private var rows: [[String]]
    private let rightAligned: Set<Int>
    private let maximumWidth: Int

    /// - Parameters:
    ///   - rightAligned: indices of columns to right-align (numbers).
    ///   - maximumWidth: the widest a column is padded to. A longer cell is written whole and
    ///     pushes the rest of its row right, so that one long name does not widen every row.
    public init(_ header: [String], rightAligned: Set<Int> = [], maximumWidth: Int = .max) {
        rows = [header]
        self.rightAligned = rightAligned
        self.maximumWidth = maximumWidth
    }

    public mutating func append(_ row: [String]) { rows.append(row) }

    /// The header and rows, one string per line.
    public var lines: [String] {
        let widths = rows[0].indices.map { column in
            min(maximumWidth, rows.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0)
        }
        return rows.map { row in
            var line = ""
            for (column, width) in widths.enumerated() {
                let cell = row.indices.contains(column) ? row[column] : ""
                let padding = String(repeating: " ", count: max(0, width - cell.count))
                line += (column == 0 ? "" : "  ") + (rightAligned.contains(column) ? padding + cell : cell + padding)
            }
            while line.last == " " { line.removeLast() }
            return line
        }
    }

    /// The lines joined, ending with a newline.
    public var text: String { lines.joined(separator: "\n") + "\n" }
}

extension String {
    func padded(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
