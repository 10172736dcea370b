import Foundation
import GRDB

/// The alert state: what each channel has been told about each episode of a dashboard.
extension StateStore {
    /// Every episode the channel was told of for `dashboard`, open or resolved, by episode key:
    /// the `state` argument of `Lifecycle.decide`.
    public func alertState(dashboard: String, channel: String) throws(StateStoreError) -> [AlertState] {
        try read("read the alert state of \(dashboard) in \(channel)") { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM alert WHERE dashboard = ? AND channel = ? ORDER BY episode",
                arguments: [dashboard, channel]
            ).map(Self.alertState(from:))
        }
    }

    static func alertState(from row: Row) -> AlertState {
        AlertState(
            episode: EpisodeKey(rawValue: row["episode"]), findingID: row["finding_id"],
            firstAnnounced: row["first_announced"], lastAnnounced: row["last_announced"],
            lastSeen: row["last_seen"], announcements: row["announcements"], resolvedAt: row["resolved_at"])
    }

    /// Records that Slack accepted the run's message (`ts`) and, in the same transaction, the
    /// alert state `decision` leaves for the run's dashboard and channel: the post is recorded
    /// if and only if the state is. Idempotent for the same `ts` (the state is not written again).
    /// - Throws: `.unknownRun` for a run never claimed, `.wrongState` for one already posted
    ///   with another `ts`; on any error nothing is written.
    public func markPosted(
        _ key: RunKey, ts: String, repost: Bool = false, applying decision: LifecycleDecision, now: Date = Date()
    ) throws(StateStoreError) {
        try transaction("mark \(key) posted") { db in
            if let run = try Self.fetchRun(key, db), run.state == .posted, run.ts == ts { return }
            try Self.recordPost(key, ts: ts, repost: repost, now: now, db)
            try Self.write(decision.updates, dashboard: key.dashboard, channel: key.channel, db)
        }
    }

    /// Records a decision not to post: it only moves `lastSeen` of the episodes still reported.
    /// - Throws: `.wrongState` for a decision that announces anything (a new, reminded or resolved
    ///   episode): that state is true only once its message is posted, through `markPosted`.
    public func apply(_ decision: LifecycleDecision, dashboard: String, channel: String) throws(StateStoreError) {
        guard !decision.announcesAnything else {
            throw StateStoreError(
                .wrongState,
                "the decision for \(decision.period) announces episodes: record it with the post (markPosted)")
        }
        try transaction("record the alert state of \(dashboard) in \(channel)") { db in
            try Self.write(decision.updates, dashboard: dashboard, channel: channel, db)
        }
    }

    static func write(_ rows: [AlertState], dashboard: String, channel: String, _ db: Database) throws {
        for row in rows {
            try db.execute(
                sql: """
                    INSERT INTO alert (dashboard, channel, episode, finding_id, first_announced, last_announced,
                        last_seen, announcements, resolved_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (dashboard, channel, episode) DO UPDATE SET
                        finding_id = excluded.finding_id, first_announced = excluded.first_announced,
                        last_announced = excluded.last_announced, last_seen = excluded.last_seen,
                        announcements = excluded.announcements, resolved_at = excluded.resolved_at
                    """,
                arguments: [
                    dashboard, channel, row.episode.rawValue, row.findingID, row.firstAnnounced, row.lastAnnounced,
                    row.lastSeen, row.announcements, row.resolvedAt,
                ])
        }
    }
}

extension StateStore {
    /// What the channel was told by reports of other scopes than `scope` (the weekly report's,
    /// for a daily alert, and the other way round): the `others` of `LifecycleDecision.told`.
    public func alertState(channel: String, excludingScope scope: String) throws(StateStoreError) -> [AlertState] {
        try read("read the alert state of \(channel) outside \(scope)") { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM alert WHERE channel = ? AND dashboard <> ? ORDER BY dashboard, episode",
                arguments: [channel, scope]
            ).map(Self.alertState(from:))
        }
    }
}
