import Foundation

extension Dashboard {
    /// Decodes a `GET /dashboards/:id/` body: simdjson's reader first (`FastDashboardReader`),
    /// and Codable whenever that reader meets anything but the common shape, so that a problem
    /// is still reported with its JSON path, and a tile that fails is still kept as `.malformed`.
    /// Both give the same `Dashboard` (tested on every recorded shape).
    public static func decode(_ data: Data, source: String) throws -> Dashboard {
        if let dashboard = try? FastDashboardReader.read(data) { return dashboard }
        return try PostHogClient.decode(Dashboard.self, from: data, source: source)
    }
}

/// Reads the common shape of a dashboard body, and throws `Unreadable` at the first thing it
/// does not expect, for Codable to decode the body instead.
///
/// Most of a dashboard's bytes are its trends series (`data`, `days`, `labels`), which are read
/// straight off the parsed tape, as are funnel and retention results, insights' queries and
/// everything else of the common shape. A table (rows of any JSON, with column types) is decoded
/// by Codable with the rest of its insight.
enum FastDashboardReader {
    typealias Unreadable = FastJSONDocument.Unreadable

    static func read(_ data: Data) throws(Unreadable) -> Dashboard {
        try FastJSONDocument(data).withRoot { root throws(Unreadable) in try dashboard(root) }
    }

    static func dashboard(_ value: FastJSON.Value) throws(Unreadable) -> Dashboard {
        let object = try value.object()
        guard let id = try object.value("id") else { throw Unreadable(reason: "no id") }
        let tiles = try object.present("tiles")?.array().map { (tile) throws(Unreadable) in try Self.tile(tile) } ?? []
        return Dashboard(
            id: try id.int(), name: try object.present("name")?.string() ?? "Untitled",
            description: try object.present("description")?.string(),
            lastRefresh: try object.present("last_refresh")?.string(), tiles: tiles)
    }

    /// A tile by `DashboardTile.init(from:)`'s rules: PostHog's error first, then an insight, a
    /// text card, a button.
    static func tile(_ value: FastJSON.Value) throws(Unreadable) -> DashboardTile {
        let object = try value.object()
        let content: DashboardTile.Content
        if let error = try object.present("error") {
            let parts = try error.object()
            let text = [try parts.present("type")?.string(), try parts.present("message")?.string()]
            content = .malformed(text.compactMap { $0 }.joined(separator: ": "))
        } else if let insight = try object.present("insight") {
            content = .insight(try Self.insight(insight))
        } else if let text = try object.present("text") {
            content = .text(try text.object().present("body")?.string() ?? "")
        } else if try object.present("button_tile") != nil {
            content = .button
        } else {
            content = .malformed("tile has neither an insight, a text card nor a button")
        }
        return DashboardTile(
            id: try object.present("id")?.int(), order: try object.present("order")?.int(), content: content)
    }

    /// An insight with a query and a result, by `Insight.init(from:)`'s rules. Its query is read
    /// off the tape (`query(_:)`; Codable's `InsightQuery` when that reader declines), as is its
    /// raw form. What else an insight can be (legacy filters, a SQL result with column types, a
    /// null result with PostHog's status) is decoded by Codable on its own, the rest of the
    /// dashboard still fast.
    static func insight(_ value: FastJSON.Value) throws(Unreadable) -> Insight {
        let object = try value.object()
        guard let id = try object.value("id"), let queryValue = try object.present("query"),
            let result = try object.present("result"), try object.present("types") == nil
        else { return try codableInsight(value) }
        let query: InsightQuery
        if let read = try? Self.query(queryValue) {
            query = read
        } else {
            do {
                query = try JSONDecoder().decode(InsightQuery.self, from: try queryValue.minified())
            } catch {
                throw Unreadable(reason: "query: \(error)")
            }
        }
        var insight = Insight(
            id: try id.int(),
            shortID: try object.present("short_id")?.string(), name: try object.present("name")?.string(),
            derivedName: try object.present("derived_name")?.string(), query: query,
            rawQuery: try queryValue.jsonValue(), lastRefresh: try object.present("last_refresh")?.string(),
            timezone: try object.present("timezone")?.string(),
            columns: try object.present("columns")?.array().map { (column) throws(Unreadable) in try column.string() },
            hasMore: try object.present("hasMore")?.bool(), kind: query.insightKind, result: .unavailable(""))
        switch insight.kind {
        case .unsupported(let what):
            insight.result = .unsupported(what)
        case .table:
            insight = try codableInsight(value)  // rows of any JSON, with column types: Codable's
        case .trends, .aggregate, .funnelTrends, .lifecycle, .stickiness, .funnel, .retention:
            insight.result = try Self.result(result, kind: insight.kind)
        }
        return insight
    }

    /// A result of a kind whose shape is read off the tape (series, funnel steps, retention
    /// cohorts), by `InsightResult.decode(kind:from:forKey:)`'s rules; throws for the others.
    static func result(_ value: FastJSON.Value, kind: InsightKind) throws(Unreadable) -> InsightResult {
        switch kind {
        case .trends, .aggregate, .funnelTrends, .lifecycle, .stickiness:
            var previous: ReadSeries?
            return .series(
                try value.array().map { (item) throws(Unreadable) in
                    let read = try series(item, after: previous)
                    previous = read
                    return read.result
                })
        case .funnel:
            return .funnel(try funnel(value))
        case .retention:
            return .retention(try value.array().map { (item) throws(Unreadable) in try cohort(item) })
        case .table, .unsupported:
            throw Unreadable(reason: "not read off the tape: \(kind)")
        }
    }

