import Analysis

/// Writes a report's prose from its findings with fixed sentence templates: deterministic, no
/// network, every number taken from the analysis. Used when no LLM is configured, when the call
/// fails, and when a model's text misstates a number.
public struct TemplateNarrator: Sendable {
    /// How many findings the summary spells out; the rest are counted.
    public var maximumSentences: Int

    public init(maximumSentences: Int = 5) {
        self.maximumSentences = maximumSentences
    }

    public func narrate(_ analysis: AnalysisResult, fallbackReason: String? = nil) -> NarrativeText {
        let scope = analysis.dashboards.joined(separator: " and ")
        let period =
            analysis.window.map { analysis.kind == .daily ? "up to \($0.to)" : "\($0.from) to \($0.to)" }
            ?? "with no complete periods"
        let alerts = analysis.findings.filter { $0.severity >= .warning }
        let critical = alerts.filter { $0.severity == .critical }.count
        let headline: String
        if let top = alerts.first {
            headline = sentence(for: top)
        } else {
            headline = "\(scope): no metric crossed an alert threshold \(period)."
        }

        var lines: [String] = []
        let counts =
            alerts.isEmpty
            ? "nothing crossed an alert threshold"
            : "\(count(critical, "critical alert")) and \(count(alerts.count - critical, "warning"))"
        lines.append("\(analysis.kind == .daily ? "Daily check" : "Weekly report") of \(scope), \(period): \(counts).")
        let told = analysis.findings.prefix(maximumSentences)
        for finding in told {
            lines.append("- \(sentence(for: finding))")
        }
        if analysis.findings.count > told.count {
            lines.append("- \(count(analysis.findings.count - told.count, "more finding")) in the table below.")
        }
        if !analysis.skipped.isEmpty {
            let names = analysis.skipped.map(\.insight).joined(separator: ", ")
            lines.append("Not analysed: \(names) (reasons below).")
        }
        return NarrativeText(
            source: .template, headline: headline, text: lines.joined(separator: "\n"), fallbackReason: fallbackReason)
    }

    /// One sentence stating a finding and the numbers behind it.
    public func sentence(for finding: Finding) -> String {
        let value = NumberFormatting.value(finding.value, unit: finding.unit)
        let expected = NumberFormatting.value(finding.expected, unit: finding.unit)
        let change = finding.change.map(NumberFormatting.change) ?? "n/a"
        let subject = finding.series == finding.insight ? finding.series : "\(finding.series) (\(finding.insight))"
        switch finding.kind {
        case .change, .anomaly, .threshold:
            let verb = (finding.change ?? 0) < 0 ? "fell" : "rose"
            if finding.details?["level_shift"] != nil {
                return
                    "\(subject) shifted \(change) from \(finding.date): \(value) against \(expected) on average before."
            }
            if finding.details?["mix_shift"] != nil {
                return "\(subject) \(verb) to \(value) from \(expected) in the \(finding.comparison) (\(change))."
            }
            if finding.kind == .anomaly {
                return "\(subject) \(verb) \(change) on \(finding.date): \(value) where \(expected) was expected."
            }
            if let days = finding.details?["window_days"] {
                return
                    "\(subject) \(verb) \(change) in the \(Int(days)) days to \(finding.date): \(value) a day against \(expected) in the \(finding.comparison)."
            }
            return
                "\(subject) \(verb) \(change) on \(finding.date): \(value) against \(expected) on the \(finding.comparison)."
        case .trend:
            let weekly = finding.details?["growth_per_week"].map(NumberFormatting.change) ?? change
            let direction = (finding.details?["growth_per_week"] ?? 0) < 0 ? "declining" : "growing"
            return
                "\(subject) is \(direction) \(weekly) a week (\(expected) to \(value) along the \(finding.comparison))."
        case .funnel:
            if finding.comparison.hasPrefix("previous period") {
                let verb = (finding.change ?? 0) < 0 ? "fell" : "rose"
                let step = finding.comparison.components(separatedBy: "; ").dropFirst().first.map { ", \($0)" } ?? ""
                return "\(subject) \(verb) \(change) against the previous period: \(value) from \(expected)\(step)."
            }
            return "\(subject) converts at \(value) against \(expected) for \(finding.comparison) (\(change))."
        case .retention:
            return
                "\(subject) of the newest cohorts is \(value) against \(expected) for \(finding.comparison) (\(change))."
        case .lifecycle:
            let details = finding.details ?? [:]
            let gained = NumberFormatting.value((details["new"] ?? 0) + (details["resurrecting"] ?? 0))
            let lost = NumberFormatting.value(details["dormant"] ?? 0)
            let verdict =
                finding.value < 1 ? "losing users faster than it gains them" : "gaining more users than it loses"
            return
                "\(finding.insight): quick ratio \(value), \(gained) new or resurrecting against \(lost) gone dormant: \(verdict)."
        case .correlation where finding.details?["group_size"] != nil:
            return "\(finding.series): \(finding.comparison) (correlation, not cause)."
        case .correlation:
            let direction = finding.value < 0 ? "opposite to" : "with"
            let r = NumberFormatting.grouped(finding.value, decimals: 2)
            return
                "\(subject) moves \(direction) \(finding.comparison) (r = \(r) after trend and weekday; correlation, not cause)."
        }
    }

    private func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }
}
