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
                "  \(finding.severity.rawValue.uppercased().padded(to: 8))  \(finding.kind.rawValue.padded(to: 9))  "
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
            var table = TextTable(Report.metricColumns)
            for row in rows { table.append(row.cells) }
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
