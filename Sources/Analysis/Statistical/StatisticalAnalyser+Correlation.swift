import Foundation
import PostHog
import Stats

extension StatisticalAnalyser {
    /// Metrics of different insights (across every dashboard of the report) that move together
    /// (README, "Correlations"). Over the last 90 complete days, each series loses its level shifts
    /// and outliers (the anomaly detector's), then its trend and weekday means; every pair is
    /// correlated at every lag in ±7 days, judged at its best lag on an effective sample size,
    /// Šidák-adjusted for the 15 lags and Benjamini–Hochberg-controlled over all pairs tested.
    /// Not tested: series of one insight (breakdown parts, steps), which move together by
    /// construction, and pairs that are one quantity counted twice (`DefinitionalPairs`). At most
    /// `maximumCorrelations` pairs, most significant first; association, not cause.
    func correlations(_ dashboards: [DashboardMetrics], maximumCorrelations: Int = 5) -> [Finding] {
        var unordered: [CorrelationMember] = []
        var ownership = InsightOwnership(dashboards)
        for dashboard in dashboards {
            // An insight on two dashboards is one metric, compared once (see `InsightOwnership`).
            for insight in dashboard.insights where ownership.claims(insight, on: dashboard) {
                guard case .series(let series) = insight.content else { continue }
                let metrics = CorrelationMember.SharedMetrics(insight)
                for item in series where item.interval == .day && item.completePoints.count >= 28 {
                    unordered.append(CorrelationMember(dashboard: dashboard.name, metrics: metrics, series: item))
                }
            }
        }
        // Canonical order (insight id, series key), so that the scan, its ties and the side each
        // pair is told from do not depend on the order dashboards and insights were listed in.
        // (Indices sorted, not the members: a member is a large value to move.)
        let members = unordered.indices.map {
            ($0, unordered[$0].insightID, unordered[$0].series.key.description)
        }
        .sorted { ($0.1, $0.2) < ($1.1, $1.2) }.map { unordered[$0.0] }
        // Align on the latest 90 complete days any series has. A day among those is among its
        // own series' latest 90, so only those are gathered.
        let latest = members.map { $0.series.completePoints.suffix(90) }
        let days = Self.latestDays(latest, count: 90)
        guard days.count >= 28, members.count >= 2 else { return [] }
        let dayIndex = Dictionary(uniqueKeysWithValues: days.enumerated().map { ($1, $0) })
        // Each series cleaned on its own (the detector runs again), on every core.
        let prepared = Array(members.indices).parallelMap { index -> (raw: [Double?], residual: [Double])? in
            var values = [Double?](repeating: nil, count: days.count)
            for point in latest[index] {
                if let day = dayIndex[point.period] { values[day] = point.value }
            }
            let cleaned = withoutStepsAndOutliers(values, isCount: members[index].series.isCount)
            return Correlation.standardisedResidual(cleaned, period: 7).map { (values, $0) }
        }
        var kept: [CorrelationMember] = []
        var raw: [[Double?]] = []
        var columns: [[Double]] = []
        for (member, series) in zip(members, prepared) {
            guard let series else { continue }
            kept.append(member)
            raw.append(series.raw)
            columns.append(series.residual)
        }
        let insightIDs = kept.map(\.insightID)
        let sameQuantity = DefinitionalPairs.find(
            kept.indices.map { .init(group: insightIDs[$0], key: kept[$0].series.key, values: raw[$0]) })
        let scan = Correlation.laggedScan(columns, maxLag: 7, groups: insightIDs, excluding: sameQuantity, keep: 200)
        let significant = scan.pairs.filter { $0.adjustedPValue < settings.significance && abs($0.r) >= 0.5 }
        // A metric related to a copy of another (or to its total) is told once, with the more
        // significant of the two.
        func oneQuantity(_ x: Int, _ y: Int) -> Bool { x == y || sameQuantity.contains(Correlation.SeriesPair(x, y)) }
        var told: [Correlation.LaggedPair] = []
        for pair in significant where told.count < maximumCorrelations {
            let repeated = told.contains { other in
                (oneQuantity(pair.first, other.first) && oneQuantity(pair.second, other.second))
                    || (oneQuantity(pair.first, other.second) && oneQuantity(pair.second, other.first))
            }
            if !repeated { told.append(pair) }
        }
        let findings = told.map { pair in
            let a = kept[pair.first]
            let b = kept[pair.second]
            let context = AnalysisContext(dashboard: a.dashboard, insight: a.insight, kind: .weekly, days: days.count)
            let follower =
                pair.lag == 0
                ? "same day" : "\(b.series.name) \(pair.lag > 0 ? "follows" : "leads") by \(abs(pair.lag)) days"
            return context.finding(
                .correlation, series: a.series.name, key: a.series.key, date: days.last!, value: pair.r,
                expected: 0, change: nil, severity: .info,
                comparison: "\(b.series.name) (\(b.insight.name), \(b.dashboard)); \(follower)",
                unit: "correlation",
                detail: .correlationPair(
                    .init(
                        partner: b.reference, lagDays: pair.lag, rAtLag: pair.r, pValue: pair.pValue,
                        adjustedPValue: pair.adjustedPValue, days: pair.overlap,
                        effectiveDays: pair.effectiveLength)))
        }
        return findings + groups(significant, kept: kept, columns: columns, sameQuantity: sameQuantity)
    }

