import Foundation
import PostHog
import Stats

extension StatisticalAnalyser {
    /// Seasonal period of a series in points: a week of days, a day of hours; none otherwise.
    static func period(of interval: Interval) -> Int? {
        switch interval {
        case .day: 7
        case .hour: 24
        case .minute, .week, .month: nil
        }
    }

    /// The complete periods the detector sees: the reviewed ones and the eight seasons before
    /// them (8 weeks for daily data). A bounded history keeps old incidents from taking the
    /// detector's few anomaly slots away from the days under review.
    static func detectionWindow(_ series: TimeSeries, days: Int) -> [Point] {
        let reviewedCount = ThresholdAnalyser.reviewedPeriods(series.interval, days: days)
        let baseline = 8 * (period(of: series.interval) ?? 7)
        return Array(series.completePoints.suffix(reviewedCount + baseline))
    }

    /// `settings` fitted to `series`: its seasonal period and whether it counts. The report's
    /// defaults for a 70-day window (`StatisticalSettings.detector`: periodic season, point bar,
    /// ESD share, recurrences) were measured on daily series; other intervals keep the detector's
    /// own (an hour's slot differs between weekdays and weekends, which one daily profile would
    /// leave in the residual).
    static func detectorSettings(_ settings: AnomalyDetector.Settings, for series: TimeSeries)
        -> AnomalyDetector.Settings
    {
        var settings = settings
        settings.period = period(of: series.interval)
        settings.isCount = series.isCount
        if series.interval != .day {
            let plain = AnomalyDetector.Settings()
            settings.periodicSeason = plain.periodicSeason
            settings.minimumPointScore = plain.minimumPointScore
            settings.maximumAnomalyShare = plain.maximumAnomalyShare
            settings.routineRecurrences = plain.routineRecurrences
        }
        return settings
    }

    /// The detector for `series` (`detectorSettings(_:for:)`).
    static func detector(_ settings: AnomalyDetector.Settings, for series: TimeSeries) -> AnomalyDetector {
        AnomalyDetector(settings: detectorSettings(settings, for: series))
    }

    /// Spikes, dips and level shifts among the reviewed complete periods, judged against the
    /// `detectionWindow` before them.
    /// - Parameter total: when `series` is the total of a breakdown, its values: each finding then
    ///   says what every value added to the change (see `contributions(to:of:periods:detector:)`).
    func anomalies(_ series: TimeSeries, _ context: AnalysisContext, total: BreakdownTotal? = nil) -> [Finding] {
        let complete = Self.detectionWindow(series, days: context.days)
        let reviewed = min(complete.count, ThresholdAnalyser.reviewedPeriods(series.interval, days: context.days))
        guard reviewed > 0 else { return [] }
        var detectorSettings = Self.detectorSettings(settings.detector, for: series)
        detectorSettings.minimumVolume = thresholds.minimumVolume
        if let rule = thresholds.overrides.merged(insight: context.insight, series: series.name, key: series.key) {
            detectorSettings.minimumVolume = rule.minimumVolume ?? detectorSettings.minimumVolume
            if let sensitivity = rule.sensitivity {
                detectorSettings.minimumPointScore /= sensitivity
                detectorSettings.minimumScore /= sensitivity
                detectorSettings.minimumRelativeChange /= sensitivity
            }
        }
        let unit = series.measure == "conversion" ? "percent" : (series.isCount ? "count" : "value")
        let detector = AnomalyDetector(settings: detectorSettings)
        let found = detector.detect(complete.map(\.value))
        let firstReviewed = complete.count - reviewed
        // Bursts of activity are a monitoring finding for `dashbrief detect` on sub-daily data;
        // reports do not enable them (burstWindow stays nil), and would not word them as a change.
        return found.filter { $0.index >= firstReviewed && $0.kind != .burst }.map { anomaly in
            let point = complete[anomaly.index]
            let change = Descriptive.relativeChange(from: anomaly.expected, to: anomaly.value)
            let parts =
                total.map {
                    contributions(to: anomaly, of: $0, periods: complete.map(\.period), detector: detector)
                } ?? []
            let outlier = FindingDetail.Outlier(
                score: anomaly.score, lower: anomaly.lower, upper: anomaly.upper, direction: anomaly.direction,
                contributions: parts)
            if anomaly.kind == .levelShift {
                return context.finding(
                    .change, series: series.name, key: series.key, date: point.period, value: anomaly.value,
                    expected: anomaly.expected, change: change,
                    severity: severity(score: anomaly.score, change: change),
                    comparison: "level before the shift", unit: unit, detail: .levelShift(outlier))
            }
            return context.finding(
                .anomaly, series: series.name, key: series.key, date: point.period, value: anomaly.value,
                expected: anomaly.expected, change: change, severity: severity(score: anomaly.score, change: change),
                comparison: "seasonal expectation (robust STL)", unit: unit, detail: .outlier(outlier))
        }
    }

    /// A significant monotonic trend over the reviewed window: Theil–Sen slope of log(1 + y) as
    /// growth per week, significance from the Mann–Kendall test (seasonal for daily data).
    func trend(_ series: TimeSeries, _ context: AnalysisContext) -> [Finding] {
        let reviewed = Array(
            series.completePoints.suffix(ThresholdAnalyser.reviewedPeriods(series.interval, days: context.days)))
        guard reviewed.count >= 8, let perWeek = series.interval.periodsPerWeek,
            let first = reviewed.first, let last = reviewed.last
        else { return [] }
        let values = reviewed.map { $0.value ?? .nan }
        guard values.allSatisfy({ !$0.isFinite || $0 >= 0 }), let fit = TheilSen.line(values.map { log1p($0) }) else {
            return []
        }
        let period = Self.period(of: series.interval)
        let test =
            period.flatMap { reviewed.count >= 2 * $0 ? MannKendall.seasonalTest(values, period: $0) : nil }
            ?? MannKendall.test(values)
        guard let test, test.pValue < settings.significance else { return [] }
        let growth = expm1(fit.slope * perWeek)
        guard abs(growth) >= thresholds.trendPerWeek else { return [] }
        let start = expm1(fit.intercept)
        let end = expm1(fit.intercept + fit.slope * Double(reviewed.count - 1))
        let unit = series.measure == "conversion" ? "percent" : (series.isCount ? "count" : "value")
        return [
            context.finding(
                .trend, series: series.name, key: series.key, date: last.period,
                period: "\(first.period)..\(last.period)", value: end, expected: start,
                change: Descriptive.relativeChange(from: start, to: end),
                severity: abs(growth) >= 2 * thresholds.trendPerWeek ? .warning : .info,
                comparison: "Theil–Sen line from \(first.period)", unit: unit,
                detail: .trend(
                    .init(
                        growthPerWeek: growth, periods: reviewed.count, pValue: test.pValue,
                        mannKendallTau: test.tau)))
        ]
    }
}
