import Analysis
import PostHog

/// Decides what a report's message announces, from the report's findings and what the channel
/// was told before. Pure: no clock, no I/O; the same inputs give the same decision.
public enum Lifecycle {
    /// - Parameters:
    ///   - findings: the report's findings, in its order.
    ///   - state: the alert state of the dashboard and channel the message goes to
    ///     (`StateStore.alertState(dashboard:channel:)`).
    ///   - period: the report period (`2026-11-23`); periods move forward from one decision to the
    ///     next. Deciding again for the period of the last applied decision (a forced repost)
    ///     gives the same answer, and applying it again counts nothing twice.
    /// - Returns: each finding's episode as new or ongoing; the state episodes announced before
    ///   and gone now as resolved (a level shift's only when the report has the step back); whether
    ///   to post; and the state to record with the post.
    public static func decide(
        findings: [Finding], state: [AlertState], kind: ReportKind, period: String,
        policy: LifecyclePolicy = LifecyclePolicy()
    ) -> LifecycleDecision {
        let known = Dictionary(state.map { ($0.episode, $0) }, uniquingKeysWith: { first, _ in first })
        let todays = Set(findings.map(\.id))
        var new: [LifecycleDecision.Item] = []
        var ongoing: [LifecycleDecision.Item] = []
        var resolved: [LifecycleDecision.Item] = []
        var updates: [EpisodeKey: AlertState] = [:]

        for finding in findings {
            let episode = EpisodeKey(for: finding)
            // Two findings of one episode in a report: the first (highest ranked) decides for both.
            if let update = updates[episode] {
                let item = LifecycleDecision.Item(
                    episode: episode, findingID: finding.id, firstAnnounced: update.firstAnnounced,
                    isAnnounced: update.lastAnnounced == period)
                if new.contains(where: { $0.episode == episode }) { new.append(item) } else { ongoing.append(item) }
                continue
            }
            // A level shift whose first day the channel was told of as a spike or dip is that
            // incident, now seen as a step: ongoing, with the told episode's dates.
            let open = known[episode].flatMap { Self.asBefore($0, period: period) }
            let continued =
                open == nil
                ? Self.toldStart(
                    of: episode, finding.id, in: state, after: known[episode]?.resolvedAt, today: todays,
                    period: period) : nil
            guard let before = open ?? continued else {
                new.append(.init(episode: episode, findingID: finding.id, firstAnnounced: period, isAnnounced: true))
                updates[episode] = AlertState(
                    episode: episode, findingID: finding.id, firstAnnounced: period, lastAnnounced: period,
                    lastSeen: period, announcements: 1)
                continue
            }
            let isAnnounced = before.announcements < policy.maximumAnnouncements
            ongoing.append(
                .init(
                    episode: episode, findingID: finding.id, firstAnnounced: before.firstAnnounced,
                    isAnnounced: isAnnounced))
            updates[episode] = AlertState(
                episode: episode, findingID: finding.id, firstAnnounced: before.firstAnnounced,
                lastAnnounced: isAnnounced ? period : before.lastAnnounced, lastSeen: period,
                announcements: before.announcements + (isAnnounced ? 1 : 0))
        }

        // Level shifts the report has the other way: those levels went back.
        let wentBack = Set(findings.compactMap { EpisodeKey(for: $0).reversedLevelShift })
        for row in state.sorted(by: { $0.episode < $1.episode })
        where updates[row.episode] == nil && row.episode.describesState {
            // Resolved once: in the period that first found it gone (again if that period is
            // decided again), never after.
            guard row.resolvedAt == nil || row.resolvedAt == period else { continue }
            if row.episode.isLevelShift && !wentBack.contains(row.episode) {
                // A level shift is over when the level goes back (a step the other way), not when
                // its finding leaves the report: its date leaves the window while the level stays,
                // or a step at the bar falls under it for a day. Gone for a period and more, it
                // is closed without a word, so that a later step the same way is new.
                if let absent = Timestamp.days(from: row.lastSeen, to: period), absent > Self.levelShiftQuietDays {
                    var closed = row
                    closed.resolvedAt = period
                    updates[row.episode] = closed
                }
                continue
            }
            resolved.append(
                .init(
                    episode: row.episode, findingID: row.findingID, firstAnnounced: row.firstAnnounced,
                    isAnnounced: true)
            )
            var closed = row
            closed.resolvedAt = period
            updates[row.episode] = closed
        }

        var decision = LifecycleDecision(
            kind: kind, period: period, new: new, ongoing: ongoing, resolved: resolved, shouldPost: false,
            updates: updates.values.sorted { $0.episode < $1.episode })
        decision.shouldPost = kind == .weekly || policy.postWhenNothingNew || decision.announcesAnything
        return decision
    }

    /// Days a level shift may be missing from the reports before its episode closes silently.
    static let levelShiftQuietDays = 7

    /// The spike or dip episode, announced before `period`, that a level shift continues; not one
    /// told before the shift's episode was last said resolved (`after`).
    static func toldStart(
        of shift: EpisodeKey, _ findingID: String, in state: [AlertState], after resolvedAt: String?,
        today: Set<String>, period: String
    ) -> AlertState? {
        continuedStart(
            of: shift, findingID,
            among: state.lazy.filter { row in resolvedAt.map { row.firstAnnounced >= $0 } ?? true }
                .compactMap { asBefore($0, period: period) },
            today: today)
    }

    /// Of `rows`, the spike or dip episode a level shift continues
    /// (`EpisodeKey.levelShift(_:findingID:continues:)`), the earliest announced; not one the
    /// report still has beside the shift (`today`: the detector keeps a day that stands out from
    /// the new level too as a spike of its own). One rule for this report's state and for what
    /// another report told (`LifecycleDecision.told(elsewhere:own:policy:)`).
    static func continuedStart(
        of shift: EpisodeKey, _ findingID: String, among rows: some Sequence<AlertState>, today: Set<String>
    ) -> AlertState? {
        rows.filter {
            EpisodeKey.levelShift(shift, findingID: findingID, continues: $0.episode) && !today.contains($0.findingID)
        }
        .min { ($0.firstAnnounced, $0.episode) < ($1.firstAnnounced, $1.episode) }
    }

    /// The episode as the channel knew it before `period`'s message: a row already written for
    /// `period` (the same period decided again) has that message's announcement taken back.
    /// Nil when the channel knows no open episode: never announced, or resolved in an earlier period.
    static func asBefore(_ row: AlertState, period: String) -> AlertState? {
        if let resolvedAt = row.resolvedAt, resolvedAt != period { return nil }
        var before = row
        before.resolvedAt = nil
        if row.lastAnnounced == period {
            before.announcements -= 1
            if before.announcements == 0 { return nil }
        }
        return before
    }
}
