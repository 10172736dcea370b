/// One page of a PostHog list endpoint (DRF limit/offset pagination).
public struct Page<Item: Decodable & Sendable>: Decodable, Sendable {
    public var count: Int?
    /// Absolute URL of the next page, to be followed verbatim; nil on the last page.
    public var next: String?
    public var results: [Item]
}
