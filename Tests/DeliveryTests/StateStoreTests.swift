import DashbriefTestSupport
import Foundation
import GRDB
import Testing

@testable import Delivery

/// The store's file, schema and transactions, and the alert state it keeps.
@Suite struct StateStoreTests {
    static let key = RunKey(kind: .daily, dashboard: "Marketing Dashboard", period: "2026-11-19", channel: "C0MARKET")

    @Test func defaultDirectory_followsDashbriefStateDir_thenXDG_thenHome() {
        #expect(
            StateStore.defaultDirectory(environment: ["DASHBRIEF_STATE_DIR": "/srv/dashbrief", "XDG_STATE_HOME": "/x"])
                .path == "/srv/dashbrief")
        #expect(
            StateStore.defaultDirectory(environment: ["XDG_STATE_HOME": "/var/state", "HOME": "/home/ana"]).path
                == "/var/state/dashbrief")
        #expect(
            StateStore.defaultDirectory(environment: ["HOME": "/home/ana"]).path == "/home/ana/.local/state/dashbrief")
        // Empty variables are unset; a relative XDG_STATE_HOME is invalid and ignored (XDG spec).
        #expect(
            StateStore.defaultDirectory(environment: [
                "DASHBRIEF_STATE_DIR": "", "XDG_STATE_HOME": "state", "HOME": "/home/ana",
            ]).path == "/home/ana/.local/state/dashbrief")
        #expect(StateStore.defaultDirectory(environment: [:]).path.hasSuffix("/.local/state/dashbrief"))
    }

    @Test func store_isOneWALFile_stateSqlite_inItsDirectory_createdOnDemand() throws {
        let directory = try TestPaths.temporaryDirectory("dashbrief-state").appendingPathComponent("nested/state")
        let store = try StateStore(directory: directory)
        #expect(store.url == directory.appendingPathComponent("state.sqlite"))
        #expect(FileManager.default.fileExists(atPath: store.url.path))
        let mode = try store.pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
        let tables = try store.pool.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        }
        #expect(tables == ["alert", "grdb_migrations", "run", "schedule_fire"])
    }

    @Test func reopening_keepsTheLedgerAndState_andMigratesNothingTwice() throws {
        let directory = try TestPaths.temporaryDirectory("dashbrief-state")
        do {
            let store = try StateStore(directory: directory)
            _ = try store.claim(Self.key, owner: "a", now: noon)
            let decision = Lifecycle.decide(
                findings: [Findings.dip(on: "2026-11-18")], state: [], kind: .daily, period: "2026-11-18")
            try store.markPosted(Self.key, ts: "1.0", applying: decision, now: noon)
        }
        let reopened = try StateStore(directory: directory)
        #expect(try reopened.claim(Self.key, owner: "b", now: noon) == .alreadyPosted(ts: "1.0"))
        #expect(try reopened.alertState(dashboard: Self.key.dashboard, channel: Self.key.channel).count == 1)
    }

    @Test func unwritableDirectory_isAStorageError_namingIt() throws {
        let file = try TestPaths.temporaryDirectory("dashbrief-state").appendingPathComponent("a-file")
        try Data("x".utf8).write(to: file)
        do {
            _ = try StateStore(directory: file.appendingPathComponent("state"))
            Issue.record("opened a store under a regular file")
        } catch {
            #expect(error.code == .storage)
            #expect(error.message.contains(file.path))
        }
    }

    @Test(arguments: [
        RunKey(kind: .daily, dashboard: "Marketing Dashboard", period: "2026-11-23", channel: "C0MARKET"),
        RunKey(kind: .weekly, dashboard: "Growth | 100% \n ünïcode", period: "2026-11-17..2026-11-23", channel: "C|0"),
        RunKey(kind: .daily, dashboard: "", period: "", channel: ""),
    ])
    func runKey_textForm_isEscaped_andReadBack(key: RunKey) {
        #expect(key.description.split(separator: "|", omittingEmptySubsequences: false).count == 4)
        #expect(RunKey(key.description) == key)
    }

    @Test func runKey_textForm_isReadable() {
        #expect(
            RunKey(kind: .daily, dashboard: "Marketing Dashboard", period: "2026-11-23", channel: "C0MARKET")
                .description
                == "daily|Marketing Dashboard|2026-11-23|C0MARKET")
        #expect(
            RunKey(kind: .weekly, dashboard: "A|B 50%", period: "p", channel: "c").description
                == "weekly|A%7CB 50%25|p|c")
        #expect(RunKey("hourly|a|b|c") == nil)
        #expect(RunKey("daily|a|b") == nil)
        #expect(RunKey("daily|a%2|b|c") == nil)
    }

    @Test func markPostedWithState_writesBoth_orNeither() throws {
        let store = try StateStore.temporary()
        let decision = Lifecycle.decide(
            findings: [Findings.dip(on: "2026-11-18"), Findings.levelShift(on: "2026-11-12")], state: [], kind: .daily,
            period: "2026-11-18")
        #expect(try store.claim(Self.key, owner: "a", now: noon) == .claimed)

        // A failure between recording the post and writing the state: a trigger makes the first
        // alert row fail, as a full disk or a crash would.
        let raw = try DatabaseQueue(path: store.url.path)
        try raw.write { db in
            try db.execute(
                sql: "CREATE TRIGGER fail BEFORE INSERT ON alert BEGIN SELECT RAISE(ABORT, 'simulated failure'); END")
        }
        do {
            try store.markPosted(Self.key, ts: "1.0", applying: decision, now: noon)
            Issue.record("the failing state write was not reported")
        } catch {
            #expect(error.code == .database)
        }
        let unchanged = try #require(try store.run(Self.key))
        #expect(unchanged.state == .claimed)
        #expect(unchanged.ts == nil)
        #expect(try store.alertState(dashboard: Self.key.dashboard, channel: Self.key.channel).isEmpty)

        try raw.write { db in try db.execute(sql: "DROP TRIGGER fail") }
        try store.markPosted(Self.key, ts: "1.0", applying: decision, now: noon)
        #expect(try store.run(Self.key)?.state == .posted)
        let state = try store.alertState(dashboard: Self.key.dashboard, channel: Self.key.channel)
        #expect(state == decision.updates)
        // The same post recorded again (a retry after a lost answer) changes nothing.
        try store.markPosted(Self.key, ts: "1.0", applying: decision, now: noon.addingTimeInterval(9))
        #expect(try store.alertState(dashboard: Self.key.dashboard, channel: Self.key.channel) == state)
    }

    @Test func alertState_isPerDashboardAndChannel() throws {
        let store = try StateStore.temporary()
        let decision = Lifecycle.decide(
            findings: [Findings.dip(on: "2026-11-18")], state: [], kind: .daily, period: "2026-11-18")
        _ = try store.claim(Self.key, owner: "a", now: noon)
        try store.markPosted(Self.key, ts: "1.0", applying: decision, now: noon)
        #expect(try store.alertState(dashboard: "Marketing Dashboard", channel: "C0MARKET").count == 1)
        #expect(try store.alertState(dashboard: "Marketing Dashboard", channel: "C0OTHER").isEmpty)
        #expect(try store.alertState(dashboard: "Product Dashboard", channel: "C0MARKET").isEmpty)
    }

    @Test func apply_recordsAQuietDay_butRefusesADecisionThatAnnounces() throws {
        let store = try StateStore.temporary()
        let dip = Findings.dip(on: "2026-11-18")
        let first = Lifecycle.decide(findings: [dip], state: [], kind: .daily, period: "2026-11-18")
        do {
            try store.apply(first, dashboard: "Marketing Dashboard", channel: "C0MARKET")
            Issue.record("announcements were recorded without a post")
        } catch {
            #expect(error.code == .wrongState)
        }
        _ = try store.claim(Self.key, owner: "a", now: noon)
        try store.markPosted(Self.key, ts: "1.0", applying: first, now: noon)

        let state = try store.alertState(dashboard: "Marketing Dashboard", channel: "C0MARKET")
        let quiet = Lifecycle.decide(findings: [dip], state: state, kind: .daily, period: "2026-11-19")
        #expect(!quiet.shouldPost)
        try store.apply(quiet, dashboard: "Marketing Dashboard", channel: "C0MARKET")
        let after = try #require(try store.alertState(dashboard: "Marketing Dashboard", channel: "C0MARKET").first)
        #expect(after.lastSeen == "2026-11-19")
        #expect(after.lastAnnounced == "2026-11-18")
        #expect(after.announcements == 1)
    }

    @Test func alertStateOutsideAScope_isWhatOtherScopesToldTheChannel() throws {
        let store = try StateStore.temporary()
        let shift = Findings.levelShift(on: "2026-11-12")
        let decision = Lifecycle.decide(findings: [shift], state: [], kind: .daily, period: "2026-11-18")
        _ = try store.claim(Self.key, owner: "a", now: noon)
        try store.markPosted(Self.key, ts: "1.0", applying: decision, now: noon)
        let weekly = "Marketing Dashboard + Product Dashboard"
        #expect(
            try store.alertState(channel: "C0MARKET", excludingScope: weekly).map(\.episode) == [EpisodeKey(for: shift)]
        )
        #expect(try store.alertState(channel: "C0MARKET", excludingScope: "Marketing Dashboard").isEmpty)
        #expect(try store.alertState(channel: "C0OTHER", excludingScope: weekly).isEmpty)

        // Once the daily alert resolves it, the weekly report sees when.
        let state = try store.alertState(dashboard: "Marketing Dashboard", channel: "C0MARKET")
        let gone = Lifecycle.decide(findings: [], state: state, kind: .daily, period: "2026-12-03")
        let next = RunKey(kind: .daily, dashboard: "Marketing Dashboard", period: "2026-12-03", channel: "C0MARKET")
        _ = try store.claim(next, owner: "a", now: noon)
        try store.markPosted(next, ts: "2.0", applying: gone, now: noon)
        #expect(try store.alertState(channel: "C0MARKET", excludingScope: weekly).map(\.resolvedAt) == ["2026-12-03"])
    }
}

@Suite struct ScheduleFireTests {
    @Test func theLastCompletedFire_onlyMovesForward() throws {
        let store = try StateStore(directory: try TestPaths.temporaryDirectory())
        #expect(try store.lastCompletedFire(job: "daily") == nil)
        let nine = Date(timeIntervalSince1970: 1_764_666_000)
        try store.recordCompletedFire(job: "daily", fire: nine)
        try store.recordCompletedFire(job: "daily", fire: nine.addingTimeInterval(-86_400))
        #expect(try store.lastCompletedFire(job: "daily") == nine)
        try store.recordCompletedFire(job: "daily", fire: nine.addingTimeInterval(86_400))
        #expect(try store.lastCompletedFire(job: "daily") == nine.addingTimeInterval(86_400))
        #expect(try store.lastCompletedFire(job: "weekly") == nil)
    }
}
