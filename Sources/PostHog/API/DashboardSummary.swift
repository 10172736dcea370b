/// A dashboard as the list endpoint returns it (no tiles).
public struct DashboardSummary: Decodable, Sendable, Equatable {
    public var id: Int
    public var name: String
    public var description: String?
    public var pinned: Bool?
    public var deleted: Bool?
    public var tags: [String]?
    public var lastRefresh: String?

    enum CodingKeys: String, CodingKey {
        case id, name, description, pinned, deleted, tags
        case lastRefresh = "last_refresh"
    }

    public init(id: Int, name: String, description: String? = nil, pinned: Bool? = nil) {
        self.id = id
        self.name = name
        self.description = description
        self.pinned = pinned
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(Int.self, forKey: .id)
        // PostHog allows unnamed dashboards (name null); show them as such rather than fail.
        name = try container.decodeIfPresent(String.self, forKey: .name) ?? "Untitled"
        description = try container.decodeIfPresent(String.self, forKey: .description)
        pinned = try container.decodeIfPresent(Bool.self, forKey: .pinned)
        deleted = try container.decodeIfPresent(Bool.self, forKey: .deleted)
        tags = try container.decodeIfPresent([String].self, forKey: .tags)
        lastRefresh = try container.decodeIfPresent(String.self, forKey: .lastRefresh)
    }
}
