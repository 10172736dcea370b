import PostHog

/// What every per-insight analysis needs to label its output.
struct AnalysisContext: Sendable {
    let dashboard: String
    let insight: InsightMetrics
    let kind: ReportKind
    let days: Int

    func finding(
        _ kind: FindingKind, series: String, key: SeriesKey, date: String, period: String? = nil, value: Double,
        expected: Double, change: Double?, severity: Severity, comparison: String, unit: String, detail: FindingDetail
    ) -> Finding {
        Finding(
            kind: kind, dashboard: dashboard, insight: insight.name, insightID: insight.insightID, series: series,
            seriesKey: key, date: date, period: period, value: value, expected: expected, change: change,
            severity: severity, comparison: comparison, unit: unit, detail: detail)
    }

    /// A reference to `series` of this context's insight.
    func reference(_ series: String, key: SeriesKey) -> SeriesReference {
        SeriesReference(
            dashboard: dashboard, insight: insight.name, insightID: insight.insightID, series: series, seriesKey: key)
    }

    func summary(
        series: String, period: String? = nil, value: Double? = nil, previous: Double? = nil, change: Double? = nil,
        comparison: String? = nil, weekAgo: Double? = nil, weekAgoChange: Double? = nil,
        growthPerWeek: Double? = nil, unit: String
    ) -> MetricSummary {
        MetricSummary(
            dashboard: dashboard, insight: insight.name, insightID: insight.insightID, series: series,
            kind: insight.kind.description, period: period, value: value, previous: previous, change: change,
            comparison: comparison, weekAgo: weekAgo, weekAgoChange: weekAgoChange, growthPerWeek: growthPerWeek,
            unit: unit)
    }
}
