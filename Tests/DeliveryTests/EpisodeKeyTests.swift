import Analysis
import PostHog
import Testing

@testable import Delivery

/// An episode is one incident across days whose finding ids move.
@Suite struct EpisodeKeyTests {
    @Test func moments_areTheirIds_andNeverResolve() {
        let dip = Findings.dip(on: "2026-11-18")
        #expect(dip.id == "anomaly:2001:s=0:2026-11-18")
        #expect(EpisodeKey(for: dip).rawValue == dip.id)
        #expect(!EpisodeKey(for: dip).describesState)
        let change = Findings.periodChange(on: "2026-11-18")
        #expect(EpisodeKey(for: change).rawValue == "change:2001:s=0:2026-11-18")
        #expect(!EpisodeKey(for: change).describesState)
        // A dip the next day is another moment.
        #expect(EpisodeKey(for: dip) != EpisodeKey(for: Findings.dip(on: "2026-11-19")))
    }

    @Test func trend_keepsOneEpisode_asItsRangeMovesDaily() {
        let monday = Findings.trend(from: "2026-10-27", to: "2026-11-23")
        let tuesday = Findings.trend(from: "2026-10-28", to: "2026-11-24")
        #expect(monday.id == "trend:2005:m=conversion:2026-10-27..2026-11-23")
        #expect(monday.id != tuesday.id)
        #expect(EpisodeKey(for: monday).rawValue == "trend:2005:m=conversion")
        #expect(EpisodeKey(for: monday) == EpisodeKey(for: tuesday))
        #expect(EpisodeKey(for: monday).describesState)
    }

    @Test func levelShift_isOneEpisode_whileItsChangePointMoves_perDirection() {
        let early = Findings.levelShift(on: "2026-11-09")
        let settled = Findings.levelShift(on: "2026-11-12")
        #expect(settled.id == "level_shift:2011:s=0:2026-11-12")
        #expect(EpisodeKey(for: settled).rawValue == "level_shift:2011:s=0:up")
        #expect(EpisodeKey(for: early) == EpisodeKey(for: settled))
        #expect(
            EpisodeKey(for: Findings.levelShift(on: "2026-11-20", direction: -1)).rawValue
                == "level_shift:2011:s=0:down")
        #expect(EpisodeKey(for: settled).describesState)
    }

    @Test func asOfFindings_dropTheirPeriod() {
        #expect(EpisodeKey(for: Findings.funnelChange(on: "2026-11-24")).rawValue == "funnel_change:2004:step=all")
        #expect(
            EpisodeKey(for: Findings.retention(cohort: "2026-11-01"))
                == EpisodeKey(for: Findings.retention(cohort: "2026-11-08")))
        #expect(EpisodeKey(for: Findings.retention(cohort: "2026-11-08")).rawValue == "retention:2012:age=1")
        #expect(EpisodeKey(for: Findings.retention(age: 2, cohort: "2026-11-01")).rawValue == "retention:2012:age=2")
        let lifecycle = Findings.make(
            .growthAccounting(.init(new: 10, returning: 20, resurrecting: 5, dormant: 8)), insight: 2013,
            key: SeriesKey([.init("m", "quick_ratio")]), date: "2026-11-23", kind: .lifecycle)
        #expect(lifecycle.id == "lifecycle:2013:m=quick_ratio:2026-11-23")
        #expect(EpisodeKey(for: lifecycle).rawValue == "lifecycle:2013:m=quick_ratio")
        let mix = Findings.make(
            .mixShift(.init(pValue: 0.01, chiSquarePValue: 0.001)), insight: 2002,
            key: SeriesKey(order: 0, breakdown: "newsletter"), date: "2026-11-20", period: "2026-11-14..2026-11-20")
        #expect(EpisodeKey(for: mix).rawValue == "mix_shift:2002:s=0;b=newsletter")
        let gap = Findings.make(
            .funnelStepGap(.init(step: 2, fromStep: "a", toStep: "b", pValue: 0.01)), insight: 2006,
            key: SeriesKey([.init("step", "2"), .init("b", "Chrome")]), date: "2026-11-24", kind: .funnel)
        #expect(EpisodeKey(for: gap).rawValue == "funnel_gap:2006:step=2;b=Chrome")
    }

    @Test func correlation_namesBothSides_inCanonicalOrder_withoutItsPeriod() {
        let forward = Findings.correlation(2011, with: 2001, from: "2026-10-27", to: "2026-11-23")
        let backward = Findings.correlation(2001, with: 2011, from: "2026-10-28", to: "2026-11-24")
        #expect(forward.id == "correlation:2001:s=0:2026-10-27..2026-11-23:2011:s=0")
        #expect(EpisodeKey(for: forward).rawValue == "correlation:2001:s=0:2011:s=0")
        #expect(EpisodeKey(for: forward) == EpisodeKey(for: backward))
        #expect(EpisodeKey(for: forward).describesState)
    }

    @Test func group_isItsMembers_inAnyOrder_withoutItsPeriod() {
        let one = Findings.group([2001, 2002, 2011], from: "2026-10-27", to: "2026-11-23")
        let other = Findings.group([2011, 2001, 2002], from: "2026-10-28", to: "2026-11-24")
        let digest = one.id.split(separator: ":")[1]
        #expect(EpisodeKey(for: one).rawValue == "group:\(digest)")
        #expect(EpisodeKey(for: one) == EpisodeKey(for: other))
        #expect(EpisodeKey(for: one) != EpisodeKey(for: Findings.group([2001, 2002], from: "a", to: "b")))
    }
}
