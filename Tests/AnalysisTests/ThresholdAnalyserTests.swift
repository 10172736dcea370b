import Analysis
import DashbriefTestSupport
import Foundation
import PostHog
import Testing

@Suite struct ThresholdAnalyserTests {
    let analyser = ThresholdAnalyser()

    func daily(_ series: TimeSeries..., days: Int = 14) -> AnalysisResult {
        analyser.analyse(
            [Build.dashboard([Build.insight(7, "Traffic", .series(series))])], kind: .daily, days: days)
    }

    @Test func dropAgainstSameWeekday_isCritical_andTheIncompleteDayIsNeverJudged() throws {
        // 15 complete days at 100, then 60, then an incomplete day at 5.
        let values: [Double?] = Array(repeating: 100, count: 15) + [60, 5]
        let result = daily(Build.series("Pageviews", values))
        let change = try #require(result.findings.first { $0.kind == .change })
        #expect(change.date == Build.dayLabel(15))
        #expect(change.value == 60)
        #expect(change.expected == 100)
        #expect(change.change == -0.4)
        #expect(change.severity == .critical)
        #expect(change.comparison == "same weekday a week earlier")
        #expect(!result.findings.contains { $0.date == Build.dayLabel(16) })
    }

    @Test func weekendDip_matchingLastWeek_isNotAnAlert() {
        let week: [Double] = [100, 100, 100, 100, 100, 50, 50]
        let values: [Double?] = (week + week + week).map { $0 } + [3]  // ends on a Sunday, then incomplete Monday
        let result = daily(Build.series("Signups", values))
        #expect(!result.findings.contains { $0.kind == .change })
        let row = result.metrics[0]
        #expect(row.change == 0)  // Sunday after Saturday
        #expect(row.weekAgoChange == 0)
    }

    @Test func smallCounts_underTheVolumeFloor_areNotAlerts() {
        let values: [Double?] = Array(repeating: 4, count: 8) + [10, 1]
        #expect(daily(Build.series("Rare event", values)).findings.isEmpty)
    }

    @Test func nonCountMeasures_ignoreTheVolumeFloor() {
        let values: [Double?] = Array(repeating: 4, count: 8) + [10, 1]
        let result = daily(Build.series("Avg basket (€)", values, measure: "avg"))
        #expect(result.findings.contains { $0.kind == .change && $0.unit == "value" })
    }

    @Test func steadyGrowth_isATrendFinding_withGrowthPerWeek() throws {
        let values: [Double?] = (0..<14).map { 100 + 10 * Double($0) } + [50]
        let result = daily(Build.series("Users", values))
        let trend = try #require(result.findings.first { $0.kind == .trend })
        // slope 10/day × 7 days / mean 165 = 0.424 per week
        #expect(abs(trend.details!["growth_per_week"]! - 70.0 / 165.0) < 1e-6)
        #expect(abs(trend.details!["r_squared"]! - 1) < 1e-9)
        #expect(trend.severity == .warning)
        #expect(trend.expected == 100)
        #expect(trend.value == 230)
    }

    @Test func missingValues_areSkipped_notReadAsZero() {
        let values: [Double?] = Array(repeating: 100, count: 14) + [nil, 1]
        let result = daily(Build.series("Pageviews", values))
        #expect(result.findings.isEmpty)
        #expect(result.metrics[0].period == Build.dayLabel(13))
    }

    @Test func emptyAndAllMissingSeries_giveARowWithoutValue() {
        let result = daily(Build.series("Empty", []), Build.series("Gaps", [nil, nil, nil]))
        #expect(result.findings.isEmpty)
        #expect(result.metrics.map(\.value) == [nil, nil])
    }

    @Test func window_endsOnTheLastCompleteDay() {
        let values: [Double?] = Array(repeating: 100, count: 20) + [1]
        let result = daily(Build.series("Pageviews", values), days: 14)
        #expect(result.window == ReportWindow(from: Build.dayLabel(6), to: Build.dayLabel(19)))
    }

    @Test func weekly_comparesDailyAveragesOfTheLastTwoWeeks() throws {
        let values: [Double?] = Array(repeating: 100, count: 14) + Array(repeating: 150, count: 7) + [3]
        let result = analyser.analyse(
            [Build.dashboard([Build.insight(7, "Traffic", .series([Build.series("Pageviews", values)]))])],
            kind: .weekly, days: 28)
        let change = try #require(result.findings.first { $0.kind == .change })
        #expect(change.value == 150)
        #expect(change.expected == 100)
        #expect(change.change == 0.5)
        #expect(change.details?["window_days"] == 7)
    }

