/// One line of a report's metrics table: where a metric stands at the end of the window.
public struct MetricSummary: Codable, Sendable, Equatable {
    public var dashboard: String
    public var insight: String
    public var insightID: Int
    public var series: String
    /// `trends`, `funnel trends`, `aggregate`, ...
    public var kind: String
    /// The last complete period (or, for weekly reports, the last of the 7 days), if any.
    public var period: String?
    public var value: Double?
    /// What `value` is compared with, and the relative changes.
    public var previous: Double?
    public var change: Double?
    public var comparison: String?
    /// Daily series: the same weekday a week earlier.
    public var weekAgo: Double?
    public var weekAgoChange: Double?
    /// Least-squares growth over the window, as a fraction of the window mean per week.
    public var growthPerWeek: Double?
    public var unit: String

    enum CodingKeys: String, CodingKey {
        case dashboard, insight, series, kind, period, value, previous, change, comparison, unit
        case insightID = "insight_id"
        case weekAgo = "week_ago"
        case weekAgoChange = "week_ago_change"
        case growthPerWeek = "growth_per_week"
    }

    public init(
        dashboard: String, insight: String, insightID: Int, series: String, kind: String, period: String? = nil,
        value: Double? = nil, previous: Double? = nil, change: Double? = nil, comparison: String? = nil,
        weekAgo: Double? = nil, weekAgoChange: Double? = nil, growthPerWeek: Double? = nil, unit: String = "count"
    ) {
        self.dashboard = dashboard
        self.insight = insight
        self.insightID = insightID
        self.series = series
        self.kind = kind
        self.period = period
        self.value = value.map(Rounding.significant)
        self.previous = previous.map(Rounding.significant)
        self.change = change.map { Rounding.places($0, 4) }
        self.comparison = comparison
        self.weekAgo = weekAgo.map(Rounding.significant)
        self.weekAgoChange = weekAgoChange.map { Rounding.places($0, 4) }
        self.growthPerWeek = growthPerWeek.map { Rounding.places($0, 4) }
        self.unit = unit
    }
}
