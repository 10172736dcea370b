import Analysis
import PostHog
import Testing

@testable import Delivery

/// New, ongoing and resolved, decided from the findings and what the channel was told.
@Suite struct LifecycleTests {
    /// Decides `days` in order, applying each decision as if it were posted (or recorded quiet).
    static func run(
        _ days: [(period: String, findings: [Finding])], kind: ReportKind = .daily,
        policy: LifecyclePolicy = LifecyclePolicy()
    ) -> [LifecycleDecision] {
        var state: [EpisodeKey: AlertState] = [:]
        return days.map { day in
            let decision = Lifecycle.decide(
                findings: day.findings, state: Array(state.values), kind: kind, period: day.period, policy: policy)
            for row in decision.updates { state[row.episode] = row }
            return decision
        }
    }

    static func ids(_ items: [LifecycleDecision.Item]) -> [String] { items.map(\.findingID) }

    @Test func oneDayDip_isNewOnce_thenOngoingUnannounced_forTwoWeeks_thenAgesOutUnresolved() {
        let dip = Findings.dip(on: "2026-11-18")
        let days = Days.from("2026-11-18", count: 15)
        // In the daily window from 11-18 to 12-01 (14 days); gone from the report of 12-02.
        let decisions = Self.run(days.map { ($0, $0 < "2026-12-02" ? [dip] : []) })
        #expect(Self.ids(decisions[0].new) == [dip.id])
        #expect(decisions[0].shouldPost)
        for decision in decisions[1..<14] {
            #expect(decision.new.isEmpty)
            #expect(Self.ids(decision.ongoing) == [dip.id])
            #expect(decision.ongoing.allSatisfy { !$0.isAnnounced && $0.firstAnnounced == "2026-11-18" })
            #expect(!decision.shouldPost, "\(decision.period)")
        }
        #expect(decisions[14].resolved.isEmpty)
        #expect(decisions[14].ongoing.isEmpty)
        #expect(!decisions[14].shouldPost)
    }

    @Test func stateFinding_thatGoes_isResolvedOnce() {
        let shift = Findings.funnelChange(on: "2026-11-12")
        let decisions = Self.run([
            ("2026-11-19", [shift]), ("2026-11-20", [shift]), ("2026-11-21", []), ("2026-11-22", []),
        ])
        #expect(Self.ids(decisions[0].new) == [shift.id])
        #expect(Self.ids(decisions[1].ongoing) == [shift.id])
        #expect(!decisions[1].shouldPost)
        #expect(Self.ids(decisions[2].resolved) == [shift.id])
        #expect(decisions[2].resolved.first?.firstAnnounced == "2026-11-19")
        #expect(decisions[2].shouldPost)
        #expect(decisions[2].updates.first?.resolvedAt == "2026-11-21")
        #expect(decisions[3].resolved.isEmpty)
        #expect(!decisions[3].shouldPost)
    }

    /// A step's first day reads as a spike until the new level has lasted: the level shift that
    /// follows, dated on that day or the day before, is the incident the channel was told of.
    @Test func levelShift_afterItsFirstDayWasToldAsASpike_isOngoing_notNew() {
        let spike = Findings.make(
            .outlier(.init(score: 8, lower: 80, upper: 120, direction: 1)), insight: 2011, date: "2026-11-12")
        let shift = Findings.levelShift(insight: 2011, on: "2026-11-12")
        let decisions = Self.run([("2026-11-12", [spike]), ("2026-11-13", [shift]), ("2026-11-14", [shift])])
        #expect(Self.ids(decisions[0].new) == [spike.id])
        #expect(decisions[1].new.isEmpty)
        #expect(Self.ids(decisions[1].ongoing) == [shift.id])
        #expect(decisions[1].ongoing.allSatisfy { !$0.isAnnounced && $0.firstAnnounced == "2026-11-12" })
        #expect(!decisions[1].shouldPost)
        let recorded = decisions[1].updates.first { $0.episode == EpisodeKey(for: shift) }
        #expect(recorded?.firstAnnounced == "2026-11-12" && recorded?.announcements == 1)
        #expect(decisions[2].new.isEmpty && !decisions[2].shouldPost)
    }

