import PostHog

/// Daily alert or weekly report.
public enum ReportKind: String, Codable, Sendable {
    case daily, weekly
}

/// How findings are found. `statistical` (the default): seasonal anomaly and level-shift
/// detection and significance tests. `threshold`: fixed thresholds on period-over-period changes,
/// the seed's "traditional" report.
public enum AnalysisMethod: String, Codable, Sendable, CaseIterable {
    case statistical, threshold
}

/// The complete local periods a report reviewed, `YYYY-MM-DD`.
public struct ReportWindow: Codable, Sendable, Equatable {
    public var from: String
    public var to: String

    public init(from: String, to: String) {
        self.from = from
        self.to = to
    }
}

/// What the analysis of one report produced: ranked findings, the metrics table, and what it
/// could not read.
public struct AnalysisResult: Sendable {
    public var kind: ReportKind
    public var method: AnalysisMethod
    public var dashboards: [String]
    /// nil when no dashboard had a complete time series.
    public var window: ReportWindow?
    public var findings: [Finding]
    public var metrics: [MetricSummary]
    public var skipped: [Skipped]
    /// Text cards of the dashboards, kept for context.
    public var notes: [String]
    /// Recent history of the time series that findings are about, for charts.
    public var histories: [SeriesHistory]

    public init(
        kind: ReportKind, method: AnalysisMethod, dashboards: [String], window: ReportWindow?, findings: [Finding],
        metrics: [MetricSummary], skipped: [Skipped], notes: [String], histories: [SeriesHistory] = []
    ) {
        self.kind = kind
        self.method = method
        self.dashboards = dashboards
        self.window = window
        self.findings = findings
        self.metrics = metrics
        self.skipped = skipped
        self.notes = notes
        self.histories = histories
    }
}
