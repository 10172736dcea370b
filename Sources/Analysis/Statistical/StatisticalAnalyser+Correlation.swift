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
        var ownership = InsightOwnership(dashboards)
        for dashboard in dashboards {
            // An insight on two dashboards is one metric, compared once (see `InsightOwnership`).
            for insight in dashboard.insights where ownership.claims(insight, on: dashboard) {
                guard case .series(let series) = insight.content else { continue }
                for item in series where item.interval == .day && item.completePoints.count >= 28 {
                    members.append(Member(dashboard: dashboard.name, insight: insight, series: item))
                }
            }
        }
        // Canonical order (insight id, series key), so that the scan, its ties and the side each
        // pair is told from do not depend on the order dashboards and insights were listed in.
        members.sort {
            ($0.insight.insightID, $0.series.key.description) < ($1.insight.insightID, $1.series.key.description)
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
            let partner = SeriesReference(
                dashboard: b.dashboard, insight: b.insight.name, insightID: b.insight.insightID, series: b.series.name,
                seriesKey: b.series.key)
            findings.append(
                context.finding(
                    .correlation, series: a.series.name, key: a.series.key, date: days.last!, value: pair.r,
                    expected: 0, change: nil, severity: .info,
                    comparison: "\(b.series.name) (\(b.insight.name), \(b.dashboard)); \(follower)",
                    unit: "correlation",
                    detail: .correlationPair(
                        .init(
                            partner: partner, lagDays: lagged.lag, rAtLag: lagged.r, pValue: pair.pValue,
                            adjustedPValue: pair.adjustedPValue, days: days.count))))
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
            let references = members.map {
                SeriesReference(
                    dashboard: $0.dashboard, insight: $0.insight.name, insightID: $0.insight.insightID,
                    series: $0.series.name, seriesKey: $0.series.key)
            }
            findings.append(
                context.finding(
                    .correlation, series: "\(members.count) metrics moving together", key: first.series.key,
                    date: last.period, value: Double(members.count), expected: 0, change: nil, severity: .info,
                    comparison: names.joined(separator: ", "), unit: "count",
                    detail: .coMovingGroup(.init(members: references))))
        }
        return findings
    }
}
