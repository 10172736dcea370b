import PostHog

/// What every per-insight analysis needs to label its output.
struct AnalysisContext {
    let dashboard: String
    let insight: InsightMetrics
    let kind: ReportKind
    let days: Int

    func finding(
        _ kind: FindingKind, series: String, date: String, value: Double, expected: Double, change: Double?,
        severity: Severity, comparison: String, unit: String, details: [String: Double]? = nil
    ) -> Finding {
        Finding(
            kind: kind, dashboard: dashboard, insight: insight.name, insightID: insight.insightID, series: series,
            date: date, value: value, expected: expected, change: change, severity: severity,
            comparison: comparison, unit: unit, details: details)
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
