import Foundation

/// The body of `POST /api/projects/:id/query/`: the query runner's response, with `results`
/// where insights have `result`. Decoded according to the kind of the query that was sent.
public struct QueryResponse: Sendable {
    public var result: InsightResult
    public var columns: [String]?
    public var types: [[String]]?
    /// True when a table has more rows than PostHog sent.
    public var hasMore: Bool?

    private enum CodingKeys: String, CodingKey {
        case results, columns, types, hasMore
    }

    /// Decodes `data` as the answer to a query of `kind`: off simdjson's tape for the common
    /// shapes (`FastDashboardReader.queryResponse`), by Codable otherwise, so that a problem is
    /// reported with its JSON path. Both give the same answer (tested on every recorded shape).
    public static func decode(_ data: Data, kind: InsightKind, source: String) throws -> QueryResponse {
        if let response = try? FastDashboardReader.queryResponse(data, kind: kind) { return response }
        return try decodedByCodable(data, kind: kind, source: source)
    }

    /// `decode` by Codable alone.
    static func decodedByCodable(_ data: Data, kind: InsightKind, source: String) throws -> QueryResponse {
        try PostHogClient.decode(Decoded.self, from: data, source: source, userInfo: [InsightKind.codingKey: kind])
            .value
    }

    private struct Decoded: Decodable {
        let value: QueryResponse

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let kind = decoder.userInfo[InsightKind.codingKey] as? InsightKind ?? .unsupported("unknown")
            value = QueryResponse(
                result: try InsightResult.decode(kind: kind, from: container, forKey: .results),
                columns: try container.decodeIfPresent([String].self, forKey: .columns),
                types: try ColumnTypes.decode(from: container, forKey: .types),
                hasMore: try? container.decodeIfPresent(Bool.self, forKey: .hasMore))
        }
    }
}

extension InsightKind {
    /// Decoder `userInfo` key carrying the kind a `/query/` answer is to be read as.
    static let codingKey = CodingUserInfoKey(rawValue: "dashbrief.insightKind")!
}

extension InsightResult {
    /// Reads `key` of `container` as the result of an insight of `kind`.
    static func decode<Key: CodingKey>(
        kind: InsightKind, from container: KeyedDecodingContainer<Key>, forKey key: Key
    ) throws -> InsightResult {
        switch kind {
        case .trends, .aggregate, .funnelTrends, .lifecycle, .stickiness:
            return .series(try container.decode([SeriesResult].self, forKey: key))
        case .funnel:
            return .funnel(try container.decode(FunnelResult.self, forKey: key))
        case .retention:
            return .retention(try container.decode([RetentionCohortResult].self, forKey: key))
        case .table:
            return .table(rows: try container.decode([[JSONValue]].self, forKey: key))
        case .unsupported(let what):
            return .unsupported(what)
        }
    }

    /// Whether PostHog answered with nothing at all: no series, no funnel steps, no cohorts, no
    /// rows. Such a result says there was no data in the range; it is not zero.
    public var isEmpty: Bool {
        switch self {
        case .series(let series): series.isEmpty
        case .funnel(let funnel): funnel.groups.allSatisfy(\.isEmpty)
        case .retention(let cohorts): cohorts.isEmpty
        case .table(let rows): rows.isEmpty
        case .unavailable, .unsupported: false
        }
    }

    /// Whether there is data to analyse.
    public var isAvailable: Bool {
        switch self {
        case .unavailable, .unsupported: false
        default: true
        }
    }
}

/// `types` as PostHog sends it: `[[name, type], ...]` for HogQL, `[type, ...]` for other table
/// queries. Read as one list per column, a bare type becoming a one-element list.
enum ColumnTypes {
    static func decode<Key: CodingKey>(
        from container: KeyedDecodingContainer<Key>, forKey key: Key
    ) throws -> [[String]]? {
        try container.decodeIfPresent([JSONValue].self, forKey: key)?.map { entry in
            switch entry {
            case .array(let parts): parts.map { $0.string ?? $0.description }
            case .null: []
            default: [entry.string ?? entry.description]
            }
        }
    }
}
