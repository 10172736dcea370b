import Foundation

/// One period of a series.
public struct Point: Sendable, Equatable {
    /// The period as PostHog labels it, local to the project: `2026-11-24`, `2026-11-24 13:00:00`.
    public let period: String
    public let start: Date
    /// nil when PostHog sent `null` (a NaN or a missing value): missing, never zero.
    public let value: Double?
    /// False for a period that had not ended when the data was computed: its value is partial.
    public let isComplete: Bool

    public init(period: String, start: Date, value: Double?, isComplete: Bool) {
        self.period = period
        self.start = start
        self.value = value
        self.isComplete = isComplete
    }
}

/// A time series of one insight: one query series, for one breakdown value and compare period.
public struct TimeSeries: Sendable {
    /// What people call it: the series' custom name, event name, or breakdown value.
    public let name: String
    /// The breakdown value's display form (`Other` and `None` for PostHog's sentinels), if any.
    public let breakdown: String?
    /// `current` or `previous` when the insight compares periods.
    public let compareLabel: String?
    /// What identifies the series within its insight whatever it is called (see `SeriesKey`).
    public let key: SeriesKey
    public let interval: Interval
    /// What each value measures: PostHog's `math` (`total`, `dau`, `avg`, ...), `conversion`
    /// for funnel trends (percent), or nil when unknown.
    public let measure: String?
    /// Sorted by start, without duplicates.
    public let points: [Point]
    /// Where the complete periods end when they are a prefix of `points` (the usual case: all but
    /// the period under way); nil when an incomplete period comes before a complete one. Found
    /// once: `completePoints` is asked for by every stage of the analysis.
    private let completePrefix: Int?

    /// - Parameter key: the series' structural key; when nil (a series built by hand), its name,
    ///   breakdown and compare label stand in for it.
    public init(
        name: String, breakdown: String? = nil, compareLabel: String? = nil, interval: Interval,
        measure: String? = nil, points: [Point], key: SeriesKey? = nil
    ) {
        self.name = name
        self.breakdown = breakdown
        self.compareLabel = compareLabel
        self.key =
            key
            ?? SeriesKey(
                [.init("name", name)] + SeriesKey(order: nil, breakdown: breakdown, compare: compareLabel).parts)
        self.interval = interval
        self.measure = measure
        self.points = points
        if let firstIncomplete = points.firstIndex(where: { !$0.isComplete }) {
            completePrefix = points[firstIncomplete...].contains(where: \.isComplete) ? nil : firstIncomplete
        } else {
            completePrefix = points.count
        }
    }

    /// True when values are counts of events or people, which a minimum-volume floor applies to.
    public var isCount: Bool {
        guard let measure else { return true }
        return ["total", "dau", "weekly_active", "monthly_active", "unique_session", "unique_group"].contains(measure)
    }

    /// The periods that had ended; the trailing incomplete ones are left out. Indexed from 0.
    /// Asked for often (every stage of the analysis, of every series): usually every period but
    /// the one under way, so a prefix of `points` is handed out as a slice, not copied (a `Point`
    /// holds a string, so an array of them is copied point by point).
    public var completePoints: ArraySlice<Point> {
        guard let completePrefix else { return points.filter(\.isComplete)[...] }
        return points[..<completePrefix]
    }

    /// The same series reduced to its last `count` complete periods and any incomplete ones
    /// after them (what `--days N` shows).
    public func lastCompletePeriods(_ count: Int) -> TimeSeries {
        let completeIndices = points.indices.filter { points[$0].isComplete }
        guard completeIndices.count > count, count >= 0 else { return self }
        let first =
            count == 0 ? (completeIndices.last.map { $0 + 1 } ?? 0) : completeIndices[completeIndices.count - count]
        return TimeSeries(
            name: name, breakdown: breakdown, compareLabel: compareLabel, interval: interval, measure: measure,
            points: Array(points[first...]), key: key)
    }
}

/// A single number: a BoldNumber, table or pie total.
public struct AggregateValue: Sendable {
    public let name: String
    public let breakdown: String?
    public let value: Double

    public init(name: String, breakdown: String? = nil, value: Double) {
        self.name = name
        self.breakdown = breakdown
        self.value = value
    }
}

/// One step of a funnel.
public struct FunnelStep: Sendable {
    public let name: String
    public let count: Double
    public let averageConversionTime: Double?
    public let medianConversionTime: Double?

    public init(name: String, count: Double, averageConversionTime: Double? = nil, medianConversionTime: Double? = nil)
    {
        self.name = name
        self.count = count
        self.averageConversionTime = averageConversionTime
        self.medianConversionTime = medianConversionTime
    }
}

/// A funnel's steps, for one breakdown value or for everyone.
public struct Funnel: Sendable {
    /// The breakdown value's display form (`Other`, `None` for PostHog's sentinels).
    public let breakdown: String?
    /// The raw breakdown value as text, for identity (see `SeriesKey`); the display form by default.
    public let breakdownKey: String?
    public let steps: [FunnelStep]

    public init(breakdown: String? = nil, steps: [FunnelStep], breakdownKey: String? = nil) {
        self.breakdown = breakdown
        self.breakdownKey = breakdownKey ?? breakdown
        self.steps = steps
    }
}

