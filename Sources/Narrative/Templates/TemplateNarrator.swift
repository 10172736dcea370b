import Analysis

/// Writes a report's prose from its findings with fixed sentence templates: deterministic, no
/// network, every number taken from the analysis. What users without AI credentials get, and what
/// replaces any section a model wrote that fails its check.
///
/// A daily alert has a headline, what changed, and recommendations; a weekly report an executive
/// summary, trends, user behaviour, what moved together across dashboards, recommendations and
/// early warnings. Every statement cites the findings it states.
public struct TemplateNarrator: Sendable {
    /// How many findings a list section spells out; the rest are counted.
    public var maximumSentences: Int
    /// How many recommendations at most.
    public var maximumRecommendations: Int

    public init(maximumSentences: Int = 5, maximumRecommendations: Int = 3) {
        self.maximumSentences = maximumSentences
        self.maximumRecommendations = maximumRecommendations
    }

    public func narrate(_ analysis: AnalysisResult, fallbackReason: String? = nil) -> NarrativeText {
        let sections = NarrativeSectionKey.sections(of: analysis.kind).map { section($0, of: analysis) }
        return NarrativeText(
            headline: sections.first?.statements.first?.text ?? "", sections: sections, fallbackReason: fallbackReason)
    }

    /// The template's version of one section.
    public func section(_ key: NarrativeSectionKey, of analysis: AnalysisResult) -> NarrativeSection {
        let alerts = analysis.findings.filter { $0.severity >= .warning }
        // A value's funnel change that the pooled funnel's change is traced to ("… for Chrome") is
        // told by the pooled sentence; its finding stays in the table and the counts.
        let told = analysis.findings.filter { !Self.isTracedByPooledFunnel($0, among: analysis.findings) }
        let toldAlerts = told.filter { $0.severity >= .warning }
        let statements: [NarrativeStatement]
        switch key {
        case .headline:
            statements = [lead(analysis, alerts: toldAlerts), overview(analysis, alerts: alerts)]
        case .executiveSummary:
            statements =
                [overview(analysis, alerts: alerts)] + toldAlerts.prefix(3).map(statement)
                + (toldAlerts.isEmpty ? [lead(analysis, alerts: toldAlerts)] : [])
        case .whatChanged:
            // The headline already told the top alert.
            let lead = toldAlerts.first?.id
            statements = listed(told.filter { $0.id != lead }) + notAnalysed(analysis)
        case .trends:
            // The executive summary told the top alerts; one-day spikes are not a course.
            let summary = Set(toldAlerts.prefix(3).map(\.id))
            statements = listed(told.filter { Self.isAboutAMetricsCourse($0) && !summary.contains($0.id) })
        case .userBehaviour:
            let summary = Set(toldAlerts.prefix(3).map(\.id))
            statements = listed(told.filter { Self.isAboutUsers($0) && !summary.contains($0.id) })
        case .crossDashboard:
            let moving = analysis.findings.filter { $0.kind == .correlation }
            statements =
                moving.isEmpty
                ? [NarrativeStatement("No metrics of different insights moved together beyond chance.")]
                : listed(moving)
        case .recommendations:
            // The product's own problems (conversion, retention, a level that stepped down, a slide)
            // come before one-day spikes, which are more often tracking than product; a total driven
            // by a value with its own alert is left to the value's.
            let recommended = toldAlerts.filter { !Self.isDrivenByAlertedValue($0, among: alerts) }
            let ordered = recommended.filter(Self.isProductProblem) + recommended.filter { !Self.isProductProblem($0) }
            statements = ordered.compactMap(recommendation).prefix(maximumRecommendations).map { $0 }
        case .earlyWarnings:
            // Worsening findings the sections above did not already tell (they list a few each).
            let summary = Set(toldAlerts.prefix(3).map(\.id))
            let listed = [Self.isAboutAMetricsCourse, Self.isAboutUsers].flatMap { about in
                told.filter { about($0) && !summary.contains($0.id) }.prefix(maximumSentences).map(\.id)
            }
            let already = summary.union(listed)
            statements = told.filter { Self.isWorsening($0) && !already.contains($0.id) }
                .prefix(maximumSentences).map(statement)
        }
        return NarrativeSection(key: key, source: .template, statements: statements)
    }

    /// The most important finding, or that nothing crossed a threshold.
    private func lead(_ analysis: AnalysisResult, alerts: [Finding]) -> NarrativeStatement {
        if let top = alerts.first { return statement(top) }
        return NarrativeStatement(
            "\(analysis.dashboards.joined(separator: " and ")): no metric crossed an alert threshold \(period(analysis))."
        )
    }

    /// "Daily check of X, up to DATE: 2 critical alerts and 4 warnings."
    private func overview(_ analysis: AnalysisResult, alerts: [Finding]) -> NarrativeStatement {
        let critical = alerts.filter { $0.severity == .critical }.count
        let counts =
            alerts.isEmpty
            ? "nothing crossed an alert threshold"
            : "\(count(critical, "critical alert")) and \(count(alerts.count - critical, "warning"))"
        let scope = analysis.dashboards.joined(separator: " and ")
        return NarrativeStatement(
            "\(analysis.kind == .daily ? "Daily check" : "Weekly report") of \(scope), \(period(analysis)): \(counts).")
    }

