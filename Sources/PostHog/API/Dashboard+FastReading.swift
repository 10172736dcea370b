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
/// straight off the parsed tape. An insight's other members (its query, filters, status) are
/// small and are handed to Codable as they are, without `result`, so that every rule of
/// `Insight.init(from:)` applies unchanged; a result that is not a list of series (funnel,
/// retention, table) is decoded by Codable with the rest of its insight.
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

    static func insight(_ value: FastJSON.Value) throws(Unreadable) -> Insight {
        let object = try value.object()
        // Everything but the result, through Codable: small, and read by exactly its rules.
        var others = Data("{".utf8)
        var result: FastJSON.Value?
        for field in object.fields {
            let key = FastJSON.Object.key(field)
            if key == "result" {
                guard result == nil else { throw Unreadable(reason: "two results") }
                result = FastJSON.Value(raw: field.value)
                continue
            }
            guard key.utf8.allSatisfy({ $0 >= 0x20 && $0 != 0x22 && $0 != 0x5C }) else {
                throw Unreadable(reason: "a key that needs escaping")
            }
            if others.count > 1 { others.append(0x2C) }  // ,
            others.append(contentsOf: Array("\"\(key)\":".utf8))
            others.append(try FastJSON.Value(raw: field.value).minified())
        }
        others.append(0x7D)  // }
        var insight: Insight
        do {
            insight = try JSONDecoder().decode(Insight.self, from: others)
        } catch {
            throw Unreadable(reason: "insight: \(error)")
        }
        guard let result, !result.isNull else { return insight }  // Codable saw no result: the same
        switch insight.kind {
        case .trends, .aggregate, .funnelTrends, .lifecycle, .stickiness:
            insight.result = .series(try result.array().map { (item) throws(Unreadable) in try series(item) })
        case .unsupported(let what):
            insight.result = .unsupported(what)
        case .funnel, .retention, .table:
            do {
                insight = try JSONDecoder().decode(Insight.self, from: try value.minified())
            } catch {
                throw Unreadable(reason: "insight: \(error)")
            }
        }
        return insight
    }

    static func series(_ value: FastJSON.Value) throws(Unreadable) -> SeriesResult {
        let object = try value.object()
        return SeriesResult(
            data: try object.present("data")?.optionalDoubles() ?? [],
            days: try object.present("days")?.array().map { (day) throws(Unreadable) in
                // A period start is a date string, or a day count in stickiness results.
                day.isInteger ? String(try day.int()) : try day.string()
            } ?? [],
            labels: try object.present("labels")?.array().map { (label) throws(Unreadable) in try label.string() },
            count: try object.present("count")?.double(), label: try object.present("label")?.string(),
            aggregatedValue: try object.present("aggregated_value")?.double(),
            action: try object.present("action").map { (action) throws(Unreadable) in try Self.action(action) },
            order: try object.present("order")?.int(),
            breakdownValue: try object.present("breakdown_value")?.jsonValue(),
            compareLabel: try object.present("compare_label")?.string(),
            status: try object.present("status")?.string())
    }

    static func action(_ value: FastJSON.Value) throws(Unreadable) -> SeriesResult.Action {
        let object = try value.object()
        return SeriesResult.Action(
            id: try object.present("id")?.jsonValue(), name: try object.present("name")?.string(),
            customName: try object.present("custom_name")?.string(), order: try object.present("order")?.int(),
            math: try object.present("math")?.string())
    }
}
