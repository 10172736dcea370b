import Analysis
import DashbriefTestSupport
import Foundation
import PostHog
import Testing

@testable import Narrative

/// How the templates word root cause by breakdown, and what the claim check lets a model say
/// about it.
@Suite struct RootCauseWordingTests {
    static let newsletter = SeriesKey(order: 0, breakdown: "newsletter")

    /// A total's finding (25,100 where 20,000 was expected) with the given contributions.
    static func total(
        _ parts: [FindingDetail.Contribution], detail: (FindingDetail.Outlier) -> FindingDetail = { .outlier($0) },
        value: Double = 25_100, expected: Double = 20_000, severity: Severity = .critical
    ) -> Finding {
        Finding(
            kind: .anomaly, dashboard: "Marketing", insight: "Signups by browser", insightID: 7, series: "Total",
            seriesKey: SeriesKey([.init("s", "0"), .init("total", "b")]), date: "2026-11-20", value: value,
            expected: expected, change: (value - expected) / expected, severity: severity,
            comparison: "seasonal expectation (robust STL)",
            detail: detail(.init(score: 9, lower: 18_000, upper: 22_000, direction: 1, contributions: parts)))
    }

    static let safariDriven = total([
        .init(
            series: "Safari", seriesKey: SeriesKey(order: 0, breakdown: "Safari"), change: 4_300, share: 4_300 / 5_100),
        .init(series: "Chrome", seriesKey: SeriesKey(order: 0, breakdown: "Chrome"), change: 600, share: 600 / 5_100),
        .init(series: "2 other values", seriesKey: nil, values: 2, change: 200, share: 200 / 5_100),
    ])

    static func pooledFunnel(mix: Double, rate: Double, mixValue: String? = "Safari", moved: Double = 12) -> Finding {
        let expected = 5.2
        let value = expected + mix + rate
        let cell = FindingDetail.SegmentStep(
            segment: "Chrome", seriesKey: SeriesKey([.init("step", "3"), .init("b", "Chrome")]), step: 3,
            fromStep: "signup_started", toStep: "Completed signup", change: 0.6 * rate, share: 0.6 * rate / (mix + rate)
        )
        return Finding(
            kind: .funnel, dashboard: "Marketing", insight: "Signup funnel by browser", insightID: 2006,
            series: "Overall conversion", seriesKey: SeriesKey([.init("step", "all"), .init("total", "b")]),
            date: "2026-11-24", value: value, expected: expected, change: (value - expected) / expected,
            severity: .warning, comparison: "previous period", unit: "percent",
            detail: .funnelChange(
                .init(
                    pValue: 0.001, confidenceLow: -1.5, confidenceHigh: -0.5,
                    split: .init(mix: mix, rate: rate, mixValue: mixValue, mixValueShareChange: moved),
                    explainingSegment: cell)))
    }

