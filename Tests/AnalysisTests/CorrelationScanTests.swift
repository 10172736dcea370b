import DashbriefTestSupport
import Foundation
import PostHog
import Stats
import Testing

@testable import Analysis

/// The weekly correlation scan at the Analysis level: lags among all pairs, what is correlated
/// (series without their steps and outliers) and what is not (one quantity counted twice).
/// Every series is 90 complete days plus an incomplete one, with a weekly cycle, and seeded noise.
@Suite struct CorrelationScanTests {
    static let weekday = [1.07, 1.12, 1.10, 1.06, 0.98, 0.80, 0.77]

    /// `level` × the weekly cycle + `signal` + Gaussian noise of `noise` (seeded), then an incomplete day.
    static func values(level: Double, signal: [Double] = [], noise: Double, seed: UInt64) -> [Double] {
        var generator = SplitMix64(seed: seed)
        return (0..<90).map { day in
            (level * weekday[day % 7] + (day < signal.count ? signal[day] : 0) + noise * generator.nextGaussian())
                .rounded()
        }
    }

    static func insight(_ id: Int, _ series: [TimeSeries]) -> InsightMetrics {
        Build.insight(id, "Insight \(id)", .series(series), asOfDay: 200)
    }

    static func series(_ name: String, _ values: [Double], key: SeriesKey? = nil) -> TimeSeries {
        let built = Build.series(name, values.map { Optional($0) } + [5])
        return TimeSeries(
            name: name, breakdown: key?.parts.first { $0.name == "b" }?.value, interval: .day, measure: "total",
            points: built.points, key: key)
    }

    static func weekly(_ insights: [InsightMetrics]) -> [Finding] {
        StatisticalAnalyser().analyse([Build.dashboard(insights)], kind: .weekly, days: 28).findings
            .filter { $0.kind == .correlation }
    }

    /// The largest |r| over lags ±7 of two series' plain residuals (trend and weekday means
    /// removed, nothing else): what the scan would see if it tested the pair as it is.
    static func plainCorrelation(_ a: [Double], _ b: [Double]) throws -> Double {
        let x = try #require(Correlation.standardisedResidual(a, period: 7))
        let y = try #require(Correlation.standardisedResidual(b, period: 7))
        return Correlation.laggedCorrelations(x, y, maxLag: 7).map { abs($0.r) }.max() ?? 0
    }

    static func gaussian(_ count: Int, seed: UInt64) -> [Double] {
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { _ in generator.nextGaussian() }
    }

    @Test func aFollowerTwoDaysLater_isReportedWithItsLag_thoughTheSameDayIsWeak() throws {
        // Daily wiggles of Orders (white noise) come back in Refunds two days later, r ≈ 0.8.
        let driver = Self.gaussian(90, seed: 1).map { 60 * $0 }
        let later = (0..<90).map { $0 >= 2 ? driver[$0 - 2] / 10 : 0 }
        let orders = Self.values(level: 2000, signal: driver, noise: 30, seed: 2)
        let refunds = Self.values(level: 300, signal: later, noise: 3, seed: 3)
        let x = try #require(Correlation.standardisedResidual(orders, period: 7))
        let y = try #require(Correlation.standardisedResidual(refunds, period: 7))
        #expect(abs(Correlation.laggedCorrelations(x, y, maxLag: 0)[0].r) < 0.2)  // weak on the same day
        let others = (0..<6).map {
            Self.series("Other \($0)", Self.values(level: 500, noise: 20, seed: 10 + UInt64($0)))
        }
        let findings = Self.weekly(
            [
                Self.insight(1, [Self.series("Orders", orders)]), Self.insight(2, [Self.series("Refunds", refunds)]),
                Self.insight(3, others),
            ])
        let pair = try #require(findings.first)
        #expect(findings.count == 1, "\(findings.map(\.id))")
        #expect(pair.series == "Orders" && pair.comparison.contains("Refunds follows by 2 days"))
        guard case .correlationPair(let detail) = pair.detail else {
            Issue.record("\(pair.id) is not a pair")
            return
        }
        #expect(detail.lagDays == 2)
        #expect(pair.value == detail.rAtLag && detail.rAtLag > 0.7 && detail.rAtLag < 0.9)
        #expect(detail.adjustedPValue < 0.01 && detail.pValue <= detail.adjustedPValue)
        #expect(detail.days == 88)
        #expect(try #require(detail.effectiveDays) <= 88)
    }

