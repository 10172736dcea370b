extension InsightQuery {
    /// The query equivalent of an insight that carries only legacy `filters` (older self-hosted
    /// PostHog, before insights were saved as queries). The result shapes are the same, so such an
    /// insight is read exactly like its query twin: the kind from `insight` (`TRENDS`, `FUNNELS`,
    /// `RETENTION`, `LIFECYCLE`, `STICKINESS`, `PATHS`; a `TRENDS` insight `shown_as` `Lifecycle`
    /// or `Stickiness` from before those had kinds of their own), `display`, `interval`,
    /// `funnel_viz_type`, retention `period`, `breakdown`, and the series from `events` and
    /// `actions` in their `order`.
    ///
    /// nil when `filters` names no insight kind: an empty `filters` (a query insight without its
    /// query) or a kind PostHog never had.
    init?(legacyFilters filters: [String: JSONValue]) {
        let named = filters["insight"]?.string?.uppercased()
        // PostHog's legacy `Filter` defaulted to trends; a filter with series and no kind is one.
        let insight = named ?? (filters["events"] != nil || filters["actions"] != nil ? "TRENDS" : nil)
        let shownAs = filters["shown_as"]?.string?.lowercased()
        let sourceKind: String
        switch insight {
        case "TRENDS" where shownAs == "lifecycle": sourceKind = "LifecycleQuery"
        case "TRENDS" where shownAs == "stickiness": sourceKind = "StickinessQuery"
        case "TRENDS": sourceKind = "TrendsQuery"
        case "FUNNELS": sourceKind = "FunnelsQuery"
        case "RETENTION": sourceKind = "RetentionQuery"
        case "LIFECYCLE": sourceKind = "LifecycleQuery"
        case "STICKINESS": sourceKind = "StickinessQuery"
        case "PATHS": sourceKind = "PathsQuery"
        default: return nil
        }
        var source = Source(kind: sourceKind)
        source.interval = filters["interval"]?.string
        source.series = Self.legacySeries(filters)
        source.trendsFilter = TrendsFilter(display: filters["display"]?.string)
        source.funnelsFilter = FunnelsFilter(
            funnelVizType: filters["funnel_viz_type"]?.string, funnelFromStep: filters["funnel_from_step"]?.integer,
            funnelToStep: filters["funnel_to_step"]?.integer)
        source.retentionFilter = RetentionFilter(
            period: filters["period"]?.string, totalIntervals: filters["total_intervals"]?.integer)
        if let breakdown = filters["breakdown"], breakdown != .null {
            source.breakdownFilter = BreakdownFilter(
                breakdown: breakdown, breakdownType: filters["breakdown_type"]?.string)
        }
        self.init(kind: "InsightVizNode", source: source)
    }

    /// `events` and `actions` as query series, in PostHog's `order` across both lists.
    private static func legacySeries(_ filters: [String: JSONValue]) -> [SeriesNode]? {
        var entities: [(order: Int, node: SeriesNode)] = []
        for (key, kind) in [("events", "EventsNode"), ("actions", "ActionsNode")] {
            guard case .array(let items)? = filters[key] else { continue }
            for item in items {
                guard case .object(let entity) = item else { continue }
                let node = SeriesNode(
                    kind: kind, event: kind == "EventsNode" ? entity["id"]?.string : nil,
                    name: entity["name"]?.string, customName: entity["custom_name"]?.string,
                    math: entity["math"]?.string)
                entities.append((entity["order"]?.integer ?? entities.count, node))
            }
        }
        guard !entities.isEmpty else { return nil }
        return entities.enumerated().sorted { ($0.element.order, $0.offset) < ($1.element.order, $1.offset) }
            .map(\.element.node)
    }
}