    @Test func levelShift_notContinuingATold_spike_isNew() {
        // Another series, and the same series a week before the step: separate incidents.
        let otherSeries = Findings.make(
            .outlier(.init(score: 8, lower: 80, upper: 120, direction: 1)), insight: 2011,
            key: SeriesKey(order: 1), date: "2026-11-12")
        let weekBefore = Findings.make(
            .outlier(.init(score: 8, lower: 80, upper: 120, direction: 1)), insight: 2011, date: "2026-11-05")
        let shift = Findings.levelShift(insight: 2011, on: "2026-11-12")
        let decisions = Self.run([("2026-11-12", [otherSeries, weekBefore]), ("2026-11-13", [shift])])
        #expect(Self.ids(decisions[1].new) == [shift.id])
        func continues(_ moment: String) -> Bool {
            EpisodeKey.levelShift(EpisodeKey(for: shift), findingID: shift.id, continues: EpisodeKey(rawValue: moment))
        }
        #expect(continues("anomaly:2011:s=0:2026-11-12") && continues("anomaly:2011:s=0:2026-11-13"))
        #expect(!continues("anomaly:2011:s=0:2026-11-14") && !continues("anomaly:2011:s=0:2026-11-11"))
        #expect(!continues("anomaly:2011:s=1:2026-11-12") && !continues("change:2011:s=0:2026-11-12"))
    }

    /// The detector keeps a day that stands out from the new level too as a spike beside the
    /// shift: while the report still has that spike, the shift is another incident, and new.
    @Test func levelShift_withTheToldSpikeStillBesideIt_isNew() {
        let spike = Findings.make(
            .outlier(.init(score: 8, lower: 80, upper: 120, direction: 1)), insight: 2011, date: "2026-11-12")
        let shift = Findings.levelShift(insight: 2011, on: "2026-11-12")
        let decisions = Self.run([("2026-11-12", [spike]), ("2026-11-13", [spike, shift])])
        #expect(Self.ids(decisions[1].new) == [shift.id])
        #expect(Self.ids(decisions[1].ongoing) == [spike.id])
    }

    /// A step that went back and was said resolved: a new step the same way, whose first day was
    /// told as a spike after that, continues the spike; a spike told before it does not.
    @Test func levelShift_afterAResolvedOneTheSameWay_stillContinuesItsTold_spike() {
        let old = Findings.levelShift(insight: 2011, on: "2026-10-20")
        let spike = Findings.make(
            .outlier(.init(score: 8, lower: 80, upper: 120, direction: 1)), insight: 2011, date: "2026-11-12")
        let shift = Findings.levelShift(insight: 2011, on: "2026-11-12")
        let back = Findings.levelShift(insight: 2011, on: "2026-10-28", direction: -1)
        let decisions = Self.run([
            ("2026-10-27", [old]), ("2026-10-28", [back]), ("2026-11-12", [spike]), ("2026-11-13", [shift]),
        ])
        #expect(Self.ids(decisions[1].resolved) == [old.id])
        #expect(decisions[3].new.isEmpty)
        #expect(Self.ids(decisions[3].ongoing) == [shift.id])
        #expect(decisions[3].ongoing.first?.firstAnnounced == "2026-11-12")
        // The spike told before the old step resolved is not this step's start.
        let early = Self.run([
            ("2026-10-27", [old, spike]), ("2026-10-28", [back, spike]), ("2026-10-29", [shift]),
        ])
        #expect(Self.ids(early[2].new) == [shift.id])
    }