    @Test func metricsThatOnlyStepDownInTheSameWeek_areNotRelated() throws {
        // Two pairs of otherwise independent metrics; each pair steps down by a quarter within one week.
        func stepped(level: Double, on day: Int, seed: UInt64) -> [Double] {
            let base = Self.values(level: level, noise: level * 0.03, seed: seed)
            return base.indices.map { $0 >= day ? (base[$0] * 0.75).rounded() : base[$0] }
        }
        let checkout = stepped(level: 1200, on: 60, seed: 21)
        let payments = stepped(level: 800, on: 62, seed: 22)
        let searches = stepped(level: 5000, on: 40, seed: 23)
        let exports = stepped(level: 300, on: 44, seed: 24)
        // The steps alone correlate each pair; without them nothing is left.
        #expect(try Self.plainCorrelation(checkout, payments) > 0.5)
        #expect(try Self.plainCorrelation(searches, exports) > 0.5)
        func withoutSteps(_ values: [Double]) -> [Double] {
            StatisticalAnalyser().withoutStepsAndOutliers(values, isCount: true)
        }
        #expect(try Self.plainCorrelation(withoutSteps(checkout), withoutSteps(payments)) < 0.35)
        #expect(try Self.plainCorrelation(withoutSteps(searches), withoutSteps(exports)) < 0.35)
        let findings = Self.weekly(
            [
                Self.insight(1, [Self.series("Checkout", checkout)]),
                Self.insight(2, [Self.series("Payments", payments)]),
                Self.insight(3, [Self.series("Searches", searches)]),
                Self.insight(4, [Self.series("Exports", exports)]),
            ])
        #expect(findings.isEmpty, "\(findings.map(\.id))")
    }

    @Test func metricsThatSpikeOnTheSameDays_areNotRelated() throws {
        // Two otherwise independent metrics jump on the same three campaign days.
        func spiky(level: Double, seed: UInt64) -> [Double] {
            let base = Self.values(level: level, noise: level * 0.02, seed: seed)
            return base.indices.map { [30, 55, 80].contains($0) ? base[$0] * 2.5 : base[$0] }
        }
        let visits = spiky(level: 4000, seed: 81)
        let trials = spiky(level: 150, seed: 82)
        #expect(try Self.plainCorrelation(visits, trials) > 0.8)
        let findings = Self.weekly(
            [Self.insight(1, [Self.series("Visits", visits)]), Self.insight(2, [Self.series("Trials", trials)])])
        #expect(findings.isEmpty, "\(findings.map(\.id))")
    }

    @Test func oneMetricInTwoInsights_isNotRelatedToItself_norIsANearCopy() throws {
        let wiggle = Self.gaussian(94, seed: 31)
        let smooth = (0..<90).map { day in 80 * wiggle[day..<(day + 5)].reduce(0, +) / 5 }
        let pageviews = Self.values(level: 1000, signal: smooth, noise: 10, seed: 32)
        var generator = SplitMix64(seed: 33)
        let nearCopy = pageviews.map { ($0 * (1 + 0.01 * generator.nextGaussian())).rounded() }
        #expect(try Self.plainCorrelation(pageviews, nearCopy) > 0.9)
        let findings = Self.weekly(
            [
                Self.insight(1, [Self.series("Pageviews", pageviews)]),
                Self.insight(2, [Self.series("Pageviews", pageviews)]),
                Self.insight(3, [Self.series("Pageviews (web)", nearCopy)]),
            ])
        #expect(findings.isEmpty, "\(findings.map(\.id))")
    }

    @Test func aBreakdownValue_isNotRelatedToItsOwnTotal() throws {
        // Insight 1 breaks signups down by browser; insight 2 charts the same event without breakdown.
        let browsers = ["Chrome", "Safari", "Firefox"]
        let parts = browsers.enumerated().map { index, _ in
            let wiggle = Self.gaussian(94, seed: 41 + UInt64(index))
            let level = [600.0, 250, 150][index]
            let smooth = (0..<90).map { day in level / 8 * wiggle[day..<(day + 5)].reduce(0, +) / 5 }
            return Self.values(level: level, signal: smooth, noise: 8, seed: 44 + UInt64(index))
        }
        let total = (0..<90).map { day in parts.reduce(0) { $0 + $1[day] } }
        #expect(try Self.plainCorrelation(parts[0], total) > 0.7)
        let breakdown = Self.insight(
            1,
            browsers.indices.map {
                Self.series(browsers[$0], parts[$0], key: SeriesKey(order: 0, breakdown: browsers[$0]))
            })
        let findings = Self.weekly([
            breakdown, Self.insight(2, [Self.series("Signups", total, key: SeriesKey(order: 0))]),
        ])
        #expect(findings.isEmpty, "\(findings.map(\.id))")
    }

