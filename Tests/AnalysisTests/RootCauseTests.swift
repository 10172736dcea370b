import Analysis
import DashbriefTestSupport
import Foundation
import PostHog
import Stats
import Testing

/// Root cause by breakdown: the total of a broken-down trend is analysed, and its moves are split
/// over the values; a pooled funnel's conversion change is split into mix and rate and traced to a
/// value and step.
///
/// Tolerances: contributions add up to the total's change by construction, so shares add up to 1
/// within 1e-4 (findings round every figure to 6 significant digits); a planted excess is
/// recovered within 15% (the value's own noise, about √level, is in its contribution); a
/// weekly change's contributions are exact differences of means, checked at 1e-5 relative; an
/// effect that must vanish is under 1e-6 points.
@Suite struct RootCauseTests {
    /// One value's daily counts around `level` (see `Build.weeklyCounts`).
    static func channel(
        _ value: String, level: Double, salt: Int, raw: String? = nil, measure: String? = "total",
        change: (Int, Double) -> Double = { _, v in v }
    ) -> TimeSeries {
        Build.breakdown(value, Build.weeklyCounts(level: level, salt: salt, change: change), raw: raw, measure: measure)
    }

    /// google, direct, newsletter, Other and None (PostHog's buckets are values too).
    static func channels(
        measure: String? = "total", newsletter: (Int, Double) -> Double = { _, v in v },
        direct: (Int, Double) -> Double = { _, v in v }, google: (Int, Double) -> Double = { _, v in v },
        other: (Int, Double) -> Double = { _, v in v }
    ) -> [TimeSeries] {
        [
            channel("google", level: 400, salt: 1, measure: measure, change: google),
            channel("direct", level: 250, salt: 2, measure: measure, change: direct),
            channel("newsletter", level: 80, salt: 3, measure: measure, change: newsletter),
            channel("Other", level: 60, salt: 4, raw: "$$_posthog_breakdown_other_$$", measure: measure, change: other),
            channel("None", level: 40, salt: 5, raw: "$$_posthog_breakdown_null_$$", measure: measure),
        ]
    }

    static func analyse(
        _ series: [TimeSeries], kind: ReportKind = .daily, days: Int = 14, method: AnalysisMethod = .statistical
    ) -> AnalysisResult {
        let dashboards = [Build.dashboard([Build.insight(5, "Signups by channel", .series(series), asOfDay: 200)])]
        return method == .statistical
            ? StatisticalAnalyser().analyse(dashboards, kind: kind, days: days)
            : ThresholdAnalyser().analyse(dashboards, kind: kind, days: days)
    }

    static let totalKey = SeriesKey([.init("s", "0"), .init("total", "b")])

