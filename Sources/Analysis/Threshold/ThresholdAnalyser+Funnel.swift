import PostHog
import Stats

extension ThresholdAnalyser {
    /// Conversion per step; with a breakdown, each value against all values together.
    func analyse(_ funnels: [Funnel], _ context: Context) -> ([MetricSummary], [Finding]) {
        guard let stepCount = funnels.first?.steps.count, stepCount >= 2 else { return ([], []) }
        let names = funnels[0].steps.map(\.name)
        // Everyone: step counts summed over breakdown values.
        let totals = (0..<stepCount).map { index in
            funnels.reduce(0) { $0 + ($1.steps.count > index ? $1.steps[index].count : 0) }
        }
        var rows: [MetricSummary] = []
        for index in 1..<stepCount {
            rows.append(
                context.summary(
                    series: "\(names[index - 1]) → \(names[index])",
                    value: percent(totals[index], of: totals[index - 1]),
                    unit: "percent"))
        }
        let overall = percent(totals[stepCount - 1], of: totals[0])
        var previousOverall: Double?
        if case .funnel(let previous)? = context.insight.previous, previous.allSatisfy({ $0.steps.count == stepCount })
        {
            let before = (0..<stepCount).map { index in previous.reduce(0) { $0 + $1.steps[index].count } }
            previousOverall = percent(before[stepCount - 1], of: before[0])
        }
        let change = previousOverall.flatMap { before in
            overall.flatMap { Descriptive.relativeChange(from: before, to: $0) }
        }
        rows.append(
            context.summary(
                series: "Overall conversion", value: overall, previous: previousOverall, change: change,
                comparison: previousOverall == nil ? nil : "previous period", unit: "percent"))
        guard funnels.count > 1 else { return (rows, []) }

        var findings: [Finding] = []
        for funnel in funnels where funnel.steps.count == stepCount {
            let label = funnel.breakdown ?? "(no value)"
            rows.append(
                context.summary(
                    series: "Overall conversion · \(label)",
                    value: percent(funnel.steps[stepCount - 1].count, of: funnel.steps[0].count), unit: "percent"))
            for index in 1..<stepCount {
                let entered = funnel.steps[index - 1].count
                guard entered >= settings.minimumVolume,
                    let rate = percent(funnel.steps[index].count, of: entered),
                    let reference = percent(totals[index], of: totals[index - 1]),
                    let gap = Descriptive.relativeChange(from: reference, to: rate),
                    abs(gap) >= settings.funnelGap
                else { continue }
                findings.append(
                    context.finding(
                        .funnel, series: "\(names[index - 1]) → \(names[index]) · \(label)",
                        key: funnel.key(step: String(index)), date: context.insight.asOfDay, value: rate,
                        expected: reference, change: gap,
                        severity: abs(gap) >= settings.criticalChange ? .critical : .warning,
                        comparison: "all values together", unit: "percent",
                        detail: .funnelStepGap(
                            .init(
                                step: index, fromStep: names[index - 1], toStep: names[index], entered: entered,
                                converted: funnel.steps[index].count))))
            }
        }
        return (rows, findings)
    }

    func percent(_ part: Double, of whole: Double) -> Double? {
        whole > 0 ? 100 * part / whole : nil
    }
}

extension InsightMetrics {
    /// The local day the data was computed on.
    var asOfDay: String { Timestamp.localDay(asOf, in: timezone) }
}
