import Foundation
import PostHog
import Stats

/// The traditional report: fixed thresholds on period-over-period changes, a least-squares trend
/// line over the window, funnel conversion per step, retention at fixed ages, lifecycle totals.
///
/// Daily reports judge the last complete period. For daily series the alerting comparison is the
/// same weekday a week earlier, because with weekly seasonality a Saturday is always far below a
/// Friday; the change from the previous day is shown beside it. Weekly reports compare the last
/// 7 complete days with the 7 before (daily averages, so a missing day does not read as a drop).
/// Incomplete periods are never judged.
public struct ThresholdAnalyser: Sendable {
    public var settings: ThresholdSettings

    public init(settings: ThresholdSettings = ThresholdSettings()) {
        self.settings = settings
    }

    /// - Parameters:
    ///   - days: complete periods reviewed (daily default 14, weekly 28); ≥ 1.
    ///   - charts: whether to collect the history of the series findings are about
    ///     (`histories`); only the HTML report draws it, and each chart is a detector run.
    public func analyse(
        _ dashboards: [DashboardMetrics], kind: ReportKind, days: Int, charts: Bool = true
    ) -> AnalysisResult {
        analyse(dashboards, kind: kind, days: days, judging: true, charts: charts)
    }

    /// - Parameter judging: false for what the statistical method reuses: the metrics table, the
    ///   window, what was skipped, and growth accounting (its only findings). Breakdown totals
    ///   are then not judged and no chart history is collected.
    func analyse(
        _ dashboards: [DashboardMetrics], kind: ReportKind, days: Int, judging: Bool, charts: Bool
    ) -> AnalysisResult {
        let days = max(1, days)
        var findings: [Finding] = []
        var metrics: [MetricSummary] = []
        var skipped: [Skipped] = []
        var ownership = InsightOwnership(dashboards)
        // Insights are independent: read on every core, gathered in report order.
        let contexts = dashboards.flatMap { dashboard in
            dashboard.insights.map { Context(dashboard: dashboard.name, insight: $0, kind: kind, days: days) }
        }
        var analysed = contexts.parallelMap { analyse($0.insight.content, $0, judging: judging) }.makeIterator()
        for dashboard in dashboards {
            skipped += dashboard.skipped
            for insight in dashboard.insights {
                let (rows, found) = analysed.next()!
                metrics += rows
                // An insight on two dashboards is one metric: its findings are told once (see
                // `InsightOwnership`); the metrics table still shows it under each dashboard.
                if ownership.claims(insight, on: dashboard) { findings += found }
                if case .table(let table) = insight.content, let reason = Self.unreportable(table) {
                    skipped.append(Skipped(insight: insight.name, reason: reason))
                }
            }
        }
        let window = Self.window(of: dashboards, kind: kind, days: days)
        let result = AnalysisResult(
            kind: kind, method: .threshold, dashboards: dashboards.map(\.name), window: window, findings: [],
            metrics: metrics, skipped: skipped, notes: dashboards.flatMap(\.notes), histories: [])
        guard judging else {
            var summary = result
            summary.findings = findings.filter { $0.kind == .lifecycle }
            return summary
        }
        let ranked = Self.ranked(Self.admitted(findings, settings: settings, dashboards: dashboards, window: window))
        var judged = result
        judged.findings = ranked
        guard charts else { return judged }
        // Charted with the statistical method's detector settings, so both methods draw one band.
        judged.histories = SeriesHistory.collect(
            for: ranked, in: dashboards, periods: days + 28, days: days, detector: StatisticalSettings().detector)
        return judged
    }

    typealias Context = AnalysisContext

