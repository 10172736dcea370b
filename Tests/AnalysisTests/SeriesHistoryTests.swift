import Analysis
import DashbriefTestSupport
import Foundation
import PostHog
import Testing

/// The history a report charts carries the detector's expectation and band of normal values.
@Suite struct SeriesHistoryTests {
    static func dashboard(_ values: [Double?]) -> [DashboardMetrics] {
        [Build.dashboard([Build.insight(5, "Traffic", .series([Build.series("Pageviews", values)]), asOfDay: 200)])]
    }

    @Test func dip_isOutsideTheBand_whoseCurvePassesThroughTheFindingsExpectation() throws {
        let values = StatisticalAnalyserTests.counts { $0 == 80 ? $1 * 0.5 : $1 }
        let result = StatisticalAnalyser().analyse(Self.dashboard(values), kind: .daily, days: 14)
        let dip = try #require(result.findings.first)
        let history = try #require(result.histories.first)
        let day = try #require(history.periods.firstIndex(of: dip.date))
        let (expected, lower, upper) = try (
            #require(history.expected[day]), #require(history.lower[day]), #require(history.upper[day])
        )
        #expect(isApproximatelyEqual(expected, dip.expected, relativeTolerance: 1e-5))
        #expect(dip.value < lower && lower < expected && expected < upper)
        // The whole charted window has a band: 8 weeks of history stand behind it.
        #expect(history.expected.allSatisfy { $0 != nil } && history.upper.allSatisfy { $0 != nil })
        // Rounded to 6 significant digits, like every report number.
        #expect(history.upper.compactMap { $0 }.allSatisfy { $0 == Rounding.significant($0) })
    }

    @Test func thresholdMethod_chartsTheSameBand() throws {
        // The threshold method judges the last complete day (83).
        let values = StatisticalAnalyserTests.counts { $0 == 83 ? $1 * 0.5 : $1 }
        let statistical = StatisticalAnalyser().analyse(Self.dashboard(values), kind: .daily, days: 14)
        let threshold = ThresholdAnalyser().analyse(Self.dashboard(values), kind: .daily, days: 14)
        let history = try #require(threshold.histories.first)
        #expect(history.expected.allSatisfy { $0 != nil })
        #expect(history.expected == statistical.histories.first?.expected)
    }

    /// Without charts (every format but HTML), no history is collected and nothing else changes.
    @Test(arguments: [false, true])
    func withoutCharts_noHistory_andTheSameFindings(statistical: Bool) throws {
        let dashboards = Self.dashboard(StatisticalAnalyserTests.counts { $0 == 83 ? $1 * 0.5 : $1 })
        func analysed(charts: Bool) -> AnalysisResult {
            statistical
                ? StatisticalAnalyser().analyse(dashboards, kind: .daily, days: 14, charts: charts)
                : ThresholdAnalyser().analyse(dashboards, kind: .daily, days: 14, charts: charts)
        }
        let charted = analysed(charts: true)
        let plain = analysed(charts: false)
        try #require(!charted.histories.isEmpty && !charted.findings.isEmpty)
        #expect(plain.histories.isEmpty)
        #expect(plain.findings == charted.findings && plain.metrics == charted.metrics)
    }

    @Test func countsBand_neverGoesBelowZero() throws {
        // Around 5 events a day, 3.5 √5 ≈ 7.8 below expected is under 0.
        let values = StatisticalAnalyserTests.counts(level: 5) { $0 == 83 ? 0 : $1 }
        let analyser = ThresholdAnalyser(settings: ThresholdSettings(minimumVolume: 0))
        let result = analyser.analyse(Self.dashboard(values), kind: .daily, days: 14)
        let history = try #require(result.histories.first)
        #expect(history.lower.compactMap { $0 }.allSatisfy { $0 >= 0 })
        #expect(history.lower.contains(0))
    }

    @Test func tooShortForSTL_hasNoBand() throws {
        // 12 complete days: less than two weeks, so no seasonal fit; the threshold method still
        // compares with the day before and charts the history.
        let values: [Double?] = (0..<12).map { $0 == 11 ? 100 : 1000 } + [500]
        let result = ThresholdAnalyser().analyse(Self.dashboard(values), kind: .daily, days: 14)
        let history = try #require(result.histories.first)
        #expect(history.values.count == 12)
        #expect(history.expected.count == 12 && history.expected.allSatisfy { $0 == nil })
        #expect(history.lower.allSatisfy { $0 == nil } && history.upper.allSatisfy { $0 == nil })
    }
}
