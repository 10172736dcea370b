import DashbriefTestSupport
import Foundation
import Logging
import ServiceLifecycle
import Testing

@testable import Dashbrief

/// The scheduler's passes (`run --due`) and its life as a service (`serve`), on the demo snapshot
/// and a loopback Slack, with times given, never slept.
@Suite struct SchedulerTests {
    static let utc = TimeZone.gmt
    static func at(_ text: String) -> Date { Timestamp.instant(text)! }

    static func scheduler(_ fake: FakeSlack) throws -> Scheduler {
        let engine = try DeliveryEngineTests.engine(fake, state: try TestPaths.temporaryDirectory())
        return try Scheduler(
            engine: engine,
            jobs: [
                ScheduledJob(kind: .daily, schedule: .daily(in: utc)),
                ScheduledJob(kind: .weekly, schedule: .weekly(in: utc)),
            ])
    }

    /// The scheduler's reports go to Slack, which draws no charts: it does not collect them.
    @Test func scheduledReports_collectNoChartHistories() async throws {
        let fake = try FakeSlack()
        let scheduler = try Self.scheduler(fake)
        #expect(!scheduler.engine.charts)
        let report = try await scheduler.engine.weeklyReport()
        #expect(report.histories.isEmpty && !report.findings.isEmpty)
    }

    @Test func aNewInstall_postsNothingUntilItsFirstFire_thenPostsEachOnce() async throws {
        let fake = try FakeSlack()
        let scheduler = try Self.scheduler(fake)
        #expect(try await scheduler.runDue(now: Self.at("2026-12-03T08:00:00Z")).isEmpty)  // Thursday
        #expect(try await scheduler.runDue(now: Self.at("2026-12-03T08:59:00Z")).isEmpty)
        let daily = try await scheduler.runDue(now: Self.at("2026-12-03T09:00:30Z"))
        #expect(daily.map(\.job.kind) == [.daily])
        #expect(daily.first?.lateness == nil)
        #expect(Set(fake.messages.map(\.channel)) == ["C0MARKET", "C0PRODUCT"])
        // The same fire again: nothing (the fire is recorded, and the ledger would refuse anyway).
        #expect(try await scheduler.runDue(now: Self.at("2026-12-03T09:05:00Z")).isEmpty)
        // Friday 16:00 UTC: the weekly report, on Friday.
        let friday = try await scheduler.runDue(now: Self.at("2026-12-04T16:00:10Z"))
        #expect(friday.map(\.job.kind).contains(.weekly))
    }

    @Test func aDaemonDownAcrossARun_catchesUpWithinGrace_andSkipsOlderRuns() async throws {
        let fake = try FakeSlack()
        let scheduler = try Self.scheduler(fake)
        _ = try await scheduler.runDue(now: Self.at("2026-12-01T10:00:00Z"))  // baseline
        // Down from Tuesday 10:00 to Wednesday 11:30: Wednesday's 09:00 is 2.5 h late, within 3 h.
        let late = try await scheduler.runDue(now: Self.at("2026-12-02T11:30:00Z"))
        #expect(late.first?.job.kind == .daily)
        #expect(late.first?.lateness != nil)
        // Down again until Friday 13:00: Thursday's and Friday's 09:00 are beyond grace: skipped.
        let skipped = try await scheduler.runDue(now: Self.at("2026-12-04T13:00:00Z"))
        #expect(skipped.isEmpty)
    }

    @Test func serve_stopsGracefullyWhileWaiting() async throws {
        let fake = try FakeSlack()
        let scheduler = try Self.scheduler(fake)
        let group = ServiceGroup(services: [scheduler], logger: Logger(label: "test"))
        let running = Task { try await group.run() }
        try await Task.sleep(for: .milliseconds(200))
        let asked = ContinuousClock.now
        await group.triggerGracefulShutdown()
        try await running.value
        // Stopped on request, not at its next fire (hours away). The bound is loose because the
        // whole suite shares two cores and the cooperative pool with suites that compute for
        // seconds at a time: 10 s failed once in eight full runs here; the test alone takes 2 s.
        #expect(ContinuousClock.now - asked < .seconds(60))
        #expect(fake.messages.isEmpty)
    }

    @Test func aFailedFire_staysDue_andIsTriedAgainWithinGrace() async throws {
        let fake = try FakeSlack { method, index in index < 2 ? .json(#"{"ok":false,"error":"ratelimited"}"#) : nil }
        let scheduler = try Self.scheduler(fake)
        _ = try await scheduler.runDue(now: Self.at("2026-12-03T08:00:00Z"))
        let failed = try await scheduler.runDue(now: Self.at("2026-12-03T09:00:30Z"))
        #expect(failed.first?.failures.isEmpty == false)
        let retried = try await scheduler.runDue(now: Self.at("2026-12-03T09:20:00Z"))
        #expect(retried.first?.job.kind == .daily)
        #expect(retried.first?.failures.isEmpty == true)
    }

    @Test func serve_catchesUpAMissedFireAtStart_notAtTheNextOne() async throws {
        let fake = try FakeSlack()
        let scheduler = try Self.scheduler(fake)
        // Last completed yesterday's fire, then down through today's 09:00 UTC (within grace now?
        // only if now is before 12:00 UTC, so use a fire an hour ago).
        let now = Date()
        let lastFire = scheduler.jobs[0].schedule.nextFire(after: now.addingTimeInterval(-2 * 86_400))
        let store = try scheduler.engine.openStore()
        try store.recordCompletedFire(job: "daily", fire: lastFire)
        try store.recordCompletedFire(job: "weekly", fire: now)
        let dueFire = scheduler.jobs[0].schedule.fires(between: lastFire, and: now).last
        let group = ServiceGroup(services: [scheduler], logger: Logger(label: "test"))
        let running = Task { try await group.run() }
        try await Task.sleep(for: .seconds(2))
        await group.triggerGracefulShutdown()
        try await running.value
        if let dueFire, now.timeIntervalSince(dueFire) < 3 * 3_600 {
            #expect(!fake.messages.isEmpty, "a fire within grace was not caught up at start")
        } else {
            #expect(fake.messages.isEmpty)  // beyond grace: skipped, as it should be
        }
    }
}
