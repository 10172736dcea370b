import Analysis
import PostHog
import Testing

@testable import Delivery

/// A channel that heard of an episode from its other report (daily or weekly) is not told it is
/// new, nor told twice that it resolved; an incident back after it was said resolved is new.
@Suite struct LifecycleElsewhereTests {
    static let dip = Findings.dip(on: "2026-11-18")
    static let shift = Findings.levelShift(on: "2026-11-16")

    /// The other report's row: told on `told`, last seen on `seen`.
    static func row(
        _ finding: Finding, told: String, seen: String? = nil, resolved: String? = nil, announcements: Int = 1
    ) -> AlertState {
        AlertState(
            episode: EpisodeKey(for: finding), findingID: finding.id, firstAnnounced: told, lastAnnounced: told,
            lastSeen: seen ?? told, announcements: announcements, resolvedAt: resolved)
    }

    @Test func episodeTheDailyAlertTold_isOngoingInTheWeekly_recordedWithTheDailysDates() {
        let weekly = Lifecycle.decide(findings: [Self.dip, Self.shift], state: [], kind: .weekly, period: "2026-11-20")
        #expect(Set(LifecycleTests.ids(weekly.new)) == [Self.dip.id, Self.shift.id])

        let told = weekly.told(elsewhere: [Self.row(Self.dip, told: "2026-11-19")], own: [], policy: LifecyclePolicy())
        #expect(LifecycleTests.ids(told.new) == [Self.shift.id])
        #expect(LifecycleTests.ids(told.ongoing) == [Self.dip.id])
        #expect(told.ongoing.allSatisfy { !$0.isAnnounced && $0.firstAnnounced == "2026-11-19" })
        #expect(told.shouldPost)
        let recorded = told.updates.first { $0.episode == EpisodeKey(for: Self.dip) }
        #expect(recorded?.lastAnnounced == "2026-11-19" && recorded?.firstAnnounced == "2026-11-19")
        #expect(recorded?.lastSeen == "2026-11-20")
    }

    @Test func levelShift_whoseFirstDayTheDailyAlertTold_isOngoingInTheWeekly() {
        let spike = Findings.make(
            .outlier(.init(score: 8, lower: 80, upper: 120, direction: 1)), insight: 2011, date: "2026-11-16")
        let weekly = Lifecycle.decide(findings: [Self.shift], state: [], kind: .weekly, period: "2026-11-20")
        let told = weekly.told(elsewhere: [Self.row(spike, told: "2026-11-17")], own: [], policy: LifecyclePolicy())
        #expect(told.new.isEmpty)
        #expect(LifecycleTests.ids(told.ongoing) == [Self.shift.id])
        #expect(told.ongoing.allSatisfy { !$0.isAnnounced && $0.firstAnnounced == "2026-11-17" })
    }

    @Test func levelShift_withTheSpikeStillBesideIt_isNew_thoughTheDailyAlertToldTheSpike() {
        let spike = Findings.make(
            .outlier(.init(score: 8, lower: 80, upper: 120, direction: 1)), insight: 2011, date: "2026-11-16")
        let weekly = Lifecycle.decide(findings: [spike, Self.shift], state: [], kind: .weekly, period: "2026-11-20")
        let told = weekly.told(elsewhere: [Self.row(spike, told: "2026-11-17")], own: [], policy: LifecyclePolicy())
        #expect(LifecycleTests.ids(told.new) == [Self.shift.id])
        #expect(LifecycleTests.ids(told.ongoing) == [spike.id])
    }

    @Test func levelShift_thisReportSaidResolved_afterTheSpikeWasTold_isNew() {
        let spike = Findings.make(
            .outlier(.init(score: 8, lower: 80, upper: 120, direction: 1)), insight: 2011, date: "2026-11-16")
        let own = [Self.row(Self.shift, told: "2026-11-13", seen: "2026-11-13", resolved: "2026-11-18")]
        let weekly = Lifecycle.decide(findings: [Self.shift], state: own, kind: .weekly, period: "2026-11-20")
        let told = weekly.told(elsewhere: [Self.row(spike, told: "2026-11-17")], own: own, policy: LifecyclePolicy())
        #expect(LifecycleTests.ids(told.new) == [Self.shift.id])
    }

