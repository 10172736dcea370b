import Foundation

/// Why an insight could not be normalised; becomes a `Skipped` entry with `reason`.
public struct NormalisationError: Error, Sendable, Equatable, CustomStringConvertible {
    public let reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// Turns decoded insights into typed metrics.
///
/// A period is complete only if it ended (in the project's time zone) no later than the moment
/// the result was computed: the insight's `last_refresh`, or `now` if that is earlier or absent.
///
/// A SQL insight whose columns include a date and numbers becomes time series, like trends (see
/// `sqlTimeSeries`); other SQL results stay a `Table`. An empty result (`[]`) is not an insight
/// about nothing: it fails with "no data in the range", to be listed with that reason.
///
/// `now` may be earlier than the data (a report "as of" a past day, replayed from a snapshot).
/// Then the data is seen as it was at `now`: periods that start after it are left out, the period
/// under way has no value yet (its recorded value is the whole period's), retention cohorts that
/// had not started are left out, and results that total the whole range (funnels, single numbers,
/// stickiness, SQL tables without dates) cannot be seen, so those insights are skipped with the
/// reason.
public struct InsightNormaliser: Sendable {
    /// "Now": the recording time of a snapshot, the clock for a live fetch, or an earlier instant
    /// to evaluate the data as of.
    public let now: Date
    /// When the data was fetched or recorded: no result in it is newer. It decides whether `now`
    /// is earlier than the data, ahead of `last_refresh`, which a tile refetched through
    /// `query/` may carry stale or not at all.
    public let dataComputedAt: Date?
    /// Zone used when an insight does not name one (the snapshot's or project's).
    public let fallbackTimeZone: TimeZone
    /// Period labels already placed in time, shared by every insight this normaliser reads.
    let boundaries = PeriodBoundaries()

    public init(now: Date, dataComputedAt: Date? = nil, fallbackTimeZone: TimeZone = .gmt) {
        self.now = now
        self.dataComputedAt = dataComputedAt
        self.fallbackTimeZone = fallbackTimeZone
    }

    public func metrics(for insight: Insight) throws(NormalisationError) -> InsightMetrics {
        let zone = insight.timezone.flatMap(TimeZone.init(identifier:)) ?? fallbackTimeZone
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let refreshed = insight.lastRefresh.flatMap(Timestamp.instant)
        let asOf = min(refreshed ?? now, now)
        let rewound = now < (dataComputedAt ?? refreshed ?? now)
        let reader = ResultReader(
            calendar: calendar, asOf: asOf, rewound: rewound, query: insight.query, boundaries: boundaries)
        let wholeRange = NormalisationError(
            "\(insight.kind) results total the whole recorded range, so they cannot be seen as of "
                + Timestamp.localDay(now, in: zone))
        if rewound, [.aggregate, .funnel, .stickiness].contains(insight.kind) { throw wholeRange }

        let content: MetricContent
        switch (insight.kind, insight.result) {
        case (_, .unavailable(let why)):
            throw NormalisationError(why)
        case (.unsupported(let what), _), (_, .unsupported(let what)):
            throw NormalisationError("unsupported insight kind: \(what)")
        case (_, let result) where result.isEmpty:
            throw NormalisationError("no data in the range: PostHog returned an empty result")
        case (.trends, .series(let series)), (.funnelTrends, .series(let series)):
            content = .series(try reader.timeSeries(series))
        case (.aggregate, .series(let series)):
            content = .aggregates(try reader.aggregates(series))
        case (.lifecycle, .series(let series)):
            content = .lifecycle(try reader.lifecycle(series))
        case (.stickiness, .series(let series)):
            content = .stickiness(reader.stickiness(series))
        case (.funnel, .funnel(let funnel)):
            content = .funnel(try reader.funnels(funnel))
        case (.retention, .retention(let cohorts)):
            content = .retention(try reader.retention(cohorts))
        case (.table, .table(let rows)):
            let table = try reader.table(rows, columns: insight.columns, types: insight.types)
            if let series = try reader.sqlTimeSeries(table) {
                // Rows PostHog left out may be any periods, the latest included: no guessing.
                if insight.hasMore == true {
                    throw NormalisationError(
                        "PostHog sent only the first \(rows.count) rows (hasMore), so periods are missing: "
                            + "add a LIMIT to the query that covers the whole range")
                }
                content = .series(series)
            } else if rewound {
                throw wholeRange
            } else {
                content = .table(table)
            }
        default:
            throw NormalisationError("result does not match the \(insight.kind) query")
        }
        var previous: MetricContent?
        if !rewound, case .funnel(let funnel)? = insight.previousResult {
            previous = try? .funnel(reader.funnels(funnel))  // optional extra: never fails the insight
        }
        return InsightMetrics(
            insightID: insight.id, shortID: insight.shortID, name: insight.displayName, kind: insight.kind,
            timezone: zone, asOf: asOf, content: content, previous: previous)
    }