    @Test func aRunningTotal_isNotRelatedToItsDailyValues() throws {
        let wiggle = Self.gaussian(94, seed: 51)
        let smooth = (0..<90).map { day in 30 * wiggle[day..<(day + 5)].reduce(0, +) / 5 }
        let daily = Self.values(level: 200, signal: smooth, noise: 5, seed: 52)
        var running = 12_000.0
        let cumulative = daily.map { value -> Double in
            running += value
            return running
        }
        let findings = Self.weekly(
            [
                Self.insight(1, [Self.series("Signups", daily)]),
                Self.insight(2, [Self.series("Signups (cumulative)", cumulative)]),
            ])
        #expect(findings.isEmpty, "\(findings.map(\.id))")
    }

    /// Under the global null (no pair related) Benjamini–Hochberg at q = 0.01 reports anything at
    /// all with probability at most 0.01: with 200 independent metrics, 19,900 pairs × 15 lags,
    /// the expected number of reported pairs is below 0.01 · (a few), so this seed reports none.
    @Test func twoHundredIndependentMetrics_areNotRelated() {
        let insights = (0..<200).map { index in
            let level = 200 + 37 * Double(index)
            return Self.insight(
                index + 1,
                [
                    Self.series(
                        "Metric \(index)", Self.values(level: level, noise: 0.05 * level, seed: 600 + UInt64(index)))
                ])
        }
        let findings = Self.weekly(insights)
        #expect(findings.isEmpty, "\(findings.map(\.id))")
    }

    @Test func groupIDs_doNotDependOnOrder_andNameTheirMembers() throws {
        // Three metrics of two insights follow one smooth driver at different levels.
        let wiggle = Self.gaussian(94, seed: 71)
        let smooth = (0..<90).map { day in wiggle[day..<(day + 5)].reduce(0, +) / 5 }
        func follower(_ level: Double, seed: UInt64) -> [Double] {
            Self.values(level: level, signal: smooth.map { $0 * level * 0.08 }, noise: level * 0.01, seed: seed)
        }
        let traffic = Self.insight(
            1,
            [
                Self.series("Pageviews", follower(3000, seed: 72), key: SeriesKey(order: 0)),
                Self.series("Visitors", follower(900, seed: 73), key: SeriesKey(order: 1)),
            ])
        let signups = Self.insight(2, [Self.series("Signups", follower(120, seed: 74), key: SeriesKey(order: 0))])
        func group(_ insights: [InsightMetrics]) throws -> Finding {
            try #require(Self.weekly(insights).first { if case .coMovingGroup = $0.detail { true } else { false } })
        }
        let reference = try group([traffic, signups])
        guard case .coMovingGroup(let members) = reference.detail else {
            Issue.record("\(reference.id) is not a group")
            return
        }
        #expect(members.members.map(\.series) == ["Pageviews", "Visitors", "Signups"])
        let reordered = [
            signups,
            Self.insight(
                1,
                [
                    Self.series("Visitors", follower(900, seed: 73), key: SeriesKey(order: 1)),
                    Self.series("Pageviews", follower(3000, seed: 72), key: SeriesKey(order: 0)),
                ]),
        ]
        #expect(try group(reordered).id == reference.id)
        // A copy of Signups in a third insight is neither a fourth member nor a second set of pairs.
        let copy = Self.insight(3, [Self.series("Signups", follower(120, seed: 74), key: SeriesKey(order: 0))])
        let withCopy = Self.weekly([traffic, signups, copy])
        #expect(try group([traffic, signups, copy]).id == reference.id)
        #expect(withCopy.count == Self.weekly([traffic, signups]).count, "\(withCopy.map(\.id))")
        #expect(!withCopy.contains { $0.id.contains(":3:") }, "\(withCopy.map(\.id))")
    }

    /// The days the scan aligns on are the latest of all the series' days, whether series repeat
    /// the days of the one before (skipped as adding none), shift, overlap or leave gaps.
    @Test func theScanAlignsOnTheLatestDaysOfAllSeries() {
        func points(_ days: [Int]) -> ArraySlice<Point> {
            days.map { Point(period: Build.dayLabel($0), start: Build.day($0), value: 1, isComplete: true) }[...]
        }
        let layouts: [[[Int]]] = [
            [Array(0..<90), Array(0..<90), Array(0..<90)],
            [Array(0..<90), Array(0..<90), Array(5..<95), Array(5..<95), Array(0..<90)],
            [Array(10..<20), Array(0..<5) + Array(30..<40), Array(10..<20), Array(100..<103), Array(100..<103)],
            [Array(0..<3), Array(0..<2), Array(0..<3), [7]],
            [],
        ]
        for layout in layouts {
            let series = layout.map(points)
            let expected = Array(Set(series.flatMap { $0.map(\.period) }).sorted().suffix(12))
            #expect(StatisticalAnalyser.latestDays(series, count: 12) == expected, "\(layout)")
        }
    }
}
