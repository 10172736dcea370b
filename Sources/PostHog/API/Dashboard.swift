import Transport

/// A dashboard with its tiles, as `GET /dashboards/:id/` returns it.
public struct Dashboard: Decodable, Sendable, Equatable {
    public var id: Int
    public var name: String
    public var description: String?
    public var lastRefresh: String?
    /// Every tile in the order PostHog lays them out; a tile that failed to decode is kept as
    /// `.malformed` so the rest of the dashboard still reports.
    public var tiles: [DashboardTile]

    enum CodingKeys: String, CodingKey {
        case id, name, description, tiles
        case lastRefresh = "last_refresh"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try container.decode(Int.self, forKey: .id),
            name: try container.decodeIfPresent(String.self, forKey: .name) ?? "Untitled",
            description: try container.decodeIfPresent(String.self, forKey: .description),
            lastRefresh: try container.decodeIfPresent(String.self, forKey: .lastRefresh),
            tiles: try container.decodeIfPresent([TileSlot].self, forKey: .tiles)?.map(\.tile) ?? [])
    }

    /// - Parameter tiles: in any order; kept in PostHog's layout order.
    init(id: Int, name: String, description: String?, lastRefresh: String?, tiles: [DashboardTile]) {
        self.id = id
        self.name = name
        self.description = description
        self.lastRefresh = lastRefresh
        self.tiles = tiles.sorted { ($0.order ?? Int.max, $0.id ?? 0) < ($1.order ?? Int.max, $1.id ?? 0) }
    }
}

/// Decodes one tile, turning a failure into a `.malformed` tile instead of failing the dashboard.
private struct TileSlot: Decodable {
    let tile: DashboardTile

    init(from decoder: any Decoder) throws {
        do {
            tile = try DashboardTile(from: decoder)
        } catch {
            let container = try? decoder.container(keyedBy: DashboardTile.CodingKeys.self)
            let id = try? container?.decodeIfPresent(Int.self, forKey: .id)
            let order = try? container?.decodeIfPresent(Int.self, forKey: .order)
            tile = DashboardTile(id: id, order: order, content: .malformed(DecodingFailure.describe(error)))
        }
    }
}

/// One tile of a dashboard: an insight, a text card, a button, or something unusable.
public struct DashboardTile: Decodable, Sendable, Equatable {
    public enum Content: Sendable, Equatable {
        case insight(Insight)
        case text(String)
        case button
        /// PostHog attached an error to the tile, or the tile could not be decoded.
        case malformed(String)
    }

    public var id: Int?
    public var order: Int?
    public internal(set) var content: Content

    enum CodingKeys: String, CodingKey {
        case id, order, insight, text, error
        case buttonTile = "button_tile"
    }

    private struct TextCard: Decodable { var body: String? }
    private struct TileError: Decodable {
        var type: String?
        var message: String?
    }

    init(id: Int?, order: Int?, content: Content) {
        self.id = id
        self.order = order
        self.content = content
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decodeIfPresent(Int.self, forKey: .id)
        order = try container.decodeIfPresent(Int.self, forKey: .order)
        if let error = try container.decodeIfPresent(TileError.self, forKey: .error) {
            content = .malformed([error.type, error.message].compactMap { $0 }.joined(separator: ": "))
        } else if let insight = try container.decodeIfPresent(Insight.self, forKey: .insight) {
            content = .insight(insight)
        } else if let text = try container.decodeIfPresent(TextCard.self, forKey: .text) {
            content = .text(text.body ?? "")
        } else if container.contains(.buttonTile), try !container.decodeNil(forKey: .buttonTile) {
            content = .button
        } else {
            content = .malformed("tile has neither an insight, a text card nor a button")
        }
    }
}
