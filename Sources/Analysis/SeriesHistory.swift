import PostHog

/// The recent complete history of a series that findings are about, so that a report can chart
/// it beside them (the flagged days among the days before).
public struct SeriesHistory: Sendable, Equatable {
    public var insightID: Int
    public var seriesKey: SeriesKey
    public var insight: String
    public var series: String
    public var unit: String
    public var periods: [String]
    /// nil where PostHog had no value.
    public var values: [Double?]

    public init(
        insightID: Int, seriesKey: SeriesKey, insight: String, series: String, unit: String, periods: [String],
        values: [Double?]
    ) {
        self.insightID = insightID
        self.seriesKey = seriesKey
        self.insight = insight
        self.series = series
        self.unit = unit
        self.periods = periods
        self.values = values
    }

    /// Findings about one period or stretch of a time series: what a chart can show.
    public static let chartedSubkinds: Set<String> = ["spike", "dip", "level_shift", "period_change", "trend"]

    /// The last `periods` complete periods of every time series a charted finding is about, in
    /// the order the findings first name them.
    static func collect(for findings: [Finding], in dashboards: [DashboardMetrics], periods: Int) -> [SeriesHistory] {
        var seriesByKey: [String: (InsightMetrics, TimeSeries)] = [:]
        for insight in dashboards.flatMap(\.insights) {
            guard case .series(let items) = insight.content else { continue }
            for item in items + BreakdownTotal.totals(of: items).map(\.series) {
                seriesByKey["\(insight.insightID):\(item.key)"] = (insight, item)
            }
        }
        var histories: [SeriesHistory] = []
        var seen: Set<String> = []
        for finding in findings where chartedSubkinds.contains(finding.detail.subkind) {
            let key = "\(finding.insightID):\(finding.seriesKey)"
            guard seen.insert(key).inserted, let (insight, series) = seriesByKey[key] else { continue }
            let points = series.completePoints.suffix(periods)
            histories.append(
                SeriesHistory(
                    insightID: insight.insightID, seriesKey: series.key, insight: insight.name, series: series.name,
                    unit: finding.unit, periods: points.map(\.period), values: points.map(\.value)))
        }
        return histories
    }
}
