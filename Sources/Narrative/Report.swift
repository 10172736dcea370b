import Analysis
import PostHog

/// A finished daily alert or weekly report: findings, metrics, what was skipped, and prose.
/// Renders to every output format (see `ReportRenderer`). Its JSON form is a contract; it is
/// written, not read back (findings' typed details are generated into flat `details`).
public struct Report: Encodable, Sendable {
    public var kind: ReportKind
    public var method: AnalysisMethod
    public var dashboards: [String]
    /// When the data was computed (the snapshot's recording time for a replay), ISO-8601 UTC.
    public var asOf: String
    public var timezone: String
    public var window: ReportWindow?
    public var findings: [Finding]
    public var metrics: [MetricSummary]
    public var skipped: [Skipped]
    public var notes: [String]
    public var narrative: NarrativeText
    /// Recent history of the series findings are about, for charts (not part of the JSON).
    public var histories: [SeriesHistory]

    enum CodingKeys: String, CodingKey {
        case kind, method, dashboards, timezone, window, findings, metrics, skipped, notes, narrative
        case asOf = "as_of"
    }

    public init(analysis: AnalysisResult, asOf: String, timezone: String, narrative: NarrativeText) {
        kind = analysis.kind
        method = analysis.method
        dashboards = analysis.dashboards
        self.asOf = asOf
        self.timezone = timezone
        window = analysis.window
        findings = analysis.findings
        metrics = analysis.metrics
        skipped = analysis.skipped
        notes = analysis.notes
        histories = analysis.histories
        self.narrative = narrative
    }
}
