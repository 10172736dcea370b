import PostHog
import Stats

/// The recent complete history of a series that findings are about, so that a report can chart
/// it beside them (the flagged days among the days before), with the range the anomaly detector
/// expected it in.
public struct SeriesHistory: Sendable, Equatable {
    public var insightID: Int
    public var seriesKey: SeriesKey
    public var insight: String
    public var series: String
    public var unit: String
    public var periods: [String]
    /// nil where PostHog had no value.
    public var values: [Double?]
    /// The detector's expectation at each period (robust STL: trend + season), to 6 significant
    /// digits; nil where unknown (the whole series when it is too short to fit). See
    /// `SeriesHistory+Expectation.swift`.
    public var expected: [Double?]
    /// The band of normal values around `expected`: ± 3.5 robust standard deviations of the
    /// residual (the detector's `minimumScore`), a count's lower edge held at 0; nil where unknown.
    public var lower: [Double?]
    public var upper: [Double?]

    /// - Parameters expected, lower, upper: as long as `periods`, or empty for "unknown".
    public init(
        insightID: Int, seriesKey: SeriesKey, insight: String, series: String, unit: String, periods: [String],
        values: [Double?], expected: [Double?] = [], lower: [Double?] = [], upper: [Double?] = []
    ) {
        precondition(values.count == periods.count, "one value per period")
        precondition(
            [expected, lower, upper].allSatisfy { $0.isEmpty || $0.count == periods.count },
            "the expected band has one entry per period, or none")
        let unknown = [Double?](repeating: nil, count: periods.count)
        self.insightID = insightID
        self.seriesKey = seriesKey
        self.insight = insight
        self.series = series
        self.unit = unit
        self.periods = periods
        self.values = values
        self.expected = expected.isEmpty ? unknown : expected
        self.lower = lower.isEmpty ? unknown : lower
        self.upper = upper.isEmpty ? unknown : upper
    }

    /// Findings about one period or stretch of a time series: what a chart can show.
    public static let chartedSubkinds: Set<String> = ["spike", "dip", "level_shift", "period_change", "trend"]

    /// The last `periods` complete periods of every time series a charted finding is about, in
    /// the order the findings first name them, with the expectation `detector` fits over the
    /// window a report of `days` judges (see `expectedBand(of:days:detector:)`).
    static func collect(
        for findings: [Finding], in dashboards: [DashboardMetrics], periods: Int, days: Int,
        detector: AnomalyDetector.Settings
    ) -> [SeriesHistory] {
        // Only the insights charted findings are about: breakdown totals are not free.
        let charted = Set(findings.filter { chartedSubkinds.contains($0.detail.subkind) }.map(\.insightID))
        var seriesByKey: [String: (InsightMetrics, TimeSeries)] = [:]
        for insight in dashboards.flatMap(\.insights) where charted.contains(insight.insightID) {
            guard case .series(let items) = insight.content else { continue }
            for item in items + BreakdownTotal.totals(of: items).map(\.series) {
                seriesByKey["\(insight.insightID):\(item.key)"] = (insight, item)
            }
        }
        var charts: [Chart] = []
        var seen: Set<String> = []
        for finding in findings where chartedSubkinds.contains(finding.detail.subkind) {
            let key = "\(finding.insightID):\(finding.seriesKey)"
            guard seen.insert(key).inserted, let (insight, series) = seriesByKey[key] else { continue }
            charts.append(Chart(finding: finding, insight: insight, series: series))
        }
        // Each band is a detector run: on every core, in the findings' order.
        return charts.parallelMap { chart in
            let (insight, series) = (chart.insight, chart.series)
            let points = series.completePoints.suffix(periods)
            let band = expectedBand(of: series, days: days, detector: detector)
            return SeriesHistory(
                insightID: insight.insightID, seriesKey: series.key, insight: insight.name, series: series.name,
                unit: chart.finding.unit, periods: points.map(\.period), values: points.map(\.value),
                expected: points.map { band[$0.period]?.expected }, lower: points.map { band[$0.period]?.lower },
                upper: points.map { band[$0.period]?.upper })
        }
    }
}

/// A finding to chart, with the series it is about.
private struct Chart: Sendable {
    let finding: Finding
    let insight: InsightMetrics
    let series: TimeSeries
}
