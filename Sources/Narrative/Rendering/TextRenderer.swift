import Analysis

/// Plain text for a terminal or a log: summary, findings, a metrics table, skipped insights.
struct TextRenderer {
    func render(_ report: Report) -> String {
        var out: [String] = []
        out.append(report.title)
        out.append("Window: \(report.windowText) · method: \(report.method.rawValue) · data as of \(report.asOf)")
        out.append("")
        out.append(report.narrative.text)

        out.append("")
        out.append("Findings (\(report.findings.count))")
        if report.findings.isEmpty { out.append("  none") }
        for finding in report.findings {
            let change = finding.change.map(NumberFormatting.change) ?? ""
            out.append(
                "  \(finding.severity.rawValue.uppercased().padding(8))  \(finding.kind.rawValue.padding(9))  "
                    + "\(finding.insight) · \(finding.series)")
            out.append(
                "            \(finding.date): \(NumberFormatting.value(finding.value, unit: finding.unit)) vs "
                    + "\(NumberFormatting.value(finding.expected, unit: finding.unit)) \(change) (\(finding.comparison))"
            )
        }

        for dashboard in report.dashboards {
            let rows = report.metrics.filter { $0.dashboard == dashboard }
            guard !rows.isEmpty else { continue }
            out.append("")
            out.append("Metrics: \(dashboard)")
            let table = TextTable(header: ["Insight", "Series", "Period", "Value", "Change", "vs week ago", "Trend/wk"])
            for row in rows {
                table.append([
                    row.insight, row.series, row.period ?? "",
                    row.value.map { NumberFormatting.value($0, unit: row.unit) } ?? "no data",
                    row.change.map(NumberFormatting.change) ?? "",
                    row.weekAgoChange.map(NumberFormatting.change) ?? "",
                    row.growthPerWeek.map(NumberFormatting.change) ?? "",
                ])
            }
            out += table.lines.map { "  " + $0 }
        }

        if !report.skipped.isEmpty {
            out.append("")
            out.append("Skipped (\(report.skipped.count))")
            for skip in report.skipped { out.append("  \(skip.insight): \(skip.reason)") }
        }
        if let reason = report.narrative.fallbackReason {
            out.append("")
            out.append("Narrative by templates: \(reason)")
        }
        return out.joined(separator: "\n") + "\n"
    }
}

/// Columns padded to their widest cell.
final class TextTable {
    private var rows: [[String]]

    init(header: [String]) { rows = [header] }

    func append(_ row: [String]) { rows.append(row) }

    var lines: [String] {
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            zip(row, widths).map { $0.padding($1) }.joined(separator: "  ").trimmingTrailingSpaces()
        }
    }
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }

    func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