    /// Named values sorted by the size of their part, the rest last; shares adding up to 1.
    static func expectWellFormed(
        _ parts: [FindingDetail.Contribution], sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let named = parts.filter { $0.seriesKey != nil }
        #expect(
            named.map { abs($0.change) } == named.map { abs($0.change) }.sorted(by: >), sourceLocation: sourceLocation)
        #expect(parts.dropLast().allSatisfy { $0.seriesKey != nil }, sourceLocation: sourceLocation)
        #expect(abs(parts.reduce(0) { $0 + $1.share } - 1) < 1e-4, sourceLocation: sourceLocation)
    }

    @Test func aTotalSpikeDrivenByOneValue_namesIt_largestFirst_sharesAddUpToOne() throws {
        let result = Self.analyse(Self.channels(newsletter: { day, value in day == 80 ? value + 240 : value }))
        let total = try #require(
            result.findings.first { $0.seriesKey == Self.totalKey }, "\(result.findings.map(\.id))")
        #expect(total.id == "anomaly:5:s=0;total=b:\(Build.dayLabel(80))")
        #expect(total.kind == .anomaly && total.series == "Total")
        #expect(total.details?["direction"] == 1)
        let parts = total.detail.contributions
        #expect(parts.count == 4)  // three values and "2 other values"
        Self.expectWellFormed(parts)
        let driver = try #require(parts.first)
        #expect(driver.series == "newsletter")
        #expect(driver.seriesKey?.description == "s=0;b=newsletter")
        #expect(abs(driver.change - 240) < 0.15 * 240, "\(driver.change)")
        // The other values' noise that day is in the total's change too (google +37 here).
        #expect(driver.share > 0.6, "\(parts.map { "\($0.series) \($0.change) \($0.share)" })")
        #expect(parts.last?.series == "2 other values" && parts.last?.values == 2)
        // The parts add up to the total's change as the finding states it.
        #expect(
            isApproximatelyEqual(
                parts.reduce(0) { $0 + $1.change }, total.value - total.expected, relativeTolerance: 1e-4))
        #expect(total.details?["driver_share"] == driver.share)
        #expect(total.details?["driver_values"] == 5)
        // The value keeps its own finding: both are reported.
        #expect(result.findings.contains { $0.seriesKey.description == "s=0;b=newsletter" && $0.kind == .anomaly })
    }

    @Test func otherAndNone_areValuesOfTheTotal_andCanDriveIt() throws {
        let result = Self.analyse(Self.channels(other: { day, value in day == 80 ? value + 240 : value }))
        let total = try #require(result.findings.first { $0.seriesKey == Self.totalKey })
        let driver = try #require(total.detail.contributions.first)
        #expect(driver.series == "Other")
        #expect(driver.seriesKey?.description == "s=0;b=%24%24_posthog_breakdown_other_%24%24")
    }

    @Test func aLevelShiftOfTheTotal_isExplainedByTheValueThatStepped() throws {
        let result = Self.analyse(Self.channels(direct: { day, value in day >= 77 ? value + 150 : value }))
        let shift = try #require(
            result.findings.first { $0.seriesKey == Self.totalKey && $0.details?["level_shift"] == 1 },
            "\(result.findings.map(\.id))")
        #expect(shift.date == Build.dayLabel(77))
        let parts = shift.detail.contributions
        Self.expectWellFormed(parts)
        #expect(parts.first?.series == "direct")
        #expect((parts.first?.share ?? 0) > 0.75, "\(parts.map { "\($0.series) \($0.change)" })")
        #expect(abs((parts.first?.change ?? 0) - 150) < 0.15 * 150)
    }

    @Test func aWeeklyChangeOfTheTotal_splitsIntoTheValuesChangesOfMeans() throws {
        // Threshold weekly report: the last 7 complete days' mean against the 7 before.
        let series = Self.channels(google: { day, value in day >= 77 ? (value * 1.4).rounded() : value })
        let result = Self.analyse(series, kind: .weekly, days: 28, method: .threshold)
        let change = try #require(
            result.findings.first { $0.seriesKey == Self.totalKey }, "\(result.findings.map(\.id))")
        #expect(change.id == "change:5:s=0;total=b:\(Build.dayLabel(77))..\(Build.dayLabel(83))")
        #expect(change.detail.subkind == "period_change")
        let parts = change.detail.contributions
        Self.expectWellFormed(parts)
        #expect(parts.first?.series == "google")
        // Exactly each value's 7-day mean minus the 7 before.
        for part in parts where part.seriesKey != nil {
            let values = try #require(series.first { $0.key == part.seriesKey }).completePoints.compactMap(\.value)
            let expected =
                values.suffix(7).reduce(0, +) / 7 - values.dropLast(7).suffix(7).reduce(0, +) / 7
            #expect(isApproximatelyEqual(part.change, expected, relativeTolerance: 1e-5), "\(part.series)")
        }
        // No table row or trend for the total: the table shows the series PostHog shows.
        #expect(!result.metrics.contains { $0.series == "Total" })
        #expect(!result.findings.contains { $0.seriesKey == Self.totalKey && $0.kind == .trend })
    }

    @Test func uniquePeopleMeasures_haveNoTotal() {
        // A person can be in several values of an event-property breakdown: the values' sum is not
        // the number of people, so no total is built.
        let result = Self.analyse(
            Self.channels(measure: "dau", newsletter: { day, value in day == 80 ? value + 240 : value }))
        #expect(!result.findings.contains { $0.seriesKey.parts.contains { $0.name == "total" } })
        #expect(result.findings.contains { $0.seriesKey.description == "s=0;b=newsletter" })
    }

    // MARK: Funnels

    /// A funnel of one breakdown value with the given step counts.
    static func funnel(_ value: String, _ counts: [Double]) -> Funnel {
        let names = ["Visited", "Started", "Signed up"]
        return Funnel(breakdown: value, steps: counts.enumerated().map { FunnelStep(name: names[$0], count: $1) })
    }

    static func funnelResult(now: [Funnel], before: [Funnel]) -> AnalysisResult {
        var insight = Build.insight(9, "Signup funnel by browser", .funnel(now), kind: .funnel)
        insight.previous = .funnel(before)
        return StatisticalAnalyser().analyse([Build.dashboard([insight])], kind: .daily, days: 14)
    }

    static let pooledKey = SeriesKey([.init("step", "all"), .init("total", "b")])

    static func pooledChange(_ result: AnalysisResult) throws -> (Finding, FindingDetail.FunnelChange) {
        let finding = try #require(
            result.findings.first { $0.seriesKey == pooledKey }, "\(result.findings.map(\.id))")
        guard case .funnelChange(let change) = finding.detail else { throw CancellationError() }
        return (finding, change)
    }

    @Test func mixOnly_segmentsConvertAsBefore_sharesMoved_theMixIsTheWholeChange() throws {
        // Chrome converts 10%, Safari 5%, in both periods; Safari's share of entrants 20% → 50%.
        let result = Self.funnelResult(
            now: [Self.funnel("Chrome", [5000, 2500, 500]), Self.funnel("Safari", [5000, 1500, 250])],
            before: [Self.funnel("Chrome", [8000, 4000, 800]), Self.funnel("Safari", [2000, 600, 100])])
        let (finding, change) = try Self.pooledChange(result)
        #expect(finding.id == "funnel_change:9:step=all;total=b:\(Build.dayLabel(30))")
        #expect(finding.series == "Overall conversion")
        let split = try #require(change.split)
        #expect(abs(split.rate) < 1e-6)
        #expect(isApproximatelyEqual(split.mix, finding.value - finding.expected, relativeTolerance: 1e-5))
        #expect(isApproximatelyEqual(split.mix, -1.5, relativeTolerance: 1e-5))
        #expect(split.mixValue == "Safari")
        #expect(isApproximatelyEqual(split.mixValueShareChange ?? 0, 30, relativeTolerance: 1e-5))
        #expect(finding.details?["mix_effect"] == split.mix)
        #expect(finding.details?["rate_effect"] == split.rate)
        // No value converted differently: no value's step carries the change, and no value has a finding.
        #expect(change.explainingSegment == nil)
        #expect(result.findings.filter { $0.detail.subkind == "funnel_change" }.count == 1)
    }

    @Test func rateOnly_sharesUnchanged_theMixIsZero() throws {
        let result = Self.funnelResult(
            now: [Self.funnel("Chrome", [6000, 3000, 600]), Self.funnel("Safari", [4000, 1200, 240])],
            before: [Self.funnel("Chrome", [6000, 3000, 900]), Self.funnel("Safari", [4000, 1200, 240])])
        let (finding, change) = try Self.pooledChange(result)
        let split = try #require(change.split)
        #expect(abs(split.mix) < 1e-6)
        // Chrome's 60% of entrants converting 10% instead of 15%: -3 points.
        #expect(isApproximatelyEqual(split.rate, -3, relativeTolerance: 1e-5))
        #expect(isApproximatelyEqual(split.rate, finding.value - finding.expected, relativeTolerance: 1e-5))
    }

    @Test func oneSegmentsOneStepDropped_isNamedAsStepAndSegment() throws {
        // Three browsers; only Safari's Started → Signed up fell (30% → 10%), Chrome's first step
        // moved a little the other way.
        let result = Self.funnelResult(
            now: [
                Self.funnel("Chrome", [6000, 3100, 930]), Self.funnel("Safari", [3000, 900, 90]),
                Self.funnel("Firefox", [1000, 400, 120]),
            ],
            before: [
                Self.funnel("Chrome", [6000, 3000, 900]), Self.funnel("Safari", [3000, 900, 270]),
                Self.funnel("Firefox", [1000, 400, 120]),
            ])
        let (finding, change) = try Self.pooledChange(result)
        let cell = try #require(change.explainingSegment)
        #expect(cell.segment == "Safari")
        #expect(cell.step == 2 && cell.fromStep == "Started" && cell.toStep == "Signed up")
        #expect(cell.seriesKey.description == "step=2;b=Safari")
        // Safari's 30% of entrants went from 9% to 3%, all at that step: -1.8 points of the overall
        // -1.5, Chrome's gain (+0.3) making up the difference.
        #expect(isApproximatelyEqual(cell.change, -1.8, relativeTolerance: 1e-5))
        let overall = finding.value - finding.expected
        #expect(isApproximatelyEqual(cell.share, cell.change / overall, relativeTolerance: 1e-4))
        #expect(cell.share > 1)  // Chrome's gain offsets part of it
        #expect(finding.comparison == "previous period; most of the change at Started → Signed up for Safari")
        #expect(finding.details?["segment_step"] == 2)
        #expect(finding.details?["segment_step_share"] == cell.share)
        // The parts add up: the mix and every value's steps make the whole change.
        let split = try #require(change.split)
        #expect(isApproximatelyEqual(split.mix + split.rate, overall, relativeTolerance: 1e-4))
    }

    @Test func anUnbrokenFunnel_hasNoPooledFinding() {
        let result = Self.funnelResult(
            now: [Funnel(steps: [FunnelStep(name: "a", count: 5000), FunnelStep(name: "b", count: 400)])],
            before: [Funnel(steps: [FunnelStep(name: "a", count: 5000), FunnelStep(name: "b", count: 600)])])
        #expect(result.findings.contains { $0.seriesKey.description == "step=all" })
        #expect(!result.findings.contains { $0.seriesKey == Self.pooledKey })
    }
}
