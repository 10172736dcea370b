import Foundation
import PostHog
import Stats

extension StatisticalAnalyser {
    /// Metrics of different insights (across every dashboard of the report) that move together:
    /// residuals after trend and weekday means over the last 90 complete days, correlated in one
    /// BLAS scan with Benjamini–Hochberg control over all pairs, then the best lag (±7 days) for
    /// the strongest. Series of one insight (breakdown parts, steps) are not compared: they move
    /// together by construction. At most `maximumCorrelations` findings; association, not cause.
    func correlations(_ dashboards: [DashboardMetrics], maximumCorrelations: Int = 5) -> [Finding] {
        struct Member {
            let dashboard: String
            let insight: InsightMetrics
            let series: TimeSeries
        }
        var members: [Member] = []
        for dashboard in dashboards {
            for insight in dashboard.insights {
                guard case .series(let series) = insight.content else { continue }
                for item in series where item.interval == .day && item.completePoints.count >= 28 {
                    members.append(Member(dashboard: dashboard.name, insight: insight, series: item))
                }
            }
        }
        // Align on the latest 90 complete days any series has.
        let days = Array(Set(members.flatMap { $0.series.completePoints.map(\.period) }).sorted().suffix(90))
        guard days.count >= 28, members.count >= 2 else { return [] }
        var kept: [Member] = []
        var columns: [[Double]] = []
        for member in members {
            let byDay = Dictionary(
                member.series.completePoints.map { ($0.period, $0.value ?? .nan) }, uniquingKeysWith: { $1 })
            let values = days.map { byDay[$0] ?? .nan }
            guard let residual = Correlation.standardisedResidual(values, period: 7) else { continue }
            kept.append(member)
            columns.append(residual)
        }
        let scan = Correlation.scan(columns, keep: 200, falseDiscoveryRate: settings.significance)
        var findings: [Finding] = []
        for pair in scan.pairs where pair.adjustedPValue < settings.significance && abs(pair.r) >= 0.5 {
            let a = kept[pair.first]
            let b = kept[pair.second]
            guard a.insight.insightID != b.insight.insightID else { continue }
            let lagged = Correlation.bestLag(columns[pair.first], columns[pair.second])
            let context = AnalysisContext(dashboard: a.dashboard, insight: a.insight, kind: .weekly, days: days.count)
            let follower =
                lagged.lag == 0
                ? "same day" : "\(b.series.name) \(lagged.lag > 0 ? "follows" : "leads") by \(abs(lagged.lag)) days"
            findings.append(
                context.finding(
                    .correlation, series: a.series.name, date: days.last!, value: pair.r, expected: 0, change: nil,
                    severity: .info, comparison: "\(b.series.name) (\(b.insight.name), \(b.dashboard)); \(follower)",
                    unit: "correlation",
                    details: [
                        "lag_days": Double(lagged.lag), "r_at_lag": lagged.r, "p_value": pair.pValue,
                        "adjusted_p_value": pair.adjustedPValue, "other_insight_id": Double(b.insight.insightID),
                        "days": Double(days.count),
                    ]))
            if findings.count == maximumCorrelations { break }
        }
        return findings
    }
}
