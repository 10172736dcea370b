import Transport

/// A saved insight as PostHog serialises it (insight endpoints and dashboard tiles).
///
/// `result` is decoded according to the kind named by `query`, so a malformed result fails with
/// the JSON path of the bad value; `result: null` is kept as `.unavailable`, never as zero.
public struct Insight: Decodable, Sendable, Equatable {
    public var id: Int
    public var shortID: String?
    public var name: String?
    public var derivedName: String?
    /// What the insight's query asks, which decides how its result is read. For an insight that
    /// carries only legacy `filters` (older self-hosted PostHog), their query equivalent.
    public var query: InsightQuery?
    /// The query exactly as PostHog sent it, to send back to `/query/` for a fallback or a
    /// longer history. nil for a legacy-filters insight: an equivalent rebuilt from its filters
    /// would leave out what dashbrief does not read (properties, filters), so it is never sent.
    public var rawQuery: JSONValue?
    public var lastRefresh: String?
    /// The project's IANA time zone, in which period labels are local.
    public var timezone: String?
    public var columns: [String]?
    /// Column types of a SQL result: `[name, ClickHouse type]` pairs, or one-element lists when
    /// PostHog sent bare types.
    public var types: [[String]]?
    public var hasMore: Bool?
    public var kind: InsightKind
    public var result: InsightResult
    /// The same query over the preceding window of equal length, when fetched (funnels), for
    /// period-over-period tests. Not part of PostHog's insight: dashbrief asks `/query/` for it.
    public var previousResult: InsightResult?

    /// The name people see: the saved name, else PostHog's derived one, else the id.
    public var displayName: String {
        if let name, !name.isEmpty { return name }
        if let derivedName, !derivedName.isEmpty { return derivedName }
        return "Insight \(shortID ?? String(id))"
    }

    enum CodingKeys: String, CodingKey {
        case id, name, query, filters, result, timezone, columns, types, hasMore
        case shortID = "short_id"
        case derivedName = "derived_name"
        case lastRefresh = "last_refresh"
        case queryStatus = "query_status"
    }

    private struct QueryStatus: Decodable {
        var error: Bool?
        var errorMessage: String?

        enum CodingKeys: String, CodingKey {
            case error
            case errorMessage = "error_message"
        }
    }

    /// An insight whose members were read elsewhere (`FastDashboardReader`).
    init(
        id: Int, shortID: String?, name: String?, derivedName: String?, query: InsightQuery?, rawQuery: JSONValue?,
        lastRefresh: String?, timezone: String?, columns: [String]?, hasMore: Bool?, kind: InsightKind,
        result: InsightResult
    ) {
        self.id = id
        self.shortID = shortID
        self.name = name
        self.derivedName = derivedName
        self.query = query
        self.rawQuery = rawQuery
        self.lastRefresh = lastRefresh
        self.timezone = timezone
        self.columns = columns
        self.hasMore = hasMore
        self.kind = kind
        self.result = result
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(Int.self, forKey: .id)
        shortID = try container.decodeIfPresent(String.self, forKey: .shortID)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        derivedName = try container.decodeIfPresent(String.self, forKey: .derivedName)
        query = try container.decodeIfPresent(InsightQuery.self, forKey: .query)
        rawQuery = try container.decodeIfPresent(JSONValue.self, forKey: .query)
        lastRefresh = try container.decodeIfPresent(String.self, forKey: .lastRefresh)
        timezone = try container.decodeIfPresent(String.self, forKey: .timezone)
        columns = try container.decodeIfPresent([String].self, forKey: .columns)
        types = try ColumnTypes.decode(from: container, forKey: .types)
        hasMore = try container.decodeIfPresent(Bool.self, forKey: .hasMore)

        var legacy: [String: JSONValue]?
        if query == nil {
            // Read like its query equivalent: the result shapes are the same.
            legacy = try container.decodeIfPresent([String: JSONValue].self, forKey: .filters)
            query = legacy.flatMap(InsightQuery.init(legacyFilters:))
        }
        if let query {
            kind = query.insightKind
        } else {
            kind = .unsupported(legacy?["insight"]?.string.map { "legacy \($0) filters" } ?? "no query")
        }

        if try !container.contains(.result) || container.decodeNil(forKey: .result) {
            let status = try? container.decodeIfPresent(QueryStatus.self, forKey: .queryStatus)
            if status?.error == true {
                result = .unavailable("PostHog could not calculate it: \(status?.errorMessage ?? "unknown error")")
            } else {
                result = .unavailable("no cached result (result is null)")
            }
            return
        }
        result = try InsightResult.decode(kind: kind, from: container, forKey: .result)
    }
}