    @Test func dailyAlert_withOnlyWhatTheWeeklyTold_postsNothing_unlessQuietDaysPost() {
        let daily = Lifecycle.decide(findings: [Self.shift], state: [], kind: .daily, period: "2026-11-21")
        #expect(daily.shouldPost)
        let weeklyRow = [Self.row(Self.shift, told: "2026-11-20")]
        let told = daily.told(elsewhere: weeklyRow, own: [], policy: LifecyclePolicy())
        #expect(told.new.isEmpty && !told.shouldPost && !told.announcesAnything)
        let quiet = daily.told(elsewhere: weeklyRow, own: [], policy: LifecyclePolicy(postWhenNothingNew: true))
        #expect(quiet.shouldPost)
    }

    @Test func anIncidentBackAfterThisReportSaidItResolved_isNewAgain() {
        // Weekly told it on Friday 11-20; the daily said it resolved on 11-23; back on 11-24.
        var own = Self.row(Self.shift, told: "2026-11-21", seen: "2026-11-22", resolved: "2026-11-23")
        own.resolvedAt = "2026-11-23"
        let daily = Lifecycle.decide(findings: [Self.shift], state: [own], kind: .daily, period: "2026-11-24")
        #expect(LifecycleTests.ids(daily.new) == [Self.shift.id])
        let told = daily.told(
            elsewhere: [Self.row(Self.shift, told: "2026-11-20")], own: [own], policy: LifecyclePolicy())
        #expect(LifecycleTests.ids(told.new) == [Self.shift.id])
        #expect(told.shouldPost)
    }

    @Test func aReportThatStoppedRunning_mutesNothing() {
        // A weekly scope last seen three weeks ago (its dashboard list changed since).
        let daily = Lifecycle.decide(findings: [Self.shift], state: [], kind: .daily, period: "2026-12-10")
        let told = daily.told(
            elsewhere: [Self.row(Self.shift, told: "2026-11-13", seen: "2026-11-20")], own: [],
            policy: LifecyclePolicy())
        #expect(LifecycleTests.ids(told.new) == [Self.shift.id])
    }

    @Test func aResolutionTheOtherReportTold_isRecordedButNotSaidAgain() {
        let funnel = Findings.funnelChange(on: "2026-11-20")
        let own = Self.row(funnel, told: "2026-11-20")
        let weekly = Lifecycle.decide(findings: [], state: [own], kind: .weekly, period: "2026-11-27")
        #expect(LifecycleTests.ids(weekly.resolved) == [funnel.id])
        let toldResolved = Self.row(funnel, told: "2026-11-17", seen: "2026-11-23", resolved: "2026-11-24")
        let told = weekly.told(elsewhere: [toldResolved], own: [own], policy: LifecyclePolicy())
        #expect(told.resolved.isEmpty)
        #expect(told.updates.first?.resolvedAt == "2026-11-27")
        // Resolved elsewhere before this report last told it: this report's resolution is news.
        let earlier = Self.row(funnel, told: "2026-11-10", seen: "2026-11-12", resolved: "2026-11-13")
        #expect(
            LifecycleTests.ids(weekly.told(elsewhere: [earlier], own: [own], policy: LifecyclePolicy()).resolved) == [
                funnel.id
            ])
    }

    @Test func nothingToldElsewhere_leavesTheDecisionAlone() {
        let daily = Lifecycle.decide(findings: [Self.dip], state: [], kind: .daily, period: "2026-11-18")
        let told = daily.told(
            elsewhere: [Self.row(Findings.levelShift(on: "2026-11-01"), told: "2026-11-17")], own: [],
            policy: LifecyclePolicy())
        #expect(LifecycleTests.ids(told.new) == [Self.dip.id])
        #expect(told.shouldPost)
    }

    @Test func daysBetweenCalendarDays_crossMonthsAndLeapYears() {
        #expect(Timestamp.days(from: "2026-11-20", to: "2026-12-01") == 11)
        #expect(Timestamp.days(from: "2028-02-28", to: "2028-03-01") == 2)
        #expect(Timestamp.days(from: "2026-12-31", to: "2027-01-01") == 1)
        #expect(Timestamp.days(from: "not a day", to: "2027-01-01") == nil)
    }
}