    @Test func aTotalsSentence_namesItsDriver_withItsPartOfTheChange() {
        #expect(
            TemplateNarrator().sentence(for: Self.safariDriven)
                == "Total (Signups by browser) rose 25.5% on 2026-11-20: 25,100 where 20,000 was expected, driven by Safari (+4,300 of +5,100)."
        )
    }

    @Test func aChangeSpreadOverValues_namesTheLargestTwo() {
        let spread = Self.total([
            .init(series: "Safari", seriesKey: SeriesKey(order: 0, breakdown: "Safari"), change: 2_000, share: 0.39),
            .init(series: "Chrome", seriesKey: SeriesKey(order: 0, breakdown: "Chrome"), change: -1_500, share: -0.29),
            .init(series: "3 other values", seriesKey: nil, values: 3, change: 4_600, share: 0.9),
        ])
        #expect(
            TemplateNarrator().sentence(for: spread).hasSuffix(
                "was expected, the largest part from Safari (+2,000 of +5,100), then Chrome (-1,500)."))
    }

    @Test func levelShiftsAndPeriodChanges_ofATotal_nameTheDriverToo() {
        let shift = Self.total(Self.safariDriven.detail.contributions, detail: { .levelShift($0) })
        #expect(TemplateNarrator().sentence(for: shift).hasSuffix("before, driven by Safari (+4,300 of +5,100)."))
        let week = Finding(
            kind: .change, dashboard: "Marketing", insight: "Signups by browser", insightID: 7, series: "Total",
            seriesKey: Self.safariDriven.seriesKey, date: "2026-11-23", period: "2026-11-17..2026-11-23",
            value: 25_100, expected: 20_000, change: 0.255, severity: .warning,
            comparison: "7 days before (daily average)",
            detail: .periodChange(.init(windowDays: 7, contributions: Self.safariDriven.detail.contributions)))
        #expect(
            TemplateNarrator().sentence(for: week)
                == "Total (Signups by browser) rose 25.5% in the 7 days to 2026-11-23: 25,100 a day against 20,000 in the 7 days before (daily average), driven by Safari (+4,300 of +5,100)."
        )
    }

    @Test(arguments: [
        (
            -0.2, -0.8,
            "a fall of 1.0 points: 0.8 from the segments converting worse, 0.2 from the mix moving to Safari"
        ),
        (-0.8, -0.2, "a fall of 1.0 points: 0.8 from the mix moving to Safari, 0.2 from the segments converting worse"),
        (
            0.2, -1.2,
            "a fall of 1.0 points: 1.2 from the segments converting worse, offset by 0.2 from the mix moving to Safari"
        ),
        (
            -0.01, -1.0,
            "a fall of 1.0 points, all from the segments converting worse (the mix of segments barely moved)"
        ),
        (-1.0, 0.0, "a fall of 1.0 points, all from the mix moving to Safari (each segment converted as before)"),
    ])
    func theMixRateSplit_isWordedLargestFirst(mix: Double, rate: Double, clause: String) {
        #expect(
            TemplateNarrator.mixRateClause(.init(mix: mix, rate: rate, mixValue: "Safari", mixValueShareChange: 12))
                == clause)
    }

    @Test func aPooledFunnelsSentence_givesTheSplitAndTheStepAndSegment() {
        #expect(
            TemplateNarrator().sentence(for: Self.pooledFunnel(mix: -0.2, rate: -0.8))
                == "Overall conversion (Signup funnel by browser) fell 19.2% against the previous period: 4.2% from 5.2%, a fall of 1.0 points: 0.8 from the segments converting worse, 0.2 from the mix moving to Safari; the largest part of the change at signup_started → Completed signup for Chrome."
        )
        // A shift away from a value that converts well lowers the rate too.
        #expect(
            TemplateNarrator.mixRateClause(.init(mix: -0.6, rate: -0.4, mixValue: "Chrome", mixValueShareChange: -8))
                .contains("0.6 from the mix moving away from Chrome"))
    }

    @Test func recommendations_sayOnceWhatOneCauseNeeds() {
        // The total is driven by a value that has its own alert that day: one recommendation, the value's.
        let value = Finding(
            kind: .anomaly, dashboard: "Marketing", insight: "Signups by browser", insightID: 7, series: "Safari",
            seriesKey: SeriesKey(order: 0, breakdown: "Safari"), date: "2026-11-20", value: 9_000, expected: 4_700,
            change: 0.915, severity: .critical, comparison: "seasonal expectation (robust STL)",
            detail: .outlier(.init(score: 20, lower: 4_000, upper: 5_400, direction: 1)))
        let narrative = TemplateNarrator().narrate(TemplateNarratorTests.analysis([value, Self.safariDriven]))
        let recommendations = narrative.sections.first { $0.key == .recommendations }?.statements ?? []
        #expect(recommendations.map(\.citations) == [[value.id]])
        // Alone, the total's recommendation names its driver.
        let alone = TemplateNarrator().recommendation(Self.safariDriven)?.text ?? ""
        #expect(alone.contains("(25,100 where 20,000 was expected, driven by Safari (+4,300 of +5,100))"))
    }

    @Test func aValuesFunnelChange_tracedByThePooledOne_isToldInThePooledSentence() {
        let chrome = Finding(
            kind: .funnel, dashboard: "Marketing", insight: "Signup funnel by browser", insightID: 2006,
            series: "Overall conversion · Chrome", seriesKey: SeriesKey([.init("step", "all"), .init("b", "Chrome")]),
            date: "2026-11-24", value: 4.4, expected: 5.4, change: -0.197, severity: .warning,
            comparison: "previous period", unit: "percent",
            detail: .funnelChange(.init(pValue: 0.002, confidenceLow: -1.7, confidenceHigh: -0.3)))
        let pooled = Self.pooledFunnel(mix: -0.01, rate: -1.0)
        let narrative = TemplateNarrator().narrate(TemplateNarratorTests.analysis([chrome, pooled]))
        let told = narrative.sections.flatMap(\.statements).flatMap(\.citations)
        #expect(told.contains(pooled.id))
        #expect(!told.contains(chrome.id))
        // Its finding stays in the report.
        let report = Report(
            analysis: TemplateNarratorTests.analysis([chrome, pooled]), asOf: "2026-11-24T23:12:07.482Z",
            timezone: "UTC", narrative: narrative)
        #expect(ReportLayout(report).sections.first?.count == 2)
    }

    @Test func theSpikeOfADemoLikeBreakdown_isWordedWithItsDriver_endToEnd() throws {
        let values = ["google": 400.0, "direct": 250, "newsletter": 80, "Other": 60].sorted { $0.value > $1.value }
        let series = values.enumerated().map { index, entry in
            Build.breakdown(
                entry.key,
                Build.weeklyCounts(level: entry.value, salt: index + 1) { day, value in
                    entry.key == "newsletter" && day == 80 ? value + 240 : value
                })
        }
        let result = StatisticalAnalyser().analyse(
            [Build.dashboard([Build.insight(5, "Signups by channel", .series(series), asOfDay: 200)])], kind: .daily,
            days: 14)
        let total = try #require(result.findings.first { $0.series == "Total" })
        #expect(TemplateNarrator().sentence(for: total).contains(", driven by newsletter (+"))
    }
}

