import PostHog
import Stats

extension ThresholdAnalyser {
    /// Growth accounting over the window: totals per status and the quick ratio
    /// (new + resurrecting) / |dormant|; below 1 the product loses users faster than it gains them.
    func analyse(_ lifecycle: Lifecycle, _ context: Context) -> ([MetricSummary], [Finding]) {
        let periods = Self.reviewedPeriods(lifecycle.interval, days: context.days)
        func total(_ series: TimeSeries) -> Double {
            abs(Descriptive.sum(series.completePoints.suffix(periods).map { $0.value ?? .nan }))
        }
        let new = total(lifecycle.new)
        let returning = total(lifecycle.returning)
        let resurrecting = total(lifecycle.resurrecting)
        let dormant = total(lifecycle.dormant)
        let lastPeriod = lifecycle.new.completePoints.last?.period
        var rows = [("New", new), ("Returning", returning), ("Resurrecting", resurrecting), ("Dormant", dormant)].map {
            context.summary(series: "\($0.0) users (window total)", period: lastPeriod, value: $0.1, unit: "count")
        }
        guard dormant > 0, let lastPeriod else { return (rows, []) }
        let quickRatio = (new + resurrecting) / dormant
        // Its trend: Theil–Sen slope of the per-period quick ratio over the window, per week.
        let perPeriod = zip(
            zip(lifecycle.new.completePoints.suffix(periods), lifecycle.resurrecting.completePoints.suffix(periods)),
            lifecycle.dormant.completePoints.suffix(periods)
        ).map { gained, lost -> Double in
            guard let new = gained.0.value, let resurrecting = gained.1.value, let dormant = lost.value, dormant != 0
            else {
                return .nan
            }
            return (new + resurrecting) / abs(dormant)
        }
        let trendPerWeek = lifecycle.interval.periodsPerWeek.flatMap { perWeek in
            TheilSen.line(perPeriod).map { $0.slope * perWeek }
        }
        rows.append(
            context.summary(
                series: "Quick ratio", period: lastPeriod, value: quickRatio, growthPerWeek: trendPerWeek, unit: "ratio"
            ))
        let finding = context.finding(
            .lifecycle, series: "Quick ratio", key: SeriesKey([.init("m", "quick_ratio")]), date: lastPeriod,
            value: quickRatio, expected: 1, change: Descriptive.relativeChange(from: 1, to: quickRatio),
            severity: quickRatio < 1 ? .warning : .info, comparison: "break-even (gains equal losses)", unit: "ratio",
            detail: .growthAccounting(
                .init(
                    new: new, returning: returning, resurrecting: resurrecting, dormant: dormant,
                    quickRatioChangePerWeek: trendPerWeek)))
        return (rows, [finding])
    }
}
