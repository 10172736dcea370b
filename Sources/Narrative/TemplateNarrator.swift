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

    /// One sentence stating a finding and the numbers behind it. A verb carries the direction, so
    /// the number beside it is unsigned: "fell 37.2%", never "fell -37.2%".
    public func sentence(for finding: Finding) -> String {
        let value = NumberFormatting.value(finding.value, unit: finding.unit)
        let expected = NumberFormatting.value(finding.expected, unit: finding.unit)
        let signed = finding.change.map(NumberFormatting.change) ?? "n/a"
        let size = finding.change.map(NumberFormatting.magnitude) ?? "n/a"
        let verb = (finding.change ?? 0) < 0 ? "fell" : "rose"
        let subject = finding.series == finding.insight ? finding.series : "\(finding.series) (\(finding.insight))"
        switch finding.detail {
        case .levelShift:
            let step = (finding.change ?? 0) < 0 ? "stepped down" : "stepped up"
            return "\(subject) \(step) \(size) from \(finding.date): \(value) against \(expected) on average before."
        case .mixShift:
            return "\(subject) \(verb) to \(value) from \(expected) in the \(finding.comparison) (\(signed))."
        case .outlier:
            return "\(subject) \(verb) \(size) on \(finding.date): \(value) where \(expected) was expected."
        case .periodChange(let change):
            if let days = change.windowDays {
                return
                    "\(subject) \(verb) \(size) in the \(days) days to \(finding.date): \(value) a day against \(expected) in the \(finding.comparison)."
            }
            return
                "\(subject) \(verb) \(size) on \(finding.date): \(value) against \(expected) on the \(finding.comparison)."
        case .trend(let trend):
            let direction = trend.growthPerWeek < 0 ? "declining" : "growing"
            return
                "\(subject) is \(direction) \(NumberFormatting.magnitude(trend.growthPerWeek)) a week (\(expected) to \(value) along the \(finding.comparison))."
        case .funnelChange(let change):
            let step =
                change.explainingFrom.flatMap { from in
                    change.explainingTo.map { ", most of the change at \(from) → \($0)" }
                } ?? ""
            return "\(subject) \(verb) \(size) against the previous period: \(value) from \(expected)\(step)."
        case .funnelStepGap:
            return "\(subject) converts at \(value) against \(expected) for \(finding.comparison) (\(signed))."
        case .retentionGap:
            return
                "\(subject) of the newest cohorts is \(value) against \(expected) for \(finding.comparison) (\(signed))."
        case .growthAccounting(let growth):
            let gained = NumberFormatting.value(growth.new + growth.resurrecting)
            let lost = NumberFormatting.value(growth.dormant)
            let verdict =
                finding.value < 1 ? "losing users faster than it gains them" : "gaining more users than it loses"
            return
                "\(finding.insight): quick ratio \(value), \(gained) new or resurrecting against \(lost) gone dormant: \(verdict)."
        case .coMovingGroup:
            return "\(finding.series): \(finding.comparison) (correlation, not cause)."
        case .correlationPair:
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
