import Dashbrief
import DashbriefTestSupport
import Foundation
import Testing

@testable import Delivery

/// The lifecycle over consecutive days of the demo snapshot: each day's daily alert made as of that
/// day (`asOf`), decided against the state the days before left, posted (claim, `markPosted` with
/// the state) when the decision says so, recorded quiet otherwise. The snapshot was recorded on
/// 2026-11-24, so the last day is the report as of 11-24.
@Suite struct LifecycleDemoTests {
    struct Day {
        var asOf: String
        var period: String
        var findings: [String]
        var decision: LifecycleDecision
    }

    /// The daily alerts of `dashboard` as of each of `days`, delivered to one channel through a
    /// fresh store.
    static func deliver(
        _ dashboard: String, days: [String], method: AnalysisMethod = .statistical
    ) async throws -> (days: [Day], store: StateStore) {
        let engine = try Engine(configuration: Configuration(snapshotDirectory: TestPaths.demoSnapshot))
        let store = try StateStore.temporary()
        let channel = "C0DEMO"
        var delivered: [Day] = []
        for day in days {
            let report = try await engine.dailyReport(dashboard: dashboard, method: method, asOf: .day(day))
            let period = try #require(report.window?.to)
            let state = try store.alertState(dashboard: dashboard, channel: channel)
            let decision = Lifecycle.decide(findings: report.findings, state: state, kind: .daily, period: period)
            let key = RunKey(kind: .daily, dashboard: dashboard, period: period, channel: channel)
            if decision.shouldPost {
                #expect(try store.claim(key, owner: "demo", now: noon) == .claimed)
                try store.markPosted(key, ts: "ts-\(period)", applying: decision, now: noon)
            } else {
                try store.apply(decision, dashboard: dashboard, channel: channel)
                #expect(try store.run(key) == nil)
            }
            delivered.append(Day(asOf: day, period: period, findings: report.findings.map(\.id), decision: decision))
        }
        return (delivered, store)
    }

    static func ids(_ items: [LifecycleDecision.Item]) -> [String] { items.map(\.findingID) }

    @Test func marketing_pageviewsDip_isAnnouncedOnce_andNoEpisodeIsAnnouncedTwice() async throws {
        let (days, store) = try await Self.deliver("Marketing Dashboard", days: Days.from("2026-11-19", count: 6))
        let dip = "anomaly:2001:s=0:2026-11-18"

        // Day 1: the dip is new.
        #expect(days[0].period == "2026-11-18")
        #expect(Self.ids(days[0].decision.new) == [dip])
        #expect(days[0].decision.shouldPost)
        // Days 2 to 6: still in the report, never announced again.
        for day in days.dropFirst() {
            #expect(day.findings.contains(dip))
            #expect(!Self.ids(day.decision.new).contains(dip))
            #expect(day.decision.ongoing.contains { $0.findingID == dip && !$0.isAnnounced })
        }

        // The newsletter spike and its mix shift are new on 11-21.
        #expect(Self.ids(days[2].decision.new).contains("anomaly:2002:s=0;b=newsletter:2026-11-20"))
        // The signup conversion step (planted 11-16, 1.9 binomial standard deviations a day) is
        // at the bar: the alert of 11-22 announces it, dated 11-18, the next day's has it
        // ongoing, and 11-24's, with it just under the bar, says nothing of it (its level has
        // not gone back), so 11-24 posts nothing.
        let shift = "level_shift:2005:m=conversion:down"
        #expect(days[3].decision.new.map(\.episode.rawValue).contains(shift))
        #expect(days[4].decision.ongoing.contains { $0.episode.rawValue == shift && !$0.isAnnounced })
        #expect(days.allSatisfy { $0.decision.resolved.isEmpty })
        #expect(days.map(\.decision.shouldPost) == [true, false, true, true, false, false])
        // Whatever the detector does day to day, an episode is announced new once and said
        // resolved once.
        let announced = days.flatMap { $0.decision.new.map(\.episode) }
        #expect(Set(announced).count == announced.count)
        let resolved = days.flatMap { $0.decision.resolved.map(\.episode) }
        #expect(Set(resolved).count == resolved.count)

        let state = try store.alertState(dashboard: "Marketing Dashboard", channel: "C0DEMO")
        let dipState = try #require(state.first { $0.findingID == dip })
        #expect(dipState.announcements == 1)
        #expect(dipState.firstAnnounced == "2026-11-18")
        #expect(dipState.lastSeen == "2026-11-23")
        #expect(state.allSatisfy { $0.announcements == 1 && $0.resolvedAt == nil })
    }