    /// Every tile of a dashboard: insights normalised, the rest skipped with a reason or kept as notes.
    public func metrics(for dashboard: Dashboard) -> DashboardMetrics {
        var insights: [InsightMetrics] = []
        var skipped: [Skipped] = []
        var notes: [String] = []
        for tile in dashboard.tiles {
            switch tile.content {
            case .insight(let insight):
                do {
                    insights.append(try metrics(for: insight))
                } catch {
                    skipped.append(Skipped(insight: insight.displayName, reason: error.reason))
                }
            case .text(let body):
                if !body.isEmpty { notes.append(body) }
            case .button:
                break
            case .malformed(let why):
                skipped.append(Skipped(insight: "tile \(tile.id.map(String.init) ?? "?")", reason: why))
            }
        }
        return DashboardMetrics(
            id: dashboard.id, name: dashboard.name, insights: insights, skipped: skipped, notes: notes)
    }
}

/// Reads one insight's result; holds what every reader needs.
struct ResultReader {
    let calendar: Calendar
    let asOf: Date
    /// The data was computed after `asOf`: cut it back to what was known then.
    let rewound: Bool
    let query: InsightQuery?
    let boundaries: PeriodBoundaries

    /// A series' period labels and their periods, kept for the next series of the insight.
    typealias Labelled = (labels: [String], periods: [PeriodBoundaries.Period?])

    var interval: Interval { Interval(posthog: query?.source?.interval) ?? .day }

    func seriesName(_ series: SeriesResult, index: Int) -> String {
        if let custom = series.action?.customName, !custom.isEmpty { return custom }
        let node = query?.source?.series?[safe: series.action?.order ?? series.order ?? index]
        if let custom = node?.customName, !custom.isEmpty { return custom }
        return series.action?.name ?? series.label ?? "Series \(index + 1)"
    }

    /// A trends series' key: PostHog's series order; without one, the event or action it counts
    /// (the position in the result is the last resort, since PostHog ranks broken-down rows by
    /// volume and that order changes from day to day).
    func seriesKey(_ series: SeriesResult, index: Int, breakdown: String?) -> SeriesKey {
        if let order = series.action?.order ?? series.order {
            return SeriesKey(order: order, breakdown: breakdown, compare: series.compareLabel)
        }
        var parts: [SeriesKey.Part] =
            series.action?.id.map { [.init("e", $0.description)] } ?? [.init("s", String(index))]
        parts += SeriesKey(order: nil, breakdown: breakdown, compare: series.compareLabel).parts
        return SeriesKey(parts)
    }