/// The claim check accepts the numbers root cause prints, and only those.
@Suite struct RootCauseGroundingTests {
    static let checker = ClaimChecker(facts: [
        NarrativeFact.finding(RootCauseWordingTests.safariDriven, alias: "F1"),
        NarrativeFact.finding(RootCauseWordingTests.pooledFunnel(mix: -0.2, rate: -0.8), alias: "F2"),
    ])

    func verdict(_ text: String, _ cites: [String]) -> String? {
        if case .failure(let rejection) = Self.checker.check(DraftStatement(text: text, cites: cites)) {
            return rejection.reason
        }
        return nil
    }

    @Test func aDriverAndItsPartOfTheChange_mayBeCited() {
        #expect(verdict("Signups rose 25.5% on Nov 20, driven by Safari (+4,300 of +5,100).", ["F1"]) == nil)
        #expect(verdict("Safari explains 84% of the rise (+4,300).", ["F1"]) == nil)
        #expect(verdict("Chrome added 600 and 2 other values 200.", ["F1"]) == nil)
        #expect(verdict("Driven by Safari (+4,400 of +5,100).", ["F1"]) == "a number not in the findings")
    }

    @Test func theMixRateSplit_mayBeCitedInPoints() {
        #expect(
            verdict(
                "Conversion fell 1.0 points: 0.8 from the segments converting worse, 0.2 from the mix moving to Safari.",
                ["F2"]) == nil)
        #expect(
            verdict("The largest part is Chrome at signup_started → Completed signup (0.5 points, 48%).", ["F2"]) == nil
        )
        #expect(verdict("Conversion fell 1.0 points, 0.7 from rates.", ["F2"]) == "a number not in the findings")
        // Points are not percents.
        #expect(verdict("Conversion fell 0.8% from rates.", ["F2"]) == "a number not in the findings")
    }

    @Test func theFactsLine_listsTheValuesAndTheSplit() {
        let line = NarrativeFact.finding(RootCauseWordingTests.safariDriven, alias: "F1").line
        #expect(line.contains("change of the total +5,100"))
        #expect(line.contains("by breakdown value \"Safari\" +4,300 (84.3%), \"Chrome\" +600 (11.8%)"))
        let funnel = NarrativeFact.finding(RootCauseWordingTests.pooledFunnel(mix: -0.2, rate: -0.8), alias: "F2").line
        #expect(funnel.contains("change in points 1.0; from rates 0.8; from mix 0.2; mix moved most for \"Safari\""))
        // A mix that moved nothing moved it to no one.
        let still = NarrativeFact.finding(RootCauseWordingTests.pooledFunnel(mix: -0.01, rate: -1.0), alias: "F3").line
        #expect(still.contains("from mix 0.0") && !still.contains("mix moved most for"))
        #expect(funnel.contains("most at \"signup_started → Completed signup\" for \"Chrome\": 0.5 points (48.0%)"))
    }
}