    /// A level shift is over when the level goes back, not when its finding leaves the report
    /// (its date leaves the window while the level stays, or it falls under the bar for a day):
    /// no "resolved" then; back within a week, it is ongoing; gone for more, its episode closes
    /// without a word and a later step the same way is new.
    @Test func levelShift_goneFromTheReport_isNotSaidResolved_andClosesQuietlyAfterAWeek() {
        let shift = Findings.levelShift(on: "2026-11-12")
        let later = Findings.levelShift(on: "2026-12-01")
        var days: [(String, [Finding])] = [("2026-11-13", [shift]), ("2026-11-14", []), ("2026-11-15", [shift])]
        days += Days.from("2026-11-16", count: 8).map { ($0, []) }
        days.append(("2026-12-02", [later]))
        let decisions = Self.run(days)
        #expect(decisions.allSatisfy { $0.resolved.isEmpty })
        #expect(Self.ids(decisions[2].ongoing) == [shift.id] && decisions[2].new.isEmpty)
        // Last seen 11-15: still open on 11-22 (7 days), closed quietly on 11-23.
        #expect(decisions[9].updates.isEmpty)
        #expect(decisions[10].updates.first?.resolvedAt == "2026-11-23" && !decisions[10].shouldPost)
        #expect(Self.ids(decisions[11].new) == [later.id])
    }

    @Test func levelShift_whoseLevelGoesBack_isResolved_besideTheStepBack() {
        let up = Findings.levelShift(on: "2026-11-12")
        let down = Findings.levelShift(on: "2026-11-19", direction: -1)
        let decisions = Self.run([("2026-11-13", [up]), ("2026-11-20", [down])])
        #expect(Self.ids(decisions[1].new) == [down.id])
        #expect(Self.ids(decisions[1].resolved) == [up.id])
        // Both still in the report (a step and its rollback): the first is not over yet.
        let both = Self.run([("2026-11-13", [up]), ("2026-11-20", [up, down])])
        #expect(both[1].resolved.isEmpty && Self.ids(both[1].ongoing) == [up.id])
    }

    @Test func trend_movingItsRange_isOngoing_andResolvedWithItsLastId() {
        let decisions = Self.run([
            ("2026-11-22", [Findings.trend(from: "2026-10-26", to: "2026-11-22")]),
            ("2026-11-23", [Findings.trend(from: "2026-10-27", to: "2026-11-23")]),
            ("2026-11-24", []),
        ])
        #expect(Self.ids(decisions[1].ongoing) == ["trend:2005:m=conversion:2026-10-27..2026-11-23"])
        #expect(decisions[1].updates.first?.findingID == "trend:2005:m=conversion:2026-10-27..2026-11-23")
        #expect(Self.ids(decisions[2].resolved) == ["trend:2005:m=conversion:2026-10-27..2026-11-23"])
    }

    @Test func resolvedEpisode_thatReturns_isNewAgain() {
        let funnel = Findings.funnelChange(on: "2026-11-20")
        let decisions = Self.run([
            ("2026-11-20", [funnel]), ("2026-11-21", []),
            ("2026-11-22", [Findings.funnelChange(on: "2026-11-22")]),
        ])
        #expect(decisions[1].resolved.count == 1)
        #expect(Self.ids(decisions[2].new) == ["funnel_change:2004:step=all:2026-11-22"])
        #expect(decisions[2].updates.first?.resolvedAt == nil)
        #expect(decisions[2].updates.first?.firstAnnounced == "2026-11-22")
    }

    @Test func budgetOfThree_remindsTwice_thenGoesQuiet() {
        let shift = Findings.levelShift(on: "2026-11-12")
        let decisions = Self.run(
            Days.from("2026-11-19", count: 5).map { ($0, [shift]) }, policy: LifecyclePolicy(maximumAnnouncements: 3))
        #expect(decisions.map(\.shouldPost) == [true, true, true, false, false])
        #expect(decisions[1].ongoing.first?.isAnnounced == true)
        #expect(decisions[2].updates.first?.announcements == 3)
        #expect(decisions[3].ongoing.first?.isAnnounced == false)
        #expect(decisions[4].updates.first?.announcements == 3)
        #expect(decisions[4].updates.first?.lastAnnounced == "2026-11-21")
        #expect(decisions[4].updates.first?.lastSeen == "2026-11-23")
    }