    func timeSeries(_ results: [SeriesResult]) throws(NormalisationError) -> [TimeSeries] {
        let querySeriesCount = max(1, query?.source?.series?.count ?? 1)
        var output: [TimeSeries] = []
        var previous: Labelled?
        for (index, series) in results.enumerated() {
            let breakdown = Breakdown.display(series.breakdownValue)
            let base = seriesName(series, index: index)
            let name: String
            if let breakdown {
                name =
                    querySeriesCount > 1 || query?.source?.kind == "FunnelsQuery" ? "\(base) · \(breakdown)" : breakdown
            } else if query?.source?.kind == "FunnelsQuery" {
                name = "Conversion"
            } else {
                name = base
            }
            // Trends are keyed by PostHog's series order, which survives renaming; funnel trends
            // have one conversion series per breakdown value.
            let breakdownKey = Breakdown.keyText(series.breakdownValue)
            let key =
                query?.source?.kind == "FunnelsQuery"
                ? SeriesKey([.init("m", "conversion")] + SeriesKey(order: nil, breakdown: breakdownKey).parts)
                : seriesKey(series, index: index, breakdown: breakdownKey)
            output.append(
                TimeSeries(
                    name: name, breakdown: breakdown, compareLabel: series.compareLabel, interval: interval,
                    measure: query?.source?.kind == "FunnelsQuery" ? "conversion" : series.action?.math,
                    points: try points(series, path: "result[\(index)]", previous: &previous), key: key))
        }
        return output
    }

    /// - Parameter previous: the insight's last series' labels, reused when they are the same.
    func points(
        _ series: SeriesResult, path: String, previous: inout Labelled?
    ) throws(NormalisationError) -> [Point] {
        guard series.days.count == series.data.count else {
            throw NormalisationError(
                "\(path): \(series.days.count) periods in days but \(series.data.count) values in data")
        }
        var points: [Point] = []
        points.reserveCapacity(series.days.count)
        let periods: [PeriodBoundaries.Period?]
        // The series of one insight share their labels: placed once, without the shared lock.
        if let previous, previous.labels == series.days {
            periods = previous.periods
        } else {
            periods = boundaries.periods(series.days, interval: interval, calendar: calendar)
            previous = (series.days, periods)
        }
        for (offset, day) in series.days.enumerated() {
            guard let (start, end) = periods[offset] else {
                throw NormalisationError("\(path).days[\(offset)]: \"\(day)\" is not a date")
            }
            if rewound && start > asOf { continue }  // not yet begun at `asOf`
            let complete = end <= asOf
            // Rewound, the period under way holds the whole period's value, not what was known then.
            let value = rewound && !complete ? nil : series.data[offset].flatMap { $0.isFinite ? $0 : nil }
            points.append(Point(period: day, start: start, value: value, isComplete: complete))
        }
        // PostHog sends periods in order; sorting is only for the rare result that is not.
        if !points.indices.dropFirst().allSatisfy({ points[$0 - 1].start <= points[$0].start }) {
            points.sort { $0.start < $1.start }
        }
        for index in points.indices.dropFirst() where points[index].start == points[index - 1].start {
            throw NormalisationError("\(path).days: period \(points[index].period) appears twice")
        }
        return points
    }

    func aggregates(_ results: [SeriesResult]) throws(NormalisationError) -> [AggregateValue] {
        try results.enumerated().map { (index, series) throws(NormalisationError) in
            guard let value = series.aggregatedValue ?? series.count, value.isFinite else {
                throw NormalisationError("result[\(index)].aggregated_value: missing or not a number")
            }
            return AggregateValue(
                name: seriesName(series, index: index), breakdown: Breakdown.display(series.breakdownValue),
                value: value)
        }
    }

    func lifecycle(_ results: [SeriesResult]) throws(NormalisationError) -> Lifecycle {
        var byStatus: [String: TimeSeries] = [:]
        var previous: Labelled?
        for (index, series) in results.enumerated() {
            guard
                let status = series.status
                    ?? series.label?.split(separator: "-").last.map({ $0.trimmingCharacters(in: .whitespaces) })
            else { throw NormalisationError("result[\(index)].status: missing") }
            byStatus[status] = TimeSeries(
                name: status, interval: interval, measure: "total",
                points: try points(series, path: "result[\(index)]", previous: &previous),
                key: SeriesKey([.init("status", status)]))
        }
        let statuses = ["new", "returning", "resurrecting", "dormant"]
        guard let new = byStatus["new"], let returning = byStatus["returning"],
            let resurrecting = byStatus["resurrecting"], let dormant = byStatus["dormant"]
        else {
            let missing = statuses.filter { byStatus[$0] == nil }.joined(separator: ", ")
            throw NormalisationError("result: lifecycle status missing: \(missing)")
        }
        return Lifecycle(
            interval: interval, new: new, returning: returning, resurrecting: resurrecting, dormant: dormant)
    }

