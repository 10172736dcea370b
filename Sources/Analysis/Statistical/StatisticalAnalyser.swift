import Foundation
import PostHog
import Stats

/// The statistical method: seasonal anomaly and level-shift detection (robust STL + S-H-ESD +
/// PELT), trend significance (Theil–Sen slope, seasonal Mann–Kendall), two-proportion tests for
/// funnels and retention, growth accounting, breakdown mix shifts, and (weekly) correlations
/// between metrics of different insights and dashboards.
///
/// The metrics table is the threshold method's, so both methods show the same numbers; only the
/// findings differ. Incomplete periods are never judged: detection runs on complete periods only.
public struct StatisticalAnalyser: Sendable {
    public var settings: StatisticalSettings
    /// Supplies the metrics table and the lifecycle summary.
    public var thresholds: ThresholdSettings

    public init(
        settings: StatisticalSettings = StatisticalSettings(), thresholds: ThresholdSettings = ThresholdSettings()
    ) {
        self.settings = settings
        self.thresholds = thresholds
    }

    /// - Parameters:
    ///   - days: complete periods reviewed (daily default 14, weekly 28); ≥ 1.
    ///   - charts: whether to collect the history of the series findings are about
    ///     (`histories`); only the HTML report draws it, and each chart is a detector run.
    public func analyse(
        _ dashboards: [DashboardMetrics], kind: ReportKind, days: Int, charts: Bool = true
    ) -> AnalysisResult {
        let days = max(1, days)
        func perInsight() -> (AnalysisResult, [Finding]) {
            // The metrics table, window and growth accounting are the threshold method's; its own
            // judgements are not made.
            let result = ThresholdAnalyser(settings: thresholds).analyse(
                dashboards, kind: kind, days: days, judging: false, charts: false)
            // An insight on two dashboards is one metric, analysed once (see `InsightOwnership`).
            var ownership = InsightOwnership(dashboards)
            var claimed: [AnalysisContext] = []
            for dashboard in dashboards {
                for insight in dashboard.insights where ownership.claims(insight, on: dashboard) {
                    claimed.append(AnalysisContext(dashboard: dashboard.name, insight: insight, kind: kind, days: days))
                }
            }
            // Insights are independent: analysed on every core, gathered in report order.
            let lifecycle = result.findings.filter { $0.kind == .lifecycle }
            return (result, claimed.parallelMap { self.insightFindings($0, lifecycle: lifecycle) }.flatMap { $0 })
        }
        // The weekly correlation scan spans insights and needs nothing else computed here: it
        // runs beside the rest, so that each fills the other's idle cores (its serial steps, the
        // uneven tail of the insights). Findings are gathered in the same order either way.
        let (correlated, (insightResult, insightFindings)) =
            kind == .weekly ? concurrently({ correlations(dashboards) }, perInsight) : ([], perInsight())
        var result = insightResult
        let findings = insightFindings + correlated
        result.method = .statistical
        result.findings = ThresholdAnalyser.ranked(
            ThresholdAnalyser.admitted(findings, settings: thresholds, dashboards: dashboards, window: result.window))
        guard charts else { return result }
        result.histories = SeriesHistory.collect(
            for: result.findings, in: dashboards, periods: days + 28, days: days, detector: settings.detector)
        return result
    }

    /// The findings of one insight (correlations, which span insights, aside).
    /// - Parameter lifecycle: the threshold method's growth-accounting findings, which this method
    ///   reports as they are.
    func insightFindings(_ context: AnalysisContext, lifecycle: [Finding]) -> [Finding] {
        var findings: [Finding] = []
        let insight = context.insight
        switch insight.content {
        case .series(let series):
            for item in series {
                findings += anomalies(item, context)
                if context.kind == .weekly { findings += trend(item, context) }
            }
            // The total of a breakdown, with what each value added to its moves.
            for total in BreakdownTotal.totals(of: series) {
                findings += anomalies(total.series, context, total: total)
            }
            findings += mixShift(series, context)
        case .funnel(let funnels):
            findings += funnelGaps(funnels, context)
            if case .funnel(let previous)? = insight.previous {
                findings += funnelChanges(funnels, previous: previous, context)
            }
        case .retention(let matrix):
            findings += retention(matrix, context)
        case .lifecycle:
            // Growth accounting is the threshold method's; it has no statistical test to add.
            findings += lifecycle.filter { $0.insightID == insight.insightID }
        case .aggregates, .stickiness, .table:
            break
        }
        return findings
    }

    /// Severity from a robust z and a relative change: critical when either is twice the bar.
    func severity(score: Double, change: Double?) -> Severity {
        let strong = score >= 2 * settings.detector.minimumScore || abs(change ?? 0) >= thresholds.criticalChange
        return strong ? .critical : .warning
    }
}
