/// The parts of an insight's `query` that decide how its `result` is read. Only these fields are
/// decoded; PostHog's query schema has many more, and unknown keys are ignored.
public struct InsightQuery: Decodable, Sendable, Equatable {
    /// `InsightVizNode`, `DataVisualizationNode`, `DataTableNode`, `HogQuery`, ...
    public var kind: String
    public var source: Source?

    public struct Source: Decodable, Sendable, Equatable {
        /// `TrendsQuery`, `FunnelsQuery`, `RetentionQuery`, `LifecycleQuery`, `StickinessQuery`,
        /// `PathsQuery`, `HogQLQuery`, ...
        public var kind: String
        public var interval: String?
        public var series: [SeriesNode]?
        public var trendsFilter: TrendsFilter?
        public var funnelsFilter: FunnelsFilter?
        public var retentionFilter: RetentionFilter?
        public var breakdownFilter: BreakdownFilter?
        public var query: String?
    }

    public struct SeriesNode: Decodable, Sendable, Equatable {
        public var kind: String?
        public var event: String?
        public var name: String?
        public var customName: String?
        public var math: String?

        enum CodingKeys: String, CodingKey {
            case kind, event, name, math
            case customName = "custom_name"
        }
    }

    public struct TrendsFilter: Decodable, Sendable, Equatable {
        public var display: String?
    }

    public struct FunnelsFilter: Decodable, Sendable, Equatable {
        public var funnelVizType: String?
        public var funnelFromStep: Int?
        public var funnelToStep: Int?
    }

    public struct RetentionFilter: Decodable, Sendable, Equatable {
        public var period: String?
        public var totalIntervals: Int?
    }

    public struct BreakdownFilter: Decodable, Sendable, Equatable {
        public var breakdown: JSONValue?
        public var breakdownType: String?

        enum CodingKeys: String, CodingKey {
            case breakdown
            case breakdownType = "breakdown_type"
        }
    }

    /// What kind of chart this query draws, which fixes the shape of the insight's `result`.
    public var insightKind: InsightKind {
        switch (kind, source?.kind) {
        case ("InsightVizNode", "TrendsQuery"?):
            let display = source?.trendsFilter?.display ?? "ActionsLineGraph"
            return InsightKind.totalValueDisplays.contains(display) ? .aggregate : .trends
        case ("InsightVizNode", "FunnelsQuery"?):
            switch source?.funnelsFilter?.funnelVizType ?? "steps" {
            case "steps": return .funnel
            case "trends": return .funnelTrends
            case let other: return .unsupported("funnel shown as \(other)")
            }
        case ("InsightVizNode", "RetentionQuery"?): return .retention
        case ("InsightVizNode", "LifecycleQuery"?): return .lifecycle
        case ("InsightVizNode", "StickinessQuery"?): return .stickiness
        case ("DataVisualizationNode", "HogQLQuery"?), ("DataTableNode", "HogQLQuery"?): return .table
        case (_, let sourceKind?): return .unsupported("\(kind) of \(sourceKind)")
        default: return .unsupported(kind)
        }
    }
}

/// The chart kinds dashbrief reads, plus the reason it cannot read the others.
public enum InsightKind: Sendable, Equatable, CustomStringConvertible {
    case trends, aggregate, funnel, funnelTrends, retention, lifecycle, stickiness, table
    case unsupported(String)

    /// Trends displays whose result is one total per series (`aggregated_value`), not a series.
    static let totalValueDisplays: Set<String> = [
        "BoldNumber", "ActionsTable", "ActionsPie", "ActionsBarValue", "WorldMap",
    ]

    public var description: String {
        switch self {
        case .trends: "trends"
        case .aggregate: "aggregate"
        case .funnel: "funnel"
        case .funnelTrends: "funnel trends"
        case .retention: "retention"
        case .lifecycle: "lifecycle"
        case .stickiness: "stickiness"
        case .table: "table"
        case .unsupported(let what): "unsupported (\(what))"
        }
    }
}
