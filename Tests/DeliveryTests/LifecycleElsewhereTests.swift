import Analysis
import Testing

@testable import Delivery

/// A channel that heard of an episode from its other report (daily or weekly) is not told it is new.
@Suite struct LifecycleElsewhereTests {
    @Test func episodeAnnouncedByTheDailyAlert_isOngoingInTheWeekly_andTheWeeklyStillPosts() {
        let dip = Findings.dip(on: "2026-11-18")
        let shift = Findings.levelShift(on: "2026-11-16")
        let weekly = Lifecycle.decide(findings: [dip, shift], state: [], kind: .weekly, period: "2026-11-20")
        #expect(Set(LifecycleTests.ids(weekly.new)) == [dip.id, shift.id])

        let told = weekly.told(elsewhere: [EpisodeKey(for: dip)], policy: LifecyclePolicy())
        #expect(LifecycleTests.ids(told.new) == [shift.id])
        #expect(LifecycleTests.ids(told.ongoing) == [dip.id])
        #expect(told.ongoing.allSatisfy { !$0.isAnnounced })
        #expect(told.shouldPost)
        // The weekly scope still records the episode, so next week it is ongoing there too.
        #expect(Set(told.updates.map(\.episode)) == [EpisodeKey(for: dip), EpisodeKey(for: shift)])
    }

    @Test func dailyAlert_withOnlyWhatTheWeeklyTold_postsNothing_unlessQuietDaysPost() {
        let shift = Findings.levelShift(on: "2026-11-16")
        let daily = Lifecycle.decide(findings: [shift], state: [], kind: .daily, period: "2026-11-21")
        #expect(daily.shouldPost)
        let told = daily.told(elsewhere: [EpisodeKey(for: shift)], policy: LifecyclePolicy())
        #expect(told.new.isEmpty)
        #expect(!told.shouldPost)
        let quiet = daily.told(elsewhere: [EpisodeKey(for: shift)], policy: LifecyclePolicy(postWhenNothingNew: true))
        #expect(quiet.shouldPost)
    }

    @Test func nothingToldElsewhere_leavesTheDecisionAlone() {
        let dip = Findings.dip(on: "2026-11-18")
        let daily = Lifecycle.decide(findings: [dip], state: [], kind: .daily, period: "2026-11-18")
        let told = daily.told(
            elsewhere: [EpisodeKey(for: Findings.levelShift(on: "2026-11-01"))], policy: LifecyclePolicy())
        #expect(LifecycleTests.ids(told.new) == [dip.id])
        #expect(told.shouldPost)
    }
}
