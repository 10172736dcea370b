import Analysis

/// Markdown for a wiki page, a pull request or a chat that renders it.
struct MarkdownRenderer {
    func render(_ report: Report) -> String {
        var out: [String] = []
        out.append("# \(report.title)")
        out.append("")
        out.append("_Window: \(report.windowText). Method: \(report.method.rawValue). Data as of \(report.asOf)._")
        out.append("")
        out.append("**\(escape(report.narrative.headline))**")
        out.append("")
        out.append(report.narrative.text)

        out.append("")
        out.append("## Findings")
        out.append("")
        if report.findings.isEmpty {
            out.append("No findings.")
        } else {
            out.append("| Severity | Kind | Insight | Series | Date | Value | Expected | Change | Compared with |")
            out.append("|---|---|---|---|---|---:|---:|---:|---|")
            for finding in report.findings {
                out.append(
                    row([
                        finding.severity.rawValue, finding.kind.rawValue, finding.insight, finding.series, finding.date,
                        NumberFormatting.value(finding.value, unit: finding.unit),
                        NumberFormatting.value(finding.expected, unit: finding.unit),
                        finding.change.map(NumberFormatting.change) ?? "", finding.comparison,
                    ]))
            }
        }

        for dashboard in report.dashboards {
            let rows = report.metrics.filter { $0.dashboard == dashboard }
            guard !rows.isEmpty else { continue }
            out.append("")
            out.append("## Metrics: \(escape(dashboard))")
            out.append("")
            out.append(row(Report.metricColumns))
            out.append("|---|---|---|---:|---:|---:|---:|")
            for metric in rows { out.append(row(metric.cells)) }
        }

        if !report.skipped.isEmpty {
            out.append("")
            out.append("## Skipped")
            out.append("")
            for skip in report.skipped { out.append("- **\(escape(skip.insight))**: \(escape(skip.reason))") }
        }
        if let reason = report.narrative.fallbackReason {
            out.append("")
            out.append("_Narrative written by templates: \(escape(reason))._")
        }
        return out.joined(separator: "\n") + "\n"
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
