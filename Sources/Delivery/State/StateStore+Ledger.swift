import Foundation
import GRDB

/// The run ledger: `claim` before posting, `markPosted` after. See the README's "Exactly once".
extension StateStore {
    /// Takes `key` for `owner` if no one holds it and its message is not in Slack yet.
    ///
    /// The claim is an `INSERT` that fails on the primary key inside a write transaction, so of
    /// any number of processes and tasks claiming one key at once exactly one gets `.claimed`.
    /// A run whose last attempt `failed` without a message is taken over by the next claim.
    /// - Parameter owner: unique to this process and attempt (e.g. host, pid and a UUID).
    public func claim(_ key: RunKey, owner: String, now: Date = Date()) throws(StateStoreError) -> ClaimResult {
        try takeRun(key, owner: owner, now: now, from: nil)
    }

    /// Takes over a stale claim of `previousOwner` (an `.inFlight` answer with `isStale`), once
    /// the caller has looked for the run's message in Slack and not found it. A claim that has
    /// changed hands since, or is no longer stale, is not taken: the answer says who has it.
    public func reclaim(
        _ key: RunKey, from previousOwner: String, owner: String, now: Date = Date()
    ) throws(StateStoreError) -> ClaimResult {
        try takeRun(key, owner: owner, now: now, from: previousOwner)
    }

    /// Claims `key` whatever the ledger says, for a deliberate repost (`--force`): the message
    /// is posted again even if it is in Slack already or another process holds the run. Mark
    /// the post with `markPosted(_:ts:repost: true)`.
    /// - Returns: the run as it was, nil if it had never been claimed.
    @discardableResult
    public func forceClaim(_ key: RunKey, owner: String, now: Date = Date()) throws(StateStoreError) -> Run? {
        try transaction("force claim \(key)") { db in
            let previous = try Self.fetchRun(key, db)
            if previous == nil {
                try Self.insertClaim(key, owner: owner, now: now, db)
            } else {
                try Self.updateClaim(key, owner: owner, now: now, db)
            }
            return previous
        }
    }

    /// Records that Slack accepted the run's message (`ts`). Idempotent for the same `ts`.
    /// - Throws: `.unknownRun` for a run never claimed, `.wrongState` for one already posted
    ///   with another `ts`.
    public func markPosted(_ key: RunKey, ts: String, repost: Bool = false, now: Date = Date()) throws(StateStoreError)
    {
        try transaction("mark \(key) posted") { db in try Self.recordPost(key, ts: ts, repost: repost, now: now, db) }
    }

    /// Records that the claimed run posted nothing and why, so that the next claim may try
    /// again. Call it only when Slack certainly did not take the message (an error answer, a
    /// request never sent); after an ambiguous failure (a timeout once the request was sent)
    /// leave the claim: it goes stale, and the next run looks in Slack before posting.
    /// - Throws: `.unknownRun` for a run never claimed, `.wrongState` for one already posted.
    public func markFailed(_ key: RunKey, reason: String, now: Date = Date()) throws(StateStoreError) {
        try transaction("mark \(key) failed") { db in
            guard let run = try Self.fetchRun(key, db) else {
                throw StateStoreError(.unknownRun, "run \(key) was never claimed: nothing to mark failed")
            }
            guard run.state != .posted else {
                throw StateStoreError(
                    .wrongState, "run \(key) is posted (ts \(run.ts ?? "?")): it cannot have failed")
            }
            try db.execute(
                sql: "UPDATE run SET state = 'failed', failure = ?, failed_at = ? WHERE key = ?",
                arguments: [reason, now, key.description])
        }
    }

    /// The ledger's row for `key`, nil if it was never claimed.
    public func run(_ key: RunKey) throws(StateStoreError) -> Run? {
        try read("read run \(key)") { db in try Self.fetchRun(key, db) }
    }

    // MARK: Rows

    /// The claim, takeover and lookup behind `claim` and `reclaim`, in one transaction.
    private func takeRun(_ key: RunKey, owner: String, now: Date, from previousOwner: String?) throws(StateStoreError)
        -> ClaimResult
    {
        let staleLimit = configuration.staleClaimLimit.timeInterval
        return try transaction("claim \(key)") { db in
            do {
                try Self.insertClaim(key, owner: owner, now: now, db)
                return .claimed
            } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY {
                // The run exists: its row says what to do.
            }
            guard let run = try Self.fetchRun(key, db) else {
                throw StateStoreError(.database, "run \(key) is neither insertable nor readable")
            }
            let isStale = now.timeIntervalSince(run.claimedAt) >= staleLimit
            switch run.state {
            case .posted:
                return .alreadyPosted(ts: run.ts ?? "")
            case .failed:
                if let ts = run.ts { return .alreadyPosted(ts: ts) }
            case .claimed:
                guard let previousOwner, previousOwner == run.owner, isStale else {
                    return .inFlight(claimedAt: run.claimedAt, owner: run.owner, isStale: isStale)
                }
            }
            try Self.updateClaim(key, owner: owner, now: now, db)
            return .claimed
        }
    }

    static func insertClaim(_ key: RunKey, owner: String, now: Date, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO run (key, kind, dashboard, period, channel, state, owner, claimed_at)
                VALUES (?, ?, ?, ?, ?, 'claimed', ?, ?)
                """,
            arguments: [key.description, key.kind.rawValue, key.dashboard, key.period, key.channel, owner, now])
    }

    /// Claims an existing row for `owner`, keeping the `ts` of any message already posted.
    static func updateClaim(_ key: RunKey, owner: String, now: Date, _ db: Database) throws {
        try db.execute(
            sql: """
                UPDATE run SET state = 'claimed', owner = ?, claimed_at = ?, failure = NULL, failed_at = NULL
                WHERE key = ?
                """,
            arguments: [owner, now, key.description])
    }

    static func recordPost(_ key: RunKey, ts: String, repost: Bool, now: Date, _ db: Database) throws {
        guard let run = try fetchRun(key, db) else {
            throw StateStoreError(.unknownRun, "run \(key) was never claimed: claim a run before posting it")
        }
        if run.state == .posted {
            guard run.ts == ts else {
                throw StateStoreError(
                    .wrongState, "run \(key) is posted as ts \(run.ts ?? "?"), not \(ts): was it posted twice?")
            }
            return
        }
        try db.execute(
            sql: """
                UPDATE run SET state = 'posted', ts = ?, posted_at = ?, repost = ?, failure = NULL, failed_at = NULL
                WHERE key = ?
                """,
            arguments: [ts, now, repost, key.description])
    }

    static func fetchRun(_ key: RunKey, _ db: Database) throws -> Run? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM run WHERE key = ?", arguments: [key.description])
        else { return nil }
        guard let state = RunState(rawValue: row["state"]) else {
            throw StateStoreError(.database, "run \(key) has an unknown state \(String(describing: row["state"]))")
        }
        return Run(
            key: key, state: state, owner: row["owner"], claimedAt: row["claimed_at"], ts: row["ts"],
            postedAt: row["posted_at"], isRepost: row["repost"], failure: row["failure"], failedAt: row["failed_at"])
    }
}