    private func period(_ analysis: AnalysisResult) -> String {
        analysis.window.map { analysis.kind == .daily ? "up to \($0.to)" : "\($0.from) to \($0.to)" }
            ?? "with no complete periods"
    }

    /// The first findings, one statement each, and how many more the table holds.
    private func listed(_ findings: [Finding]) -> [NarrativeStatement] {
        let told = findings.prefix(maximumSentences)
        var statements = told.map(statement)
        if findings.count > told.count {
            statements.append(
                NarrativeStatement("\(count(findings.count - told.count, "more finding")) in the table below."))
        }
        return statements
    }

    private func notAnalysed(_ analysis: AnalysisResult) -> [NarrativeStatement] {
        guard !analysis.skipped.isEmpty else { return [] }
        let names = analysis.skipped.map(\.insight).joined(separator: ", ")
        return [NarrativeStatement("Not analysed: \(names) (reasons below).")]
    }

    /// A statement of a finding. Names are data and keep their case ("iOS", "newsletter"), even
    /// at the start of a sentence.
    private func statement(_ finding: Finding) -> NarrativeStatement {
        NarrativeStatement(sentence(for: finding), citing: [finding.id])
    }

    /// Level shifts, trends and period changes of one metric: its course, not a one-day blip.
    static func isAboutAMetricsCourse(_ finding: Finding) -> Bool {
        switch finding.detail {
        case .levelShift, .trend, .periodChange: true
        default: false
        }
    }

    /// A change in a metric's values: a one-day spike or dip as well as its course.
    static func isAboutAMetricsValues(_ finding: Finding) -> Bool {
        if case .outlier = finding.detail { return true }
        return isAboutAMetricsCourse(finding)
    }

    /// A finding about the product rather than about tracking or traffic.
    static func isProductProblem(_ finding: Finding) -> Bool {
        switch finding.detail {
        case .funnelChange, .funnelStepGap, .retentionGap, .growthAccounting:
            (finding.change ?? 0) < 0 || finding.value < 1
        case .levelShift, .trend: (finding.change ?? 0) < 0
        default: false
        }
    }

    /// How people move through the product: funnels, retention, lifecycle, a segment's share.
    static func isAboutUsers(_ finding: Finding) -> Bool {
        switch finding.detail {
        case .funnelStepGap, .funnelChange, .retentionGap, .growthAccounting, .mixShift: true
        default: false
        }
    }

    /// Something getting worse that is not yet an emergency.
    static func isWorsening(_ finding: Finding) -> Bool {
        switch finding.detail {
        case .trend(let trend): trend.growthPerWeek < 0
        case .levelShift: (finding.change ?? 0) < 0
        case .retentionGap, .funnelChange: (finding.change ?? 0) < 0
        case .growthAccounting: finding.value < 1
        default: false
        }
    }

    /// One sentence stating a finding and the numbers behind it. A verb carries the direction, so
    /// the number beside it is unsigned: "fell 37.2%", never "fell -37.2%".
    public func sentence(for finding: Finding) -> String {
        let value = NumberFormatting.value(finding.value, unit: finding.unit)
        let expected = NumberFormatting.value(finding.expected, unit: finding.unit)
        let signed = finding.change.map(NumberFormatting.change) ?? "n/a"
        let size = finding.change.map(NumberFormatting.magnitude) ?? "n/a"
        let verb = (finding.change ?? 0) < 0 ? "fell" : "rose"
        // Without a relative change (an expectation of zero) the verb stands alone.
        let moved = finding.change == nil ? "moved" : "\(verb) \(size)"
        let perDay = finding.unit == "count" ? " a day" : ""
        let subject = finding.series == finding.insight ? finding.series : "\(finding.series) (\(finding.insight))"
        let driver = Self.driverClause(finding)
        switch finding.detail {
        case .levelShift:
            let step =
                finding.change == nil
                ? "shifted" : ((finding.change ?? 0) < 0 ? "stepped down" : "stepped up") + " \(size)"
            return "\(subject) \(step) from \(finding.date): \(value) against \(expected) on average before\(driver)."
        case .mixShift:
            return "\(subject) \(verb) to \(value) from \(expected) in the \(finding.comparison) (\(signed))."
        case .outlier:
            return "\(subject) \(moved) on \(finding.date): \(value) where \(expected) was expected\(driver)."
        case .periodChange(let change):
            if let days = change.windowDays {
                return
                    "\(subject) \(moved) in the \(days) days to \(finding.date): \(value)\(perDay) against \(expected) in the \(finding.comparison)\(driver)."
            }
            return
                "\(subject) \(moved) on \(finding.date): \(value) against \(expected) on the \(finding.comparison)\(driver)."
        case .trend(let trend):
            let direction = trend.growthPerWeek < 0 ? "declining" : "growing"
            return
                "\(subject) is \(direction) \(NumberFormatting.magnitude(trend.growthPerWeek)) a week (\(expected) to \(value) along the \(finding.comparison))."
        case .funnelChange(let change):
            let split = change.split.map { ", " + Self.mixRateClause($0) } ?? ""
            let step =
                change.explainingSegment.map { (split.isEmpty ? ", " : "; ") + Self.segmentStepClause($0) }
                ?? change.explainingFrom.flatMap { from in
                    change.explainingTo.map { ", most of the change at \(from) → \($0)" }
                } ?? ""
            return "\(subject) \(moved) against the previous period: \(value) from \(expected)\(split)\(step)."
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
