import Analysis

/// What one report's message announces, decided by `Lifecycle.decide`, and the alert state to
/// record once it is posted (`StateStore.markPosted(_:ts:repost:applying:now:)`).
public struct LifecycleDecision: Sendable, Equatable {
    /// One episode in the message.
    public struct Item: Sendable, Equatable {
        public var episode: EpisodeKey
        /// Today's finding; for a resolved episode, the last finding that had it.
        public var findingID: String
        /// The period it was first announced in (today's, for a new episode).
        public var firstAnnounced: String
        /// Whether this message announces it and counts against its budget: always for new and
        /// resolved episodes; for ongoing ones while `LifecyclePolicy.maximumAnnouncements` allows.
        public var isAnnounced: Bool

        public init(episode: EpisodeKey, findingID: String, firstAnnounced: String, isAnnounced: Bool) {
            self.episode = episode
            self.findingID = findingID
            self.firstAnnounced = firstAnnounced
            self.isAnnounced = isAnnounced
        }
    }

    public var kind: ReportKind
    /// The report period decided for.
    public var period: String
    /// Episodes the channel has not been told of (or that are back after being resolved), in
    /// the report's order.
    public var new: [Item]
    /// Episodes announced before and still in the report, in the report's order; after
    /// `told(elsewhere:own:policy:)`, those another report told follow, in the report's order.
    public var ongoing: [Item]
    /// Episodes describing a state that were announced, are not resolved, and are gone from the
    /// report, by episode key. Each is said resolved once.
    public var resolved: [Item]
    /// Whether to post: weekly always; daily when the message announces something (new,
    /// a reminder within budget, resolved) or `LifecyclePolicy.postWhenNothingNew` is set.
    public var shouldPost: Bool
    /// The alert state rows to write when the message is posted, by episode key. Applied without
    /// a post (`StateStore.apply`), they only move `lastSeen`: a decision not to post announces nothing.
    public var updates: [AlertState]

    public init(
        kind: ReportKind, period: String, new: [Item], ongoing: [Item], resolved: [Item], shouldPost: Bool,
        updates: [AlertState]
    ) {
        self.kind = kind
        self.period = period
        self.new = new
        self.ongoing = ongoing
        self.resolved = resolved
        self.shouldPost = shouldPost
        self.updates = updates
    }

    /// Whether the message announces anything: a new or resolved episode, or a reminder.
    public var announcesAnything: Bool {
        !new.isEmpty || !resolved.isEmpty || ongoing.contains(where: \.isAnnounced)
    }
}