    func stickiness(_ results: [SeriesResult]) -> [Stickiness] {
        results.enumerated().map { index, series in
            let labels = series.labels ?? series.days.map { "\($0) days" }
            let buckets = zip(labels, series.data).map { (label: $0, count: $1 ?? 0) }
            return Stickiness(name: seriesName(series, index: index), buckets: buckets)
        }
    }

    func funnels(_ funnel: FunnelResult) throws(NormalisationError) -> [Funnel] {
        try funnel.groups.enumerated().map { (groupIndex, steps) throws(NormalisationError) in
            guard !steps.isEmpty else { throw NormalisationError("result[\(groupIndex)]: funnel has no steps") }
            let ordered = steps.sorted { ($0.order ?? 0) < ($1.order ?? 0) }
            let querySeries = query?.source?.series
            let mapped = ordered.enumerated().map { index, step in
                let custom = step.customName ?? querySeries?[safe: step.order ?? index]?.customName
                return FunnelStep(
                    name: custom ?? step.name ?? "Step \(index + 1)", count: step.count,
                    averageConversionTime: step.averageConversionTime, medianConversionTime: step.medianConversionTime)
            }
            let breakdown = Breakdown.display(ordered[0].breakdownValue) ?? Breakdown.display(ordered[0].breakdown)
            let breakdownKey = Breakdown.keyText(ordered[0].breakdownValue) ?? Breakdown.keyText(ordered[0].breakdown)
            return Funnel(breakdown: breakdown, steps: mapped, breakdownKey: breakdownKey)
        }
    }

    func retention(_ results: [RetentionCohortResult]) throws(NormalisationError) -> RetentionMatrix {
        let period = Interval(posthog: query?.source?.retentionFilter?.period) ?? .day
        var cohorts: [RetentionMatrix.Cohort] = []
        for (index, row) in results.enumerated() {
            guard let start = Timestamp.localStart(row.date, in: calendar.timeZone) else {
                throw NormalisationError("result[\(index)].date: \"\(row.date)\" is not a timestamp")
            }
            if rewound && start > asOf { continue }  // the cohort had not started at `asOf`
            var cells: [Double?] = []
            var cellStart = start
            for cell in row.values {
                let cellEnd = period.end(of: cellStart, calendar: calendar)
                cells.append(cellEnd <= asOf && cell.count.isFinite ? cell.count : nil)
                cellStart = cellEnd
            }
            cohorts.append(
                RetentionMatrix.Cohort(
                    start: start, label: Timestamp.localDay(start, in: calendar.timeZone),
                    breakdown: Breakdown.display(row.breakdownValue), cells: cells))
        }
        cohorts.sort { $0.start < $1.start }
        return RetentionMatrix(period: period, cohorts: cohorts)
    }

    func table(_ rows: [[JSONValue]], columns: [String]?, types: [[String]]?) throws(NormalisationError) -> Table {
        let width = rows.first?.count ?? columns?.count ?? 0
        let names = columns ?? (0..<width).map { "column \($0 + 1)" }
        for (index, row) in rows.enumerated() where row.count != names.count {
            throw NormalisationError("result[\(index)]: \(row.count) cells but \(names.count) columns")
        }
        // One type per column in order; by name only when PostHog's list does not line up.
        let typeNames = names.indices.map { index in
            (types?.count == names.count ? types?[index] : types?.first { $0.first == names[index] })?.last ?? ""
        }
        return Table(columns: names, types: typeNames, rows: rows)
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
