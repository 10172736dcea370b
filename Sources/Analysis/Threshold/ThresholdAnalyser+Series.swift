import Foundation
import PostHog
import Stats

extension ThresholdAnalyser {
    /// Period-over-period change and trend line of one time series.
    /// - Parameter total: when `series` is the total of a breakdown, its values: a change finding
    ///   then says what every value added to it (each value's mean over the same periods minus
    ///   its mean over the compared ones, which add up to the total's change exactly).
    /// - Parameter judging: false for the metrics table row alone (see `analyse(_:kind:days:judging:charts:)`).
    func analyse(
        _ series: TimeSeries, _ context: Context, total: BreakdownTotal? = nil, judging: Bool = true
    ) -> (MetricSummary, [Finding]) {
        let unit = series.measure == "conversion" ? "percent" : (series.isCount ? "count" : "value")
        let known = series.completePoints.filter { $0.value != nil }
        guard let latest = known.last, let latestValue = latest.value else {
            return (context.summary(series: series.name, unit: unit), [])
        }

        let comparison: Comparison
        var weekAgo: Point?
        if context.kind == .weekly && series.interval == .day {
            let lastWeek = known.suffix(7)
            let weekBefore = known.dropLast(7).suffix(7)
            comparison = Comparison(
                label: "7 days before (daily average)",
                previous: weekBefore.count == 7 ? Descriptive.mean(weekBefore.compactMap(\.value)) : nil,
                period: latest.period, firstPeriod: lastWeek.first?.period, current: lastWeek.map(\.period),
                reference: weekBefore.map(\.period))
            let current = Descriptive.mean(lastWeek.compactMap(\.value)) ?? latestValue
            return seriesResult(
                series, context, unit: unit, value: current, comparison: comparison, weekAgo: nil, averagedDays: 7,
                total: total, judging: judging)
        }
        let previous = known.dropLast().last
        if series.interval == .day {
            weekAgo = known.last { abs(latest.start.timeIntervalSince($0.start) - 7 * 86_400) <= 3_600 }
        }
        comparison = Comparison(
            label: "previous \(series.interval.rawValue)", previous: previous?.value, period: latest.period,
            firstPeriod: nil, current: [latest.period], reference: previous.map { [$0.period] } ?? [])
        return seriesResult(
            series, context, unit: unit, value: latestValue, comparison: comparison, weekAgo: weekAgo, total: total,
            judging: judging)
    }

    /// What a series' latest value (or mean) is compared with.
    struct Comparison {
        let label: String
        let previous: Double?
        let period: String
        /// The first of averaged periods, when the comparison is about a range.
        let firstPeriod: String?
        /// The periods compared: the latest (or averaged) ones, and the earlier ones.
        let current: [String]
        let reference: [String]
    }

