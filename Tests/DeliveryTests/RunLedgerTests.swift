import DashbriefTestSupport
import Foundation
import Testing

@testable import Delivery

/// The run ledger: a run is posted once, whatever retries, restarts and other processes do.
@Suite struct RunLedgerTests {
    static let key = RunKey(kind: .daily, dashboard: "Marketing Dashboard", period: "2026-11-23", channel: "C0MARKET")

    @Test func claim_thenPosted_thenSecondClaim_isAlreadyPosted() throws {
        let store = try StateStore.temporary()
        #expect(try store.claim(Self.key, owner: "a", now: noon) == .claimed)
        try store.markPosted(Self.key, ts: "1795435200.000100", now: noon.addingTimeInterval(2))
        #expect(
            try store.claim(Self.key, owner: "b", now: noon.addingTimeInterval(60))
                == .alreadyPosted(ts: "1795435200.000100"))
        #expect(
            try store.claim(Self.key, owner: "a", now: noon.addingTimeInterval(86_400))
                == .alreadyPosted(ts: "1795435200.000100"))
        let run = try #require(try store.run(Self.key))
        #expect(run.state == .posted)
        #expect(run.owner == "a")
        #expect(run.claimedAt == noon)
        #expect(run.postedAt == noon.addingTimeInterval(2))
        #expect(run.isRepost == false)
    }

    @Test func claim_heldByAnotherOwner_isInFlight_untilStale() throws {
        let store = try StateStore.temporary()
        #expect(try store.claim(Self.key, owner: "a", now: noon) == .claimed)
        #expect(
            try store.claim(Self.key, owner: "b", now: noon.addingTimeInterval(60))
                == .inFlight(claimedAt: noon, owner: "a", isStale: false))
        // The holder itself gets no second go either: one claim, one post.
        #expect(
            try store.claim(Self.key, owner: "a", now: noon.addingTimeInterval(60))
                == .inFlight(claimedAt: noon, owner: "a", isStale: false))
        #expect(
            try store.claim(Self.key, owner: "b", now: noon.addingTimeInterval(15 * 60))
                == .inFlight(claimedAt: noon, owner: "a", isStale: true))
        #expect(try store.run(Self.key)?.owner == "a")
    }

    @Test func reclaim_takesOverOnlyAStaleClaim_ofTheOwnerSeen() throws {
        let store = try StateStore.temporary()
        let later = noon.addingTimeInterval(16 * 60)
        _ = try store.claim(Self.key, owner: "a", now: noon)
        // Not stale yet: the holder may still be posting.
        #expect(
            try store.reclaim(Self.key, from: "a", owner: "b", now: noon.addingTimeInterval(60))
                == .inFlight(claimedAt: noon, owner: "a", isStale: false))
        // Stale, but not held by the owner the caller looked for in Slack.
        #expect(
            try store.reclaim(Self.key, from: "x", owner: "b", now: later)
                == .inFlight(claimedAt: noon, owner: "a", isStale: true))
        #expect(try store.reclaim(Self.key, from: "a", owner: "b", now: later) == .claimed)
        // A third process that saw the same stale claim is too late.
        #expect(
            try store.reclaim(Self.key, from: "a", owner: "c", now: later)
                == .inFlight(claimedAt: later, owner: "b", isStale: false))
        try store.markPosted(Self.key, ts: "2.0", now: later)
        #expect(try store.reclaim(Self.key, from: "b", owner: "c", now: later) == .alreadyPosted(ts: "2.0"))
    }

    @Test func staleClaim_whoseMessageIsInSlack_isMarkedPosted_byTheProcessThatFoundIt() throws {
        let store = try StateStore.temporary()
        _ = try store.claim(Self.key, owner: "a", now: noon)
        let later = noon.addingTimeInterval(20 * 60)
        guard case .inFlight(_, _, isStale: true) = try store.claim(Self.key, owner: "b", now: later) else {
            Issue.record("expected a stale claim")
            return
        }
        // b found the run key in the channel's history: the message is there.
        try store.markPosted(Self.key, ts: "1.5", now: later)
        #expect(try store.claim(Self.key, owner: "c", now: later) == .alreadyPosted(ts: "1.5"))
    }

    @Test func staleLimit_isConfigurable() throws {
        let store = try StateStore.temporary(.init(staleClaimLimit: .seconds(30)))
        _ = try store.claim(Self.key, owner: "a", now: noon)
        #expect(
            try store.claim(Self.key, owner: "b", now: noon.addingTimeInterval(30))
                == .inFlight(claimedAt: noon, owner: "a", isStale: true))
    }

    @Test func forceClaim_repostsWhateverTheLedgerSays_andRemembersTheRepost() throws {
        let store = try StateStore.temporary()
        #expect(try store.forceClaim(Self.key, owner: "a", now: noon) == nil)
        try store.markPosted(Self.key, ts: "1.0", now: noon)
        let previous = try #require(try store.forceClaim(Self.key, owner: "b", now: noon.addingTimeInterval(60)))
        #expect(previous.state == .posted)
        #expect(previous.ts == "1.0")
        try store.markPosted(Self.key, ts: "2.0", repost: true, now: noon.addingTimeInterval(61))
        let run = try #require(try store.run(Self.key))
        #expect(run.state == .posted)
        #expect(run.ts == "2.0")
        #expect(run.isRepost)
        #expect(run.owner == "b")
        #expect(try store.claim(Self.key, owner: "c", now: noon.addingTimeInterval(120)) == .alreadyPosted(ts: "2.0"))
        // Forcing a run another process holds takes it too.
        let other = RunKey(
            kind: .weekly, dashboard: "Product Dashboard", period: "2026-11-17..2026-11-23", channel: "C0PROD")
        _ = try store.claim(other, owner: "a", now: noon)
        #expect(try store.forceClaim(other, owner: "b", now: noon)?.state == .claimed)
        #expect(try store.run(other)?.owner == "b")
    }

    @Test func failedRun_isClaimedAgain_byTheNextRun() throws {
        let store = try StateStore.temporary()
        _ = try store.claim(Self.key, owner: "a", now: noon)
        try store.markFailed(Self.key, reason: "channel_not_found", now: noon.addingTimeInterval(1))
        let failed = try #require(try store.run(Self.key))
        #expect(failed.state == .failed)
        #expect(failed.failure == "channel_not_found")
        #expect(failed.failedAt == noon.addingTimeInterval(1))
        #expect(try store.claim(Self.key, owner: "b", now: noon.addingTimeInterval(3600)) == .claimed)
        let retried = try #require(try store.run(Self.key))
        #expect(retried.state == .claimed)
        #expect(retried.owner == "b")
        #expect(retried.failure == nil)
    }

    @Test func failedRepost_keepsTheEarlierMessage_soTheRunIsNotPostedAgain() throws {
        let store = try StateStore.temporary()
        _ = try store.claim(Self.key, owner: "a", now: noon)
        try store.markPosted(Self.key, ts: "1.0", now: noon)
        try store.forceClaim(Self.key, owner: "b", now: noon)
        try store.markFailed(Self.key, reason: "rate_limited", now: noon)
        #expect(try store.run(Self.key)?.ts == "1.0")
        #expect(try store.claim(Self.key, owner: "c", now: noon) == .alreadyPosted(ts: "1.0"))
    }

    @Test func marking_aRunNeverClaimed_orAPostedRunFailed_throws() throws {
        let store = try StateStore.temporary()
        #expect(throws: StateStoreError.self) { try store.markPosted(Self.key, ts: "1.0") }
        #expect(throws: StateStoreError.self) { try store.markFailed(Self.key, reason: "x") }
        do {
            try store.markPosted(Self.key, ts: "1.0")
        } catch {
            #expect(error.code == .unknownRun)
        }
        _ = try store.claim(Self.key, owner: "a", now: noon)
        try store.markPosted(Self.key, ts: "1.0", now: noon)
        try store.markPosted(Self.key, ts: "1.0", now: noon.addingTimeInterval(5))  // the same post again: no-op
        #expect(try store.run(Self.key)?.postedAt == noon)
        do {
            try store.markFailed(Self.key, reason: "timeout")
            Issue.record("a posted run was marked failed")
        } catch {
            #expect(error.code == .wrongState)
        }
        do {
            try store.markPosted(Self.key, ts: "9.9")
            Issue.record("a second ts replaced the first")
        } catch {
            #expect(error.code == .wrongState)
        }
        #expect(try store.run(RunKey(kind: .weekly, dashboard: "x", period: "y", channel: "z")) == nil)
    }

    @Test func twoStoresOnOneFile_racingFromManyTasks_claimEachRunExactlyOnce() async throws {
        let directory = try TestPaths.temporaryDirectory("dashbrief-state")
        let first = try StateStore(directory: directory)
        let second = try StateStore(directory: directory)
        for period in Days.from("2026-11-01", count: 8) {
            let key = RunKey(kind: .daily, dashboard: "Marketing Dashboard", period: period, channel: "C0MARKET")
            let results = await withTaskGroup(of: ClaimResult?.self) { group in
                for task in 0..<32 {
                    group.addTask {
                        let store = task.isMultiple(of: 2) ? first : second
                        return try? store.claim(key, owner: "task-\(task)", now: noon)
                    }
                }
                var results: [ClaimResult?] = []
                for await result in group { results.append(result) }
                return results
            }
            #expect(results.count == 32)
            #expect(!results.contains(nil), "a claim failed instead of answering")
            #expect(results.filter { $0 == .claimed }.count == 1, "\(period): \(results)")
            let run = try #require(try first.run(key))
            #expect(results.filter { $0 == .inFlight(claimedAt: noon, owner: run.owner, isStale: false) }.count == 31)
        }
    }
}
