extension FastDashboardReader {
    /// An insight's query by `InsightQuery`'s synthesised decoding, read off the tape (a large
    /// project's thousands of queries through `JSONDecoder` were a few percent of a weekly run).
    /// Throws `Unreadable` for anything that decoding might read otherwise (a number where a
    /// string is, an integer written with a fraction): the caller then asks Codable.
    static func query(_ value: FastJSON.Value) throws(Unreadable) -> InsightQuery {
        let object = try value.object()
        guard let kind = try object.present("kind") else { throw Unreadable(reason: "a query without a kind") }
        return InsightQuery(kind: try kind.string(), source: try object.present("source").map(querySource))
    }

    private static func querySource(_ value: FastJSON.Value) throws(Unreadable) -> InsightQuery.Source {
        let object = try value.object()
        guard let kind = try object.present("kind") else { throw Unreadable(reason: "a source without a kind") }
        func string(_ key: StaticString) throws(Unreadable) -> String? { try object.present(key)?.string() }
        return InsightQuery.Source(
            kind: try kind.string(), interval: try string("interval"),
            series: try object.present("series")?.array().map(seriesNode),
            trendsFilter: try object.present("trendsFilter").map { (filter) throws(Unreadable) in
                InsightQuery.TrendsFilter(display: try filter.object().present("display")?.string())
            },
            funnelsFilter: try object.present("funnelsFilter").map { (filter) throws(Unreadable) in
                let fields = try filter.object()
                return InsightQuery.FunnelsFilter(
                    funnelVizType: try fields.present("funnelVizType")?.string(),
                    funnelFromStep: try fields.present("funnelFromStep")?.int(),
                    funnelToStep: try fields.present("funnelToStep")?.int())
            },
            retentionFilter: try object.present("retentionFilter").map { (filter) throws(Unreadable) in
                let fields = try filter.object()
                return InsightQuery.RetentionFilter(
                    period: try fields.present("period")?.string(),
                    totalIntervals: try fields.present("totalIntervals")?.int())
            },
            breakdownFilter: try object.present("breakdownFilter").map { (filter) throws(Unreadable) in
                let fields = try filter.object()
                return InsightQuery.BreakdownFilter(
                    breakdown: try fields.present("breakdown")?.jsonValue(),
                    breakdownType: try fields.present("breakdown_type")?.string())
            },
            query: try string("query"))
    }

    private static func seriesNode(_ value: FastJSON.Value) throws(Unreadable) -> InsightQuery.SeriesNode {
        let object = try value.object()
        return InsightQuery.SeriesNode(
            kind: try object.present("kind")?.string(), event: try object.present("event")?.string(),
            name: try object.present("name")?.string(), customName: try object.present("custom_name")?.string(),
            math: try object.present("math")?.string())
    }
}
