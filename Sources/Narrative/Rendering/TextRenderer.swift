import Analysis

/// Plain text for a terminal or a log: summary, findings, a metrics table, skipped insights.
public struct TextRenderer: LayoutRenderer {
    public init() {}

    public func render(_ layout: ReportLayout) -> String {
        var out: [String] = []
        out.append(layout.title)
        out.append("Window: \(layout.window) · method: \(layout.method) · data as of \(layout.asOf)")
        out.append("")
        out.append(layout.lead.map(\.text).joined(separator: " "))
        for block in layout.narrative {
            out.append("")
            out.append(block.title)
            out += block.statements.map { "  - " + $0.text }
        }

        for section in layout.sections {
            out.append("")
            out.append(section.count.map { "\(section.title) (\($0))" } ?? section.title)
            for block in section.blocks { out += lines(block) }
        }
        if !layout.footnotes.isEmpty {
            out.append("")
            out += layout.footnotes
        }
        return out.joined(separator: "\n") + "\n"
    }

    private func lines(_ block: ReportLayout.Block) -> [String] {
        switch block {
        case .findings(let findings):
            if findings.isEmpty { return ["  none"] }
            return findings.flatMap { finding in
                [
                    "  \(finding.severity.rawValue.uppercased().padded(to: 8))  \(finding.kind.padded(to: 9))  "
                        + "\(finding.insight) · \(finding.series)",
                    "            \(finding.date): \(finding.value) vs \(finding.expected) \(finding.change) "
                        + "(\(finding.comparison))",
                ]
            }
        case .table(let table):
            var text = TextTable(table.columns)
            for row in table.rows { text.append(row) }
            return text.lines.map { "  " + $0 }
        case .items(let items):
            return items.map { "  \($0.label): \($0.text)" }
        case .paragraph(let text):
            return ["  " + text]
        }
    }
}