    /// The latest `count` of the days (period labels, in order) that any of `series` has. The
    /// series of an insight mostly share their days: a series with the same days as the one
    /// before it adds none, and is not gathered again.
    static func latestDays(_ series: [ArraySlice<Point>], count: Int) -> [String] {
        var all = Set<String>()
        for (index, points) in series.enumerated() {
            if index > 0, series[index - 1].elementsEqual(points, by: { $0.period == $1.period }) { continue }
            for point in points { all.insert(point.period) }
        }
        return Array(all.sorted().suffix(count))
    }

    /// The series as the correlation scan should see it: each level shift the anomaly detector finds
    /// in the window subtracted from its date on, and its spikes and dips missing (NaN). A shared
    /// step is one event, not a relationship, and a shared outlier day is one point. The detector
    /// runs as in the report, except that routine steps and spikes (which the report does not
    /// announce) are removed too.
    func withoutStepsAndOutliers(_ values: [Double?], isCount: Bool) -> [Double] {
        var detectorSettings = settings.detector
        detectorSettings.period = 7
        detectorSettings.isCount = isCount
        detectorSettings.minimumVolume = thresholds.minimumVolume
        detectorSettings.routineRecurrences = .max
        var cleaned = values.map { $0 ?? .nan }
        for anomaly in AnomalyDetector(settings: detectorSettings).detect(values) {
            switch anomaly.kind {
            case .levelShift:
                let step = anomaly.value - anomaly.expected
                for index in anomaly.index..<cleaned.count { cleaned[index] -= step }
            case .spike, .dip:
                cleaned[anomaly.index] = .nan
            case .burst:
                break
            }
        }
        return cleaned
    }

    /// Metrics that move together as a group: principal components (LAPACK dsyevd) of the
    /// same-day correlation matrix of the series in significant pairs, reported for groups of
    /// three or more metrics from at least two insights. A series that is one quantity with an
    /// earlier member (a copy, a part of a total) is left out, so a group never counts one thing twice.
    private func groups(
        _ significant: [Correlation.LaggedPair], kept: [CorrelationMember], columns: [[Double]],
        sameQuantity: Set<Correlation.SeriesPair>
    ) -> [Finding] {
        var involved: [Int] = []
        for index in Set(significant.flatMap { [$0.first, $0.second] }).sorted()
        where !involved.contains(where: { sameQuantity.contains(Correlation.SeriesPair($0, index)) }) {
            involved.append(index)
        }
        guard involved.count >= 3, let found = try? Correlation.groups(involved.map { columns[$0] }) else { return [] }
        var findings: [Finding] = []
        for group in found {
            let members = group.map { kept[involved[$0]] }
            guard members.count >= 3, Set(members.map(\.insightID)).count >= 2, let first = members.first,
                let last = first.series.completePoints.last
            else { continue }
            let names = members.map { "\($0.series.name) (\($0.insight.name))" }
            let context = AnalysisContext(dashboard: first.dashboard, insight: first.insight, kind: .weekly, days: 90)
            findings.append(
                context.finding(
                    .correlation, series: "\(members.count) metrics moving together", key: first.series.key,
                    date: last.period, value: Double(members.count), expected: 0, change: nil, severity: .info,
                    comparison: names.joined(separator: ", "), unit: "count",
                    detail: .coMovingGroup(.init(members: members.map(\.reference)))))
        }
        return findings
    }
}

/// One daily series in the weekly correlation scan, with where it is listed.
struct CorrelationMember: Sendable {
    /// An insight's metrics, held once for all its series: members are copied as they are
    /// sorted and kept, and an insight's metrics are a large value with many references.
    final class SharedMetrics: Sendable {
        let value: InsightMetrics
        init(_ value: InsightMetrics) { self.value = value }
    }

    let dashboard: String
    let metrics: SharedMetrics
    let series: TimeSeries

    var insight: InsightMetrics { metrics.value }
    var insightID: Int { metrics.value.insightID }

    var reference: SeriesReference {
        SeriesReference(
            dashboard: dashboard, insight: metrics.value.name, insightID: insightID, series: series.name,
            seriesKey: series.key)
    }
}