    @Test func quietDaily_postsOnlyWhenAsked_weeklyAlwaysPosts() {
        let dip = Findings.dip(on: "2026-11-18")
        let seen = Self.run([("2026-11-19", [dip])])[0].updates
        #expect(!Lifecycle.decide(findings: [dip], state: seen, kind: .daily, period: "2026-11-20").shouldPost)
        #expect(!Lifecycle.decide(findings: [], state: [], kind: .daily, period: "2026-11-20").shouldPost)
        #expect(
            Lifecycle.decide(
                findings: [dip], state: seen, kind: .daily, period: "2026-11-20",
                policy: LifecyclePolicy(postWhenNothingNew: true)
            ).shouldPost)
        #expect(Lifecycle.decide(findings: [dip], state: seen, kind: .weekly, period: "2026-11-20").shouldPost)
        #expect(Lifecycle.decide(findings: [], state: [], kind: .weekly, period: "2026-11-20").shouldPost)
    }

    @Test func decidingAPeriodAgain_saysTheSame_andCountsNothingTwice() {
        let dip = Findings.dip(on: "2026-11-18")
        let shift = Findings.levelShift(on: "2026-11-12")
        let trend = Findings.trend(from: "2026-10-26", to: "2026-11-22")
        let first = Lifecycle.decide(findings: [shift, trend], state: [], kind: .daily, period: "2026-11-22")
        // 11-23: the dip is new, the shift ongoing, the trend resolved.
        let decided = Lifecycle.decide(
            findings: [dip, shift], state: first.updates, kind: .daily, period: "2026-11-23")
        // A forced repost of 11-23 decides from the state its first post left.
        let again = Lifecycle.decide(
            findings: [dip, shift], state: decided.updates, kind: .daily, period: "2026-11-23")
        #expect(again == decided)
        #expect(Self.ids(again.new) == [dip.id])
        #expect(Self.ids(again.ongoing) == [shift.id])
        #expect(Self.ids(again.resolved) == [trend.id])
        // With budget 2, the repost reminds of the shift as the first post did, still counted once.
        let policy = LifecyclePolicy(maximumAnnouncements: 2)
        let reminded = Lifecycle.decide(
            findings: [shift], state: first.updates, kind: .daily, period: "2026-11-23", policy: policy)
        let remindedAgain = Lifecycle.decide(
            findings: [shift], state: reminded.updates, kind: .daily, period: "2026-11-23", policy: policy)
        #expect(remindedAgain == reminded)
        #expect(remindedAgain.updates.first?.announcements == 2)
    }

    @Test func twoFindingsOfOneEpisode_shareItsStatus_andOneRow() {
        let first = Findings.retention(age: 1, cohort: "2026-11-08")
        let second = Findings.retention(age: 1, cohort: "2026-11-01")
        let decision = Lifecycle.decide(findings: [first, second], state: [], kind: .daily, period: "2026-11-23")
        #expect(Self.ids(decision.new) == [first.id, second.id])
        #expect(decision.updates.count == 1)
        #expect(decision.updates.first?.findingID == first.id)
        let next = Lifecycle.decide(
            findings: [first, second], state: decision.updates, kind: .daily, period: "2026-11-24")
        #expect(Self.ids(next.ongoing) == [first.id, second.id])
    }

    @Test func everyFinding_isNewOrOngoing_andOnlyStateEpisodesResolve() {
        let yesterday: [Finding] = [
            Findings.dip(on: "2026-11-18"), Findings.periodChange(on: "2026-11-18"),
            Findings.levelShift(on: "2026-11-12"), Findings.trend(from: "2026-10-26", to: "2026-11-22"),
            Findings.funnelChange(on: "2026-11-22"), Findings.retention(cohort: "2026-11-08"),
            Findings.correlation(2001, with: 2011, from: "2026-10-26", to: "2026-11-22"),
            Findings.group([2001, 2002, 2011], from: "2026-10-26", to: "2026-11-22"),
        ]
        let decisions = Self.run([("2026-11-22", yesterday), ("2026-11-23", [])])
        #expect(decisions[0].new.count == yesterday.count)
        // A level shift is the exception: it resolves when its level goes back, not when it goes.
        #expect(
            Set(Self.ids(decisions[1].resolved))
                == Set(
                    yesterday.filter { EpisodeKey(for: $0).describesState && !EpisodeKey(for: $0).isLevelShift }
                        .map(\.id)))
        #expect(decisions[1].resolved.count == 5)
    }
}
