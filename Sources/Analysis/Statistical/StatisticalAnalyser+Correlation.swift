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
        return findings + groups(scan, kept: kept.map { ($0.dashboard, $0.insight, $0.series) }, columns: columns)
    }

    /// Metrics that move together as a group: principal components (LAPACK dsyevd) of the
    /// correlation matrix of the series in significant pairs, reported for groups of three or
    /// more metrics from at least two insights.
    private func groups(
        _ scan: Correlation.Scan, kept: [(dashboard: String, insight: InsightMetrics, series: TimeSeries)],
        columns: [[Double]]
    ) -> [Finding] {
        let involved = Array(
            Set(
                scan.pairs.filter { $0.adjustedPValue < settings.significance && abs($0.r) >= 0.5 }.flatMap {
                    [$0.first, $0.second]
                })
        ).sorted()
        guard involved.count >= 3, let found = try? Correlation.groups(involved.map { columns[$0] }) else { return [] }
        var findings: [Finding] = []
        for group in found {
            let members = group.map { kept[involved[$0]] }
            guard members.count >= 3, Set(members.map(\.insight.insightID)).count >= 2, let first = members.first,
                let last = first.series.completePoints.last
            else { continue }
            let names = members.map { "\($0.series.name) (\($0.insight.name))" }
            let context = AnalysisContext(dashboard: first.dashboard, insight: first.insight, kind: .weekly, days: 90)
            findings.append(
                context.finding(
                    .correlation, series: "\(members.count) metrics moving together", date: last.period,
                    value: Double(members.count), expected: 0, change: nil, severity: .info,
                    comparison: names.joined(separator: ", "), unit: "count",
                    details: ["group_size": Double(members.count)]))
        }
        return findings
    }
}
