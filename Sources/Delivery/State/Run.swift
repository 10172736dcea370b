import Foundation

/// Where a run stands in the ledger.
public enum RunState: String, Sendable, Equatable, CaseIterable {
    /// A process took the run and may be posting it now (or died doing so).
    case claimed
    /// Slack accepted the message: `Run.ts` identifies it.
    case posted
    /// The process that claimed the run knows that it posted nothing (`Run.failure` says why).
    case failed
}

/// One row of the run ledger.
public struct Run: Sendable, Equatable {
    public var key: RunKey
    public var state: RunState
    /// Who claimed it last: a token unique to the claiming process and attempt.
    public var owner: String
    public var claimedAt: Date
    /// Slack's `ts` of the latest message known to be in the channel for this run. A failed
    /// forced repost keeps the earlier message's: the run was posted all the same.
    public var ts: String?
    public var postedAt: Date?
    /// Whether the latest message was a forced repost (`--force`).
    public var isRepost: Bool
    /// Why the last attempt failed; nil unless `state` is `failed`.
    public var failure: String?
    public var failedAt: Date?

    public init(
        key: RunKey, state: RunState, owner: String, claimedAt: Date, ts: String? = nil, postedAt: Date? = nil,
        isRepost: Bool = false, failure: String? = nil, failedAt: Date? = nil
    ) {
        self.key = key
        self.state = state
        self.owner = owner
        self.claimedAt = claimedAt
        self.ts = ts
        self.postedAt = postedAt
        self.isRepost = isRepost
        self.failure = failure
        self.failedAt = failedAt
    }
}

/// What a claim on a run says the caller may do.
public enum ClaimResult: Sendable, Equatable {
    /// The caller holds the run: post, then `markPosted` (or `markFailed` when nothing was posted).
    case claimed
    /// The run's message is in Slack already (`ts`): post nothing.
    case alreadyPosted(ts: String)
    /// Another process holds the run since `claimedAt`. Post nothing. When `isStale` (older than
    /// the store's `staleClaimLimit`), its holder probably died, perhaps after Slack took the
    /// message: look for the run key in the channel, then `markPosted` what is found, or
    /// `reclaim` from `owner` and post.
    case inFlight(claimedAt: Date, owner: String, isStale: Bool)
}