    private func seriesResult(
        _ series: TimeSeries, _ context: Context, unit: String, value: Double, comparison: Comparison,
        weekAgo: Point?, averagedDays: Int? = nil, total: BreakdownTotal? = nil, judging: Bool
    ) -> (MetricSummary, [Finding]) {
        let change = comparison.previous.flatMap { Descriptive.relativeChange(from: $0, to: value) }
        let weekAgoChange = weekAgo?.value.flatMap { Descriptive.relativeChange(from: $0, to: value) }
        let trend = trendLine(series, context)
        let summary = context.summary(
            series: series.name, period: comparison.period, value: value, previous: comparison.previous, change: change,
            comparison: comparison.label, weekAgo: weekAgo?.value, weekAgoChange: weekAgoChange,
            growthPerWeek: trend?.growthPerWeek, unit: unit)
        guard judging else { return (summary, []) }

        var findings: [Finding] = []
        // Daily series alert on the weekly comparison when there is one (see the type's note).
        let alerting: (label: String, expected: Double, change: Double, reference: [String])? =
            if let weekAgo, let weekAgoValue = weekAgo.value, let weekAgoChange {
                ("same weekday a week earlier", weekAgoValue, weekAgoChange, [weekAgo.period])
            } else if let previous = comparison.previous, let change {
                (comparison.label, previous, change, comparison.reference)
            } else { nil }
        let rule = settings.overrides.merged(insight: context.insight, series: series.name, key: series.key)
        let minimumVolume = rule?.minimumVolume ?? settings.minimumVolume
        if let alerting,
            let severity = settings.severity(ofChange: alerting.change, sensitivity: rule?.sensitivity ?? 1),
            !series.isCount || max(value, alerting.expected) >= minimumVolume
        {
            let contributions =
                total.flatMap { total in
                    total.changes(current: comparison.current, reference: alerting.reference).map {
                        total.contributions($0)
                    }
                } ?? []
            // A comparison of averaged days is about the range, which its id names.
            findings.append(
                context.finding(
                    .change, series: series.name, key: series.key, date: comparison.period,
                    period: comparison.firstPeriod.map { "\($0)..\(comparison.period)" }, value: value,
                    expected: alerting.expected, change: alerting.change, severity: severity,
                    comparison: alerting.label, unit: unit,
                    detail: .periodChange(.init(windowDays: averagedDays, contributions: contributions))))
        }
        // A trend must explain some of the variation (R² ≥ 0.3) and, for counts, stand on enough volume.
        if let trend, abs(trend.growthPerWeek) >= settings.trendPerWeek, trend.fit.rSquared >= 0.3,
            !series.isCount || trend.fit.meanY >= settings.minimumVolume
        {
            findings.append(
                context.finding(
                    .trend, series: series.name, key: series.key, date: trend.lastPeriod,
                    period: "\(trend.firstPeriod)..\(trend.lastPeriod)", value: trend.endValue,
                    expected: trend.startValue,
                    change: Descriptive.relativeChange(from: trend.startValue, to: trend.endValue),
                    severity: abs(trend.growthPerWeek) >= 2 * settings.trendPerWeek ? .warning : .info,
                    comparison: "least-squares line from \(trend.firstPeriod)", unit: unit,
                    detail: .trend(
                        .init(
                            growthPerWeek: trend.growthPerWeek, periods: trend.fit.count,
                            slopePerPeriod: trend.fit.slope, rSquared: trend.fit.rSquared))))
        }
        return (summary, findings)
    }

    struct TrendLine {
        let fit: LinearTrend
        let growthPerWeek: Double
        let startValue: Double
        let endValue: Double
        let firstPeriod: String
        let lastPeriod: String
    }

    /// OLS line (LAPACK dgels) through the complete periods of the window; growth per week is the
    /// slope scaled to a week, as a fraction of the window mean. Needs 4+ points and a positive mean.
    func trendLine(_ series: TimeSeries, _ context: Context) -> TrendLine? {
        let reviewed = series.completePoints.suffix(Self.reviewedPeriods(series.interval, days: context.days))
        guard reviewed.count >= 4, let first = reviewed.first, let last = reviewed.last,
            let perWeek = series.interval.periodsPerWeek
        else { return nil }
        let values = reviewed.map { $0.value ?? .nan }
        guard let fit = LinearTrend.fit(values), fit.count >= 4, fit.meanY > 0 else { return nil }
        return TrendLine(
            fit: fit, growthPerWeek: fit.slope * perWeek / fit.meanY, startValue: fit.value(at: 0),
            endValue: fit.value(at: Double(reviewed.count - 1)), firstPeriod: first.period, lastPeriod: last.period)
    }

    /// How many periods of `interval` the report's window of `days` days covers.
    static func reviewedPeriods(_ interval: Interval, days: Int) -> Int {
        switch interval {
        case .minute: days * 24 * 60
        case .hour: days * 24
        case .day: days
        case .week: max(4, days / 7)
        case .month: max(3, days / 30)
        }
    }
}