    @Test func product_levelShift_isToldOnce_asItsFirstDay_thenOngoing_overTwentyDays() async throws {
        let (days, _) = try await Self.deliver("Product Dashboard", days: Days.from("2026-11-05", count: 20))
        func day(_ asOf: String) throws -> Day { try #require(days.first { $0.asOf == asOf }) }

        #expect(Self.ids(try day("2026-11-05").decision.new) == ["lifecycle:2013:m=quick_ratio:2026-11-04"])
        #expect(Self.ids(try day("2026-11-08").decision.new) == ["retention:2012:age=1:2026-10-25"])
        // Daily active users' step of 11-12: a spike the day after, a level shift from the next
        // day on, dated 11-12. The channel was told of its first day, so the shift is ongoing,
        // with the spike's first announcement, and never announced again.
        #expect(Self.ids(try day("2026-11-13").decision.new) == ["anomaly:2011:s=0:2026-11-12"])
        for asOf in Days.from("2026-11-14", count: 11) {
            let shift = try #require(
                try day(asOf).decision.ongoing.first { $0.episode.rawValue == "level_shift:2011:s=0:up" }, "\(asOf)")
            #expect(shift.findingID == "level_shift:2011:s=0:2026-11-12")
            #expect(shift.firstAnnounced == "2026-11-12" && !shift.isAnnounced)
        }
        #expect(Self.ids(try day("2026-11-22").decision.new) == ["retention:2012:age=2:2026-11-01"])
        let posted = days.filter(\.decision.shouldPost).map(\.asOf)
        #expect(posted == ["2026-11-05", "2026-11-08", "2026-11-13", "2026-11-22"])
        for day in days where !posted.contains(day.asOf) {
            #expect(day.decision.new.isEmpty && day.decision.resolved.isEmpty)
            #expect(day.decision.ongoing.count == day.findings.count)
        }
        #expect(days.allSatisfy { $0.decision.resolved.isEmpty })
    }

    @Test func thresholdTrends_thatStop_areResolvedOnce_andNewAgainWhenTheyReturn() async throws {
        let (product, _) = try await Self.deliver(
            "Product Dashboard", days: Days.from("2026-11-19", count: 6), method: .threshold)
        // Daily active users trend up from 11-19 to 11-21; gone on 11-22.
        #expect(Self.ids(product[0].decision.new).contains("trend:2011:s=0:2026-11-05..2026-11-18"))
        #expect(product[1].decision.ongoing.contains { $0.findingID == "trend:2011:s=0:2026-11-06..2026-11-19" })
        #expect(Self.ids(product[3].decision.resolved) == ["trend:2011:s=0:2026-11-07..2026-11-20"])
        #expect(product[3].decision.shouldPost)
        #expect(product[4].decision.resolved.isEmpty)
        // Average session duration's trend, reported on 11-23 only, is resolved on 11-24; Daily active users' not again.
        #expect(Self.ids(product[5].decision.resolved) == ["trend:2016:s=0:2026-11-09..2026-11-22"])

        let (marketing, _) = try await Self.deliver(
            "Marketing Dashboard", days: Days.from("2026-11-16", count: 7), method: .threshold)
        let newsletter = "trend:2002:s=0;b=newsletter"
        func says(_ items: [LifecycleDecision.Item]) -> Bool { items.contains { $0.episode.rawValue == newsletter } }
        // 11-16 new, 11-17 resolved, back on 11-21 (new again), resolved on 11-22.
        #expect(marketing.map { says($0.decision.new) } == [true, false, false, false, false, true, false])
        #expect(marketing.map { says($0.decision.resolved) } == [false, true, false, false, false, false, true])
        // One-day changes are moments: each is new on its day and never resolved.
        for day in marketing {
            #expect(day.decision.resolved.allSatisfy { $0.episode.describesState })
        }
    }
}