    func analyse(_ content: MetricContent, _ context: Context, judging: Bool = true) -> ([MetricSummary], [Finding]) {
        switch content {
        case .series(let series):
            let analysed = series.map { analyse($0, context, judging: judging) }
            let (rows, found) = (analysed.map(\.0), analysed.flatMap(\.1))
            guard judging else { return (rows, found) }
            // The total of a breakdown: its changes, with what each value added; no table row
            // or trend (the table shows the series PostHog shows).
            let totals = BreakdownTotal.totals(of: series).flatMap { total in
                analyse(total.series, context, total: total).1.filter { $0.kind == .change }
            }
            return (rows, found + totals)
        case .aggregates(let values):
            let rows = values.map { value in
                context.summary(
                    series: value.breakdown.map { "\(value.name) · \($0)" } ?? value.name, value: value.value,
                    unit: "count")
            }
            return (rows, [])
        case .funnel(let funnels):
            return analyse(funnels, context)
        case .retention(let matrix):
            return analyse(matrix, context)
        case .lifecycle(let lifecycle):
            return analyse(lifecycle, context)
        case .stickiness(let items):
            let rows = items.compactMap { item -> MetricSummary? in
                let total = item.buckets.reduce(0) { $0 + $1.count }
                guard total > 0, let once = item.buckets.first?.count else { return nil }
                return context.summary(
                    series: "\(item.name): active on 2+ days", value: 100 * (total - once) / total, unit: "percent")
            }
            return (rows, [])
        case .table(let table):
            return (tableRows(table, context), [])
        }
    }

    /// The reviewed complete periods: the last `days` complete days before the latest complete
    /// day of any daily series (or of any series, when none is daily).
    static func window(of dashboards: [DashboardMetrics], kind: ReportKind, days: Int) -> ReportWindow? {
        var latest: (start: Date, zone: TimeZone, interval: Interval)?
        for insight in dashboards.flatMap(\.insights) {
            let series: [TimeSeries]
            switch insight.content {
            case .series(let items): series = items
            case .lifecycle(let lifecycle): series = [lifecycle.new]
            default: continue
            }
            for item in series {
                guard let last = item.completePoints.last else { continue }
                // A day is the date it is labelled with: a SQL day bucketed in UTC in a project
                // elsewhere starts at another local hour, but is still that day.
                let start =
                    item.interval == .day
                    ? Timestamp.localStart(last.period, in: insight.timezone) ?? last.start : last.start
                // A daily series defines the window when there is one; among equals, the latest.
                func rank(_ interval: Interval, _ start: Date) -> (Int, Date) { (interval == .day ? 1 : 0, start) }
                if latest.map({ rank(item.interval, start) > rank($0.interval, $0.start) }) ?? true {
                    latest = (start, insight.timezone, item.interval)
                }
            }
        }
        guard let latest else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = latest.zone
        let end = latest.interval.end(of: latest.start, calendar: calendar)
        let lastDay = calendar.date(byAdding: .day, value: -1, to: end) ?? latest.start
        let firstDay = calendar.date(byAdding: .day, value: -(days - 1), to: lastDay) ?? lastDay
        return ReportWindow(
            from: Timestamp.localDay(firstDay, in: latest.zone), to: Timestamp.localDay(lastDay, in: latest.zone))
    }

    /// The findings the metric overrides let through (direction, volume, muting).
    static func admitted(
        _ findings: [Finding], settings: ThresholdSettings, dashboards: [DashboardMetrics], window: ReportWindow?
    ) -> [Finding] {
        guard !settings.overrides.isEmpty else { return findings }
        let insights = Dictionary(
            dashboards.flatMap(\.insights).map { ($0.insightID, $0) }, uniquingKeysWith: { first, _ in first })
        return settings.overrides.admit(findings, insights: insights, lastDay: window?.to)
    }

    /// Most severe first, then the largest change, then by id so that ties are stable. Ids are
    /// unique (asserted in debug builds), so the order is total.
    static func ranked(_ findings: [Finding]) -> [Finding] {
        FindingID.assertUnique(findings)
        return findings.sorted { a, b in
            if a.severity != b.severity { return a.severity > b.severity }
            let sizeA = abs(a.change ?? 0)
            let sizeB = abs(b.change ?? 0)
            if sizeA != sizeB { return sizeA > sizeB }
            return a.id < b.id
        }
    }
}