    @Test func findings_areRankedBySeverityThenSize() {
        let big: [Double?] = Array(repeating: 100, count: 15) + [40, 1]  // -60%, critical
        let small: [Double?] = Array(repeating: 100, count: 15) + [80, 1]  // -20%, warning
        let bigger: [Double?] = Array(repeating: 100, count: 15) + [20, 1]  // -80%, critical
        let result = daily(Build.series("B", small), Build.series("A", big), Build.series("C", bigger))
        let changes = result.findings.filter { $0.kind == .change }
        #expect(changes.map(\.series) == ["C", "A", "B"])
    }

    @Test func funnelBreakdownValue_convertingWorse_isAFunnelFinding() throws {
        func steps(_ counts: [Double]) -> [FunnelStep] {
            counts.enumerated().map { FunnelStep(name: ["Visit", "Signup", "Pay"][$0.offset], count: $0.element) }
        }
        let funnels = [
            Funnel(breakdown: "Chrome", steps: steps([1000, 400, 200])),
            Funnel(breakdown: "Safari", steps: steps([1000, 400, 100])),
        ]
        let result = analyser.analyse(
            [Build.dashboard([Build.insight(9, "Funnel", .funnel(funnels), kind: .funnel)])], kind: .daily, days: 14)
        let finding = try #require(result.findings.first { $0.series.hasSuffix("Safari") })
        #expect(finding.kind == .funnel)
        #expect(finding.series == "Signup → Pay · Safari")
        #expect(finding.value == 25)
        #expect(finding.expected == 37.5)
        #expect(finding.severity == .critical)
        #expect(result.findings.count == 2)  // Chrome converts better by the same margin
        #expect(result.metrics.contains { $0.series == "Overall conversion" && $0.value == 15 })
    }

    @Test func retention_recentCohortsWeaker_isARetentionFinding_ignoringMissingCells() throws {
        // Earlier cohorts keep 40% at age 1, the last three 30%; nil cells are not yet complete.
        let cohorts = (0..<6).map { index -> RetentionMatrix.Cohort in
            let rate = index >= 3 ? 0.3 : 0.4
            let cells: [Double?] = [100, 100 * rate, index < 4 ? 25 : nil]
            return .init(start: Build.day(7 * index), label: Build.dayLabel(7 * index), cells: cells)
        }
        let matrix = RetentionMatrix(
            period: .week,
            cohorts: cohorts + [.init(start: Build.day(42), label: Build.dayLabel(42), cells: [nil, nil, nil])])
        let result = ThresholdAnalyser(settings: .init(retentionAges: [1])).analyse(
            [Build.dashboard([Build.insight(3, "Retention", .retention(matrix), kind: .retention)])], kind: .weekly,
            days: 28)
        let finding = try #require(result.findings.first)
        #expect(finding.kind == .retention)
        #expect(abs(finding.value - 30) < 1e-9)
        #expect(abs(finding.expected - 40) < 1e-9)
        #expect(finding.change == -0.25)
        #expect(finding.date == Build.dayLabel(35))
    }

    @Test func lifecycle_quickRatioTrend_isPerWeek() throws {
        // New users grow by 1 a day while dormancy holds at 20: the ratio rises 7/20 a week.
        let new = Build.series("new", (0..<15).map { Double(10 + $0) })
        let zero = Build.series("resurrecting", Array(repeating: 0, count: 15))
        let dormant = Build.series("dormant", Array(repeating: -20, count: 15))
        let lifecycle = Lifecycle(interval: .day, new: new, returning: zero, resurrecting: zero, dormant: dormant)
        let result = analyser.analyse(
            [Build.dashboard([Build.insight(4, "Lifecycle", .lifecycle(lifecycle), kind: .lifecycle)])], kind: .daily,
            days: 14)
        let trend = try #require(result.findings.first?.details?["quick_ratio_change_per_week"])
        #expect(abs(trend - 7.0 / 20) < 1e-9)
    }

    @Test func lifecycle_quickRatioBelowOne_isAWarning() throws {
        let new = Build.series("new", Array(repeating: 10, count: 8))
        let returning = Build.series("returning", Array(repeating: 100, count: 8))
        let resurrecting = Build.series("resurrecting", Array(repeating: 5, count: 8))
        let dormant = Build.series("dormant", Array(repeating: -30, count: 8))
        let lifecycle = Lifecycle(
            interval: .day, new: new, returning: returning, resurrecting: resurrecting, dormant: dormant)
        let result = analyser.analyse(
            [Build.dashboard([Build.insight(4, "Lifecycle", .lifecycle(lifecycle), kind: .lifecycle)])], kind: .daily,
            days: 14)
        let finding = try #require(result.findings.first)
        #expect(finding.kind == .lifecycle)
        #expect(finding.value == 0.5)  // (10 + 5) / 30 per day, 7 complete days
        #expect(finding.severity == .warning)
        #expect(finding.details?["dormant"] == 210)
        #expect(finding.details?["quick_ratio_change_per_week"] == 0)  // a flat ratio has no trend
    }
}
