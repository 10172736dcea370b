import Analysis
import PostHog

extension LifecycleDecision {
    /// How recently another report must have seen an episode for its telling to count: a weekly
    /// report's cadence and a day.
    static let toldElsewhereWithinDays = 8

    /// The decision for a channel that also hears from its other reports (the daily alert and the
    /// weekly report keep their own state, one per report scope), so that it hears of one incident
    /// once:
    /// - a new episode another report told the channel of, still open there and seen by it within
    ///   8 days, and told after this report last said it resolved, is ongoing (not announced), and
    ///   recorded with that report's dates;
    /// - a resolution another report already told the channel since this report last spoke of the
    ///   episode is recorded but not said again.
    /// A daily alert left with nothing to announce then posts nothing (unless quiet days post).
    /// - Parameters:
    ///   - others: the channel's alert state in its other scopes (`StateStore.alertState(channel:excludingScope:)`).
    ///   - own: this scope's state, as given to `Lifecycle.decide`.
    public func told(elsewhere others: [AlertState], own: [AlertState], policy: LifecyclePolicy) -> LifecycleDecision {
        guard !others.isEmpty else { return self }
        let ownRows = Dictionary(own.map { ($0.episode, $0) }, uniquingKeysWith: { first, _ in first })
        var heard: [EpisodeKey: AlertState] = [:]
        var resolvedElsewhere: [EpisodeKey: String] = [:]
        for row in others {
            if let at = row.resolvedAt {
                resolvedElsewhere[row.episode] = max(resolvedElsewhere[row.episode] ?? "", at)
            } else if let age = Timestamp.days(from: row.lastSeen, to: period), age <= Self.toldElsewhereWithinDays,
                heard[row.episode].map({ $0.lastAnnounced < row.lastAnnounced }) ?? true
            {
                heard[row.episode] = row
            }
        }
        let todays = Set((new + ongoing).map(\.findingID))
        func heardAlready(_ episode: EpisodeKey, _ findingID: String) -> AlertState? {
            // A level shift whose first day another report told as a spike or dip is heard too,
            // unless this report still has that day beside the shift, a spike of its own.
            let start = Lifecycle.continuedStart(of: episode, findingID, among: heard.values, today: todays)
            guard let told = heard[episode] ?? start else { return nil }
            // Said resolved here after the other report told it: back again, so new.
            if let resolvedHere = ownRows[episode]?.resolvedAt, resolvedHere >= told.lastAnnounced { return nil }
            return told
        }
        func resolutionHeard(_ episode: EpisodeKey) -> Bool {
            guard let at = resolvedElsewhere[episode], let mine = ownRows[episode] else { return false }
            return at >= mine.lastAnnounced
        }

        var decision = self
        var updates = Dictionary(updates.map { ($0.episode, $0) }, uniquingKeysWith: { first, _ in first })
        decision.new = []
        var moved: [Item] = []
        for item in new {
            guard let told = heardAlready(item.episode, item.findingID) else {
                decision.new.append(item)
                continue
            }
            moved.append(
                Item(
                    episode: item.episode, findingID: item.findingID, firstAnnounced: told.firstAnnounced,
                    isAnnounced: false))
            updates[item.episode]?.firstAnnounced = told.firstAnnounced
            updates[item.episode]?.lastAnnounced = told.lastAnnounced
            updates[item.episode]?.announcements = told.announcements
        }
        decision.ongoing = ongoing + moved
        decision.resolved = resolved.filter { !resolutionHeard($0.episode) }
        decision.updates = updates.values.sorted { $0.episode < $1.episode }
        decision.shouldPost = kind == .weekly || policy.postWhenNothingNew || decision.announcesAnything
        return decision
    }
}
