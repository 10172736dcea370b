import Analysis
import PostHog

/// How the templates word root cause by breakdown: the values that moved a total, the mix/rate
/// split of a pooled conversion change, and the value and step that carry it. NarrativeFact
/// prints the same numbers the same way, so that a model citing them passes the claim check.
extension TemplateNarrator {
    /// ", driven by newsletter (+82.5 of +83.7)" when one value carries half or more of a total's
    /// change; ", the largest part from google (+40 of +95), then direct (+30)" otherwise; empty
    /// for a finding without contributions.
    static func driverClause(_ finding: Finding) -> String {
        let parts = finding.detail.contributions.filter { $0.seriesKey != nil }
        guard let top = parts.first else { return "" }
        let whole = NumberFormatting.signed(finding.value - finding.expected, unit: finding.unit)
        let first = NumberFormatting.signed(top.change, unit: finding.unit)
        if top.share >= 0.5 { return ", driven by \(top.series) (\(first) of \(whole))" }
        let then = parts.dropFirst().first.map {
            ", then \($0.series) (\(NumberFormatting.signed($0.change, unit: finding.unit)))"
        }
        return ", the largest part from \(top.series) (\(first) of \(whole))\(then ?? "")"
    }

    /// "a fall of 1.0 points: 0.8 from the segments converting worse, 0.2 from the mix moving to
    /// Safari": the larger effect first; one against the change is "offset by"; an effect that
    /// rounds to nothing is said to be nothing.
    static func mixRateClause(_ split: FindingDetail.MixRateSplit) -> String {
        let total = split.mix + split.rate
        guard total != 0, total.isFinite else { return "" }
        let whole = NumberFormatting.points(total, scale: total)
        let rate = NumberFormatting.points(split.rate, scale: total)
        let mix = NumberFormatting.points(split.mix, scale: total)
        let rateWords = "the segments converting \(split.rate < 0 ? "worse" : "better")"
        let mixWords =
            split.mixValue.map { "the mix moving \((split.mixValueShareChange ?? 0) >= 0 ? "to" : "away from") \($0)" }
            ?? "the mix"
        let lead = "\(total < 0 ? "a fall" : "a rise") of \(whole) points"
        if isZero(mix) { return "\(lead), all from \(rateWords) (the mix of segments barely moved)" }
        if isZero(rate) { return "\(lead), all from \(mixWords) (each segment converted as before)" }
        let parts = [(split.rate, rate, rateWords), (split.mix, mix, mixWords)].sorted { abs($0.0) > abs($1.0) }
        let worded = parts.map { effect, text, words in
            effect.sign == total.sign ? "\(text) from \(words)" : "offset by \(text) from \(words)"
        }
        return "\(lead): \(worded.joined(separator: ", "))"
    }

    /// "most of the change at signup_started → Completed signup for Chrome" (or "the largest part
    /// of the change at …" when it carries less than half).
    static func segmentStepClause(_ cell: FindingDetail.SegmentStep) -> String {
        "\(cell.share >= 0.5 ? "most" : "the largest part") of the change at \(cell.fromStep) → \(cell.toStep) for \(cell.segment)"
    }

    /// True when a printed number is zero ("0.0", "0.00").
    private static func isZero(_ printed: String) -> Bool { !printed.contains { $0.isNumber && $0 != "0" } }

    /// A total of a breakdown driven by a value that has its own alert that day: the value's
    /// recommendation says what to do, the total's would repeat it.
    static func isDrivenByAlertedValue(_ finding: Finding, among alerts: [Finding]) -> Bool {
        guard let driver = finding.detail.contributions.first, driver.share >= 0.5, let key = driver.seriesKey else {
            return false
        }
        return alerts.contains {
            $0.insightID == finding.insightID && $0.seriesKey == key && $0.date == finding.date
                && isAboutAMetricsValues($0)
        }
    }

    /// One breakdown value's funnel change when the pooled funnel's change is traced to that
    /// value ("… for Chrome"): the pooled sentence tells it, and the value's finding stays in the
    /// table.
    static func isTracedByPooledFunnel(_ finding: Finding, among findings: [Finding]) -> Bool {
        guard case .funnelChange = finding.detail, let value = breakdown(of: finding.seriesKey) else { return false }
        return findings.contains { other in
            guard other.insightID == finding.insightID, case .funnelChange(let change) = other.detail,
                let cell = change.explainingSegment
            else { return false }
            return breakdown(of: cell.seriesKey) == value
        }
    }

    private static func breakdown(of key: SeriesKey) -> String? { key.parts.first { $0.name == "b" }?.value }
}
