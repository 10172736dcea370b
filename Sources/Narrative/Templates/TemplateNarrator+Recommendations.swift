import Analysis

extension TemplateNarrator {
    /// What a person would do about a finding, with the numbers that make the case; nil when the
    /// finding suggests no action (a correlation, a rise that needs no attention).
    public func recommendation(_ finding: Finding) -> NarrativeStatement? {
        let value = NumberFormatting.value(finding.value, unit: finding.unit)
        let expected = NumberFormatting.value(finding.expected, unit: finding.unit)
        let size = finding.change.map(NumberFormatting.magnitude) ?? "n/a"
        let falling = (finding.change ?? 0) < 0
        let subject = finding.series == finding.insight ? finding.series : "\(finding.series) (\(finding.insight))"
        let driver = Self.driverClause(finding)
        let text: String?
        switch finding.detail {
        case .outlier:
            text =
                falling
                ? "Check tracking and outages for \(subject) on \(finding.date)\(driver): a one-day drop of \(size) is more often a broken event than lost users."
                : "Find the source of the spike in \(subject) on \(finding.date) (\(value) where \(expected) was expected\(driver)), a campaign, a bot or double counting, before reading it as growth."
        case .levelShift:
            text =
                falling
                ? "Look for a release, a form or a tracking change on \(finding.date): \(subject) stepped down \(size) and has stayed there\(driver)."
                : "Find what lifted \(subject) on \(finding.date)\(driver), a launch or a campaign, and whether it holds."
        case .funnelChange(let change):
            let step =
                change.explainingFrom.flatMap { from in change.explainingTo.map { "\(from) → \($0)" } }
            if falling, let split = change.split, abs(split.mix) > abs(split.rate) {
                let total = split.mix + split.rate
                let mover = split.mixValue.map {
                    " (the mix moved \((split.mixValueShareChange ?? 0) >= 0 ? "to" : "away from") \($0))"
                }
                text =
                    "Look at where the traffic of \(finding.insight) comes from\(mover ?? ""): overall conversion fell \(size), to \(value) from \(expected), and \(NumberFormatting.points(split.mix, scale: total)) of the \(NumberFormatting.points(total, scale: total)) points are the mix of segments, not a segment converting worse."
            } else if falling, let cell = change.explainingSegment {
                text =
                    "Check the \(cell.fromStep) → \(cell.toStep) step for \(cell.segment) in \(finding.insight): overall conversion fell \(size), to \(value) from \(expected), and \(cell.share >= 0.5 ? "most" : "the largest part") of the change is there."
            } else if falling, let step {
                text =
                    "Check the \(step) step of \(finding.insight): overall conversion fell \(size), to \(value) from \(expected), and most of the change is at that step."
            } else if falling {
                text = "Walk through \(finding.insight) step by step: overall conversion fell \(size), to \(value)."
            } else {
                text = nil
            }
        case .funnelStepGap:
            text =
                falling
                ? "Test \(finding.series) in \(finding.insight) by hand: that segment converts at \(value) against \(expected) for the others."
                : nil
        case .retentionGap:
            text =
                falling
                ? "Review what changed for people who joined from \(finding.date): \(finding.series) is \(value) against \(expected) for earlier cohorts."
                : nil
        case .growthAccounting:
            text =
                finding.value < 1
                ? "Growth is leaking in \(finding.insight) (quick ratio \(value)): win back dormant users or slow churn before buying more traffic."
                : nil
        case .trend(let trend):
            text =
                trend.growthPerWeek < 0
                ? "Find the cause of the slide in \(subject), \(NumberFormatting.magnitude(trend.growthPerWeek)) a week, before it compounds."
                : nil
        case .mixShift:
            text =
                "Check what changed for \(finding.series.replacingOccurrences(of: ": share of total", with: "")) in \(finding.insight): its share moved to \(value) from \(expected)."
        case .periodChange(let change):
            let when = change.windowDays.map { "in the \($0) days to \(finding.date)" } ?? "on \(finding.date)"
            text =
                falling ? "Check \(subject): it fell \(size) \(when), against the \(finding.comparison)\(driver)." : nil
        case .correlationPair, .coMovingGroup:
            text = nil
        }
        return text.map { NarrativeStatement($0, citing: [finding.id]) }
    }
}