/// A retention table: one row per cohort, one cell per period since the cohort started.
public struct RetentionMatrix: Sendable {
    public struct Cohort: Sendable {
        public let start: Date
        /// The cohort's local start date, `YYYY-MM-DD`.
        public let label: String
        public let breakdown: String?
        /// People from the cohort active in each period since its start. nil where the period
        /// had not ended when the data was computed: PostHog sends `0.0` for future cells and a
        /// partial count for the current one; both are missing, not zero.
        public let cells: [Double?]

        public init(start: Date, label: String, breakdown: String? = nil, cells: [Double?]) {
            self.start = start
            self.label = label
            self.breakdown = breakdown
            self.cells = cells
        }

        /// People in the cohort (its period-0 count); nil while period 0 is still running.
        public var size: Double? { cells.first ?? nil }
    }

    public let period: Interval
    public let cohorts: [Cohort]

    public init(period: Interval, cohorts: [Cohort]) {
        self.period = period
        self.cohorts = cohorts
    }
}

/// Growth accounting: people new, returning, resurrecting and going dormant per period.
public struct Lifecycle: Sendable {
    public let interval: Interval
    public let new: TimeSeries
    public let returning: TimeSeries
    public let resurrecting: TimeSeries
    /// Negative, as PostHog sends it.
    public let dormant: TimeSeries

    public init(
        interval: Interval, new: TimeSeries, returning: TimeSeries, resurrecting: TimeSeries, dormant: TimeSeries
    ) {
        self.interval = interval
        self.new = new
        self.returning = returning
        self.resurrecting = resurrecting
        self.dormant = dormant
    }
}

/// How many people did something on 1, 2, ... n periods of the range.
public struct Stickiness: Sendable {
    public let name: String
    public let buckets: [(label: String, count: Double)]

    public init(name: String, buckets: [(label: String, count: Double)]) {
        self.name = name
        self.buckets = buckets
    }
}

/// The rows of a SQL (HogQL) insight that is not a time series (see `InsightNormaliser`).
public struct Table: Sendable {
    public let columns: [String]
    /// ClickHouse type per column, e.g. `UInt64`; empty strings when PostHog sent none.
    public let types: [String]
    public let rows: [[JSONValue]]
    /// What each column holds, from its type, or from its values when it has none.
    public let roles: [ColumnRole]

    public init(columns: [String], types: [String], rows: [[JSONValue]]) {
        self.columns = columns
        self.types = types
        self.rows = rows
        roles = columns.indices.map { column in
            ColumnRole(clickHouseType: types[safe: column] ?? "")
                ?? ColumnRole(values: rows.compactMap { $0[safe: column] })
        }
    }
}

/// What an insight measures, normalised and typed.
public enum MetricContent: Sendable {
    case series([TimeSeries])
    case aggregates([AggregateValue])
    case funnel([Funnel])
    case retention(RetentionMatrix)
    case lifecycle(Lifecycle)
    case stickiness([Stickiness])
    case table(Table)
}

/// One insight, read and normalised.
public struct InsightMetrics: Sendable {
    public let insightID: Int
    public let shortID: String?
    public let name: String
    public let kind: InsightKind
    public let timezone: TimeZone
    /// The instant the data describes: periods ending after it are incomplete.
    public let asOf: Date
    public let content: MetricContent
    /// The same metric over the preceding window, when fetched (funnels: see `Insight.previousResult`).
    public var previous: MetricContent?

    public init(
        insightID: Int, shortID: String? = nil, name: String, kind: InsightKind, timezone: TimeZone, asOf: Date,
        content: MetricContent, previous: MetricContent? = nil
    ) {
        self.insightID = insightID
        self.shortID = shortID
        self.name = name
        self.kind = kind
        self.timezone = timezone
        self.asOf = asOf
        self.content = content
        self.previous = previous
    }
}

/// An insight or tile that could not be analysed, and why. Listed in reports, never dropped.
public struct Skipped: Sendable, Codable, Equatable {
    public let insight: String
    public let reason: String

    public init(insight: String, reason: String) {
        self.insight = insight
        self.reason = reason
    }
}

/// A dashboard's insights, normalised, with what had to be skipped and its text cards.
public struct DashboardMetrics: Sendable {
    public let id: Int
    public let name: String
    public let insights: [InsightMetrics]
    public let skipped: [Skipped]
    public let notes: [String]

    public init(id: Int, name: String, insights: [InsightMetrics], skipped: [Skipped] = [], notes: [String] = []) {
        self.id = id
        self.name = name
        self.insights = insights
        self.skipped = skipped
        self.notes = notes
    }
}

extension InsightMetrics {
    /// The same insight with every time series cut to its last `count` complete periods.
    public func lastCompletePeriods(_ count: Int) -> InsightMetrics {
        let content: MetricContent
        switch self.content {
        case .series(let series): content = .series(series.map { $0.lastCompletePeriods(count) })
        case .lifecycle(let lifecycle):
            content = .lifecycle(
                Lifecycle(
                    interval: lifecycle.interval, new: lifecycle.new.lastCompletePeriods(count),
                    returning: lifecycle.returning.lastCompletePeriods(count),
                    resurrecting: lifecycle.resurrecting.lastCompletePeriods(count),
                    dormant: lifecycle.dormant.lastCompletePeriods(count)))
        default: content = self.content
        }
        return InsightMetrics(
            insightID: insightID, shortID: shortID, name: name, kind: kind, timezone: timezone, asOf: asOf,
            content: content, previous: previous)
    }
}
