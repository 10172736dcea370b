/// What a channel has been told about one episode (a row of the alert state, for one dashboard
/// and channel). Periods are report periods as the caller names them (`2026-11-23`), not clock
/// times, so that a decision depends only on what was reported.
public struct AlertState: Sendable, Equatable {
    public var episode: EpisodeKey
    /// The episode's finding in the latest report that had it (a trend's id moves daily).
    public var findingID: String
    /// The period of the first message that announced the episode (since it last reopened).
    public var firstAnnounced: String
    /// The period of the latest message that announced it (not counting its resolution).
    public var lastAnnounced: String
    /// The latest period whose report had the episode.
    public var lastSeen: String
    /// How many messages announced it since it opened (at least 1).
    public var announcements: Int
    /// The period whose message said it was resolved; nil while it is open.
    public var resolvedAt: String?

    public init(
        episode: EpisodeKey, findingID: String, firstAnnounced: String, lastAnnounced: String, lastSeen: String,
        announcements: Int, resolvedAt: String? = nil
    ) {
        self.episode = episode
        self.findingID = findingID
        self.firstAnnounced = firstAnnounced
        self.lastAnnounced = lastAnnounced
        self.lastSeen = lastSeen
        self.announcements = announcements
        self.resolvedAt = resolvedAt
    }
}