    /// A funnel result by `FunnelResult.init(from:)`'s rules: a list of steps, or a list of step
    /// lists (one per breakdown value), never both.
    static func funnel(_ value: FastJSON.Value) throws(Unreadable) -> FunnelResult {
        var steps: [FunnelStepResult] = []
        var groups: [[FunnelStepResult]] = []
        for element in try value.array() {
            if element.isArray {
                groups.append(try element.array().map { (item) throws(Unreadable) in try step(item) })
            } else {
                steps.append(try step(element))
            }
        }
        guard steps.isEmpty || groups.isEmpty else { throw Unreadable(reason: "mixes funnel steps and step lists") }
        return FunnelResult(groups: groups.isEmpty ? (steps.isEmpty ? [] : [steps]) : groups)
    }

    /// One funnel step by `FunnelStepResult`'s synthesised decoding (`count` required).
    static func step(_ value: FastJSON.Value) throws(Unreadable) -> FunnelStepResult {
        let object = try value.object()
        guard let count = try object.present("count") else { throw Unreadable(reason: "a step without a count") }
        return FunnelStepResult(
            name: try object.present("name")?.string(), customName: try object.present("custom_name")?.string(),
            order: try object.present("order")?.int(), count: try count.double(),
            averageConversionTime: try object.present("average_conversion_time")?.double(),
            medianConversionTime: try object.present("median_conversion_time")?.double(),
            breakdown: try object.present("breakdown")?.jsonValue(),
            breakdownValue: try object.present("breakdown_value")?.jsonValue())
    }

    /// One retention cohort by `RetentionCohortResult`'s synthesised decoding (`values`, `date`
    /// and each cell's `count` required).
    static func cohort(_ value: FastJSON.Value) throws(Unreadable) -> RetentionCohortResult {
        let object = try value.object()
        guard let values = try object.present("values"), let date = try object.present("date") else {
            throw Unreadable(reason: "a cohort without values or date")
        }
        let cells = try values.array().map { (cell) throws(Unreadable) -> RetentionCohortResult.Cell in
            let fields = try cell.object()
            guard let count = try fields.present("count") else { throw Unreadable(reason: "a cell without a count") }
            return RetentionCohortResult.Cell(count: try count.double(), label: try fields.present("label")?.string())
        }
        return RetentionCohortResult(
            values: cells, label: try object.present("label")?.string(), date: try date.string(),
            breakdownValue: try object.present("breakdown_value")?.jsonValue())
    }

    /// The insight decoded by Codable alone: the same insight as in the whole dashboard's decoding.
    /// If Codable fails, so does the fast reading, and the whole body goes to Codable for an error
    /// with its full JSON path.
    static func codableInsight(_ value: FastJSON.Value) throws(Unreadable) -> Insight {
        do {
            return try JSONDecoder().decode(Insight.self, from: try value.minified())
        } catch {
            throw Unreadable(reason: "insight: \(error)")
        }
    }

    /// A series as read, with its periods' places on the tape for the next series to compare with
    /// (values of the document being read: valid only inside its `withRoot`).
    struct ReadSeries {
        let result: SeriesResult
        let days: FastJSON.Value?
        let labels: FastJSON.Value?
    }

    /// One series of a trends-like result. The series of one insight (its breakdown values, its
    /// events) share their periods: `days` and `labels` that hold the same strings as those of
    /// the series read before it are that series' arrays, shared rather than made again string by
    /// string (a large project's 5,000 series carry 3.6 million of them), which also lets
    /// normalisation see at once that the periods are the ones it has just placed.
    static func series(_ value: FastJSON.Value, after previous: ReadSeries? = nil) throws(Unreadable) -> ReadSeries {
        let object = try value.object()
        let daysValue = try object.present("days")
        let labelsValue = try object.present("labels")
        let days: [String]? = try daysValue.map { (days) throws(Unreadable) in
            if let previous, let earlier = previous.days, days.hasSameStrings(as: earlier) {
                return previous.result.days
            }
            return try days.array().map { (day) throws(Unreadable) in
                // A period start is a date string, or a day count in stickiness results.
                day.isInteger ? String(try day.int()) : try day.string()
            }
        }
        let labels: [String]? = try labelsValue.map { (labels) throws(Unreadable) in
            if let previous, let earlier = previous.labels, let shared = previous.result.labels,
                labels.hasSameStrings(as: earlier)
            {
                return shared
            }
            return try labels.array().map { (label) throws(Unreadable) in try label.string() }
        }
        let result = SeriesResult(
            data: try object.present("data")?.optionalDoubles() ?? [],
            days: days ?? [],
            labels: labels,
            count: try object.present("count")?.double(), label: try object.present("label")?.string(),
            aggregatedValue: try object.present("aggregated_value")?.double(),
            action: try object.present("action").map { (action) throws(Unreadable) in try Self.action(action) },
            order: try object.present("order")?.int(),
            breakdownValue: try object.present("breakdown_value")?.jsonValue(),
            compareLabel: try object.present("compare_label")?.string(),
            status: try object.present("status")?.string())
        return ReadSeries(result: result, days: daysValue, labels: labelsValue)
    }

    static func action(_ value: FastJSON.Value) throws(Unreadable) -> SeriesResult.Action {
        let object = try value.object()
        return SeriesResult.Action(
            id: try object.present("id")?.jsonValue(), name: try object.present("name")?.string(),
            customName: try object.present("custom_name")?.string(), order: try object.present("order")?.int(),
            math: try object.present("math")?.string())
    }
}
