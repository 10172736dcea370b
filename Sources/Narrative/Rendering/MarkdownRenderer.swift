import Analysis

/// Markdown for a wiki page, a pull request or a chat that renders it.
public struct MarkdownRenderer: LayoutRenderer {
    public init() {}

    public func render(_ layout: ReportLayout) -> String {
        var out: [String] = []
        out.append("# \(layout.title)")
        out.append("")
        out.append("_Window: \(layout.window). Method: \(layout.method). Data as of \(layout.asOf)._")
        out.append("")
        let rest = layout.lead.dropFirst().map { escape($0.text) }
        out.append((["**\(escape(layout.lead.first?.text ?? layout.headline))**"] + rest).joined(separator: " "))
        for block in layout.narrative {
            out.append("")
            out.append("### \(block.title)")
            out.append("")
            out += block.statements.map { "- " + escape($0.text) }
        }

        for section in layout.sections {
            out.append("")
            out.append("## \(section.role == .metrics ? escape(section.title) : section.title)")
            out.append("")
            for block in section.blocks { out += lines(block) }
        }
        if !layout.footnotes.isEmpty {
            out.append("")
            out += layout.footnotes.map { "_\(escape($0))_" }
        }
        return out.joined(separator: "\n") + "\n"
    }

    private func lines(_ block: ReportLayout.Block) -> [String] {
        switch block {
        case .findings(let findings):
            if findings.isEmpty { return ["No findings."] }
            let header = [
                "| Severity | Kind | Insight | Series | Date | Value | Expected | Change | Compared with |",
                "|---|---|---|---|---|---:|---:|---:|---|",
            ]
            return header
                + findings.map {
                    row([
                        $0.severity.rawValue, $0.kind, $0.insight, $0.series, $0.date, $0.value, $0.expected,
                        $0.change, $0.comparison,
                    ])
                }
        case .table(let table):
            let alignment = table.columns.indices.map { table.numericColumns.contains($0) ? "---:" : "---" }
            return [row(table.columns), "|" + alignment.joined(separator: "|") + "|"] + table.rows.map(row)
        case .items(let items):
            return items.map { "- **\(escape($0.label))**: \(escape($0.text))" }
        case .paragraph(let text):
            return [escape(text)]
        }
    }

    private func row(_ cells: [String]) -> String {
        "| " + cells.map(escape).joined(separator: " | ") + " |"
    }

    /// Keeps PostHog names such as `$pageview` or `a|b` from breaking tables or emphasis.
    private func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if "|*_`[]<>".contains(character) { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }
}
