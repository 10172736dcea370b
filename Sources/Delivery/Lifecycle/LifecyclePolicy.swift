/// How often a channel hears of an episode, and whether a quiet day is posted.
public struct LifecyclePolicy: Sendable, Equatable {
    /// How many messages may announce one episode while it lasts: 1 (the default) announces it
    /// when it is new only; 3 also reminds of it in the next two messages that have it. At least 1.
    public var maximumAnnouncements: Int
    /// Whether a daily alert is posted when it announces nothing (nothing new, no reminder due,
    /// nothing resolved). Off by default: a quiet day stays quiet. Weekly reports always post.
    public var postWhenNothingNew: Bool

    public init(maximumAnnouncements: Int = 1, postWhenNothingNew: Bool = false) {
        self.maximumAnnouncements = max(1, maximumAnnouncements)
        self.postWhenNothingNew = postWhenNothingNew
    }
}
