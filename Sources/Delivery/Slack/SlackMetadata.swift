import PostHog

/// Slack message metadata on every post (`event_type` `dashbrief_report`): the run it belongs to
/// and the finding ids it announces, so that a crashed run can find its own post in the channel
/// and a reader (or a bot) can tell what the message said without parsing it.
public struct SlackMetadata: Sendable, Equatable, Encodable {
    public static let eventType = "dashbrief_report"

    public var runKey: String
    public var new: [String]
    public var ongoing: [String]
    public var resolved: [String]
    /// A `--force` repost of a period already posted.
    public var repost: Bool
    /// Which message of a report split across several (1-based), and how many.
    public var part: Int
    public var parts: Int

    public init(
        runKey: String, new: [String] = [], ongoing: [String] = [], resolved: [String] = [], repost: Bool = false,
        part: Int = 1, parts: Int = 1
    ) {
        self.runKey = runKey
        self.new = new
        self.ongoing = ongoing
        self.resolved = resolved
        self.repost = repost
        self.part = part
        self.parts = parts
    }

    enum CodingKeys: String, CodingKey {
        case eventType = "event_type"
        case eventPayload = "event_payload"
    }

    enum PayloadKeys: String, CodingKey {
        case runKey = "run_key"
        case new, ongoing, resolved, repost, part, parts
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.eventType, forKey: .eventType)
        var payload = container.nestedContainer(keyedBy: PayloadKeys.self, forKey: .eventPayload)
        try payload.encode(runKey, forKey: .runKey)
        try payload.encode(new, forKey: .new)
        try payload.encode(ongoing, forKey: .ongoing)
        try payload.encode(resolved, forKey: .resolved)
        try payload.encode(repost, forKey: .repost)
        try payload.encode(part, forKey: .part)
        try payload.encode(parts, forKey: .parts)
    }
}
