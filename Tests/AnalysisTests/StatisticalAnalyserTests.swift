import Analysis
import DashbriefTestSupport
import Foundation
import PostHog
import Testing

@Suite struct StatisticalAnalyserTests {
    static let weekday = [1.07, 1.12, 1.10, 1.06, 0.98, 0.80, 0.77]

    /// `days` complete days of counts around `level` with a weekly cycle, then one incomplete day.
    static func counts(days: Int = 84, level: Double = 1000, change: (Int, Double) -> Double = { _, v in v })
        -> [Double?]
    {
        (0..<days).map { day in
            let noise = (Double((day * 7919) % 41) - 20) / 20 * 1.5 * level.squareRoot()
            return change(day, (level * weekday[day % 7] + noise).rounded())
        } + [level * 0.3]
    }

    func daily(_ series: TimeSeries..., days: Int = 14, kind: ReportKind = .daily) -> AnalysisResult {
        StatisticalAnalyser().analyse(
            [Build.dashboard([Build.insight(5, "Traffic", .series(series), asOfDay: 200)])], kind: kind, days: days)
    }

    @Test func dropInsideTheWindow_isAnAnomaly_withRangeAndScore() throws {
        let result = daily(Build.series("Pageviews", Self.counts { $0 == 80 ? $1 * 0.5 : $1 }))
        #expect(result.method == .statistical)
        let anomaly = try #require(result.findings.first)
        #expect(anomaly.kind == .anomaly)
        #expect(anomaly.date == Build.dayLabel(80))
        #expect(anomaly.severity == .critical)
        #expect(anomaly.comparison == "seasonal expectation (robust STL)")
        #expect(anomaly.details?["lower"] ?? 0 < anomaly.expected)
        #expect(anomaly.details?["direction"] == -1)
        #expect(result.findings.count == 1)
    }

    @Test func dropBeforeTheWindow_isHistory_notNews() {
        let result = daily(Build.series("Pageviews", Self.counts { $0 == 40 ? $1 * 0.5 : $1 }))
        #expect(result.findings.isEmpty)
    }

    @Test func theIncompleteDay_isNeverJudged() {
        let result = daily(Build.series("Pageviews", Self.counts()))
        #expect(result.findings.isEmpty)
    }

    @Test func levelShift_isOneChangeFinding() throws {
        let result = daily(Build.series("Active users", Self.counts { $0 >= 77 ? $1 * 1.25 : $1 }))
        let change = try #require(result.findings.first)
        #expect(change.kind == .change)
        #expect(change.details?["level_shift"] == 1)
        #expect(change.date == Build.dayLabel(77))
        #expect(
            result.findings.count == 1, "\(result.findings.map { "\($0.kind) \($0.date) \($0.value) \($0.expected)" })")
    }

    @Test func weeklyReport_addsSignificantTrends() throws {
        let growing = Self.counts { day, value in value * pow(1.02, Double(day)) }
        let result = daily(Build.series("Users", growing), days: 28, kind: .weekly)
        let trend = try #require(result.findings.first { $0.kind == .trend })
        #expect(trend.details?["p_value"] ?? 1 < 0.01)
        // 2% a day is 14.9% a week.
        #expect(abs((trend.details?["growth_per_week"] ?? 0) - (pow(1.02, 7) - 1)) < 0.02)
    }

    @Test func funnelBreakdown_significantGapOnly() throws {
        func funnel(_ name: String, _ counts: [Double]) -> Funnel {
            Funnel(
                breakdown: name,
                steps: counts.enumerated().map { FunnelStep(name: ["Visit", "Pay"][$0.offset], count: $0.element) })
        }
        let funnels = [funnel("Chrome", [5000, 1500]), funnel("Safari", [2000, 480]), funnel("Edge", [40, 9])]
        let result = StatisticalAnalyser().analyse(
            [Build.dashboard([Build.insight(9, "Funnel", .funnel(funnels), kind: .funnel)])], kind: .daily, days: 14)
        let series = Set(result.findings.map(\.series))
        // Safari (24%) against the rest (~30%) is significant; Edge (22.5% of 40) is too small to tell.
        #expect(series.contains("Visit → Pay · Safari"))
        #expect(!series.contains("Visit → Pay · Edge"))
        #expect(result.findings.allSatisfy { ($0.details?["p_value"] ?? 1) < 0.01 })
    }

    @Test func retention_weakerRecentCohorts_areSignificant_withTheDecayCurve() throws {
        // Retention follows 0.4 · age^-0.5 for earlier cohorts; the last three keep 25% fewer.
        let cohorts = (0..<10).map { index -> RetentionMatrix.Cohort in
            let factor = index >= 6 ? 0.75 : 1.0  // cohorts 6–8 are the newest with a week-1 cell
            let cells: [Double?] = (0..<8).map { age in
                guard index + age < 10 else { return nil }
                return age == 0 ? 1000 : (1000 * 0.4 * pow(Double(age), -0.5) * factor).rounded()
            }
            return .init(start: Build.day(7 * index), label: Build.dayLabel(7 * index), cells: cells)
        }
        let matrix = RetentionMatrix(period: .week, cohorts: cohorts)
        let result = StatisticalAnalyser().analyse(
            [Build.dashboard([Build.insight(3, "Retention", .retention(matrix), kind: .retention)])], kind: .weekly,
            days: 28)
        let finding = try #require(result.findings.first { $0.series == "Week 1 retention" })
        #expect(abs(finding.change! + 0.25) < 0.01)
        #expect((finding.details?["p_value"] ?? 1) < 0.01)
        // The pooled curve mixes strong and weak cohorts, so its exponent is near, not at, 0.5.
        let exponent = try #require(finding.details?["decay_exponent"])
        #expect(exponent > 0.4 && exponent < 0.7)
        #expect(finding.details?["projected_age"] == 14)
        #expect((finding.details?["projected_retention"] ?? 0) > 0)
    }

    @Test func funnelPeriodOverPeriod_namesTheStepThatExplainsTheChange() throws {
        func funnel(_ counts: [Double]) -> Funnel {
            Funnel(
                steps: counts.enumerated().map {
                    FunnelStep(name: ["Visit", "Pricing", "Signup"][$0.offset], count: $0.element)
                })
        }
        // Visit → Pricing holds at 40%; Pricing → Signup falls from 30% to 20%.
        let insight = InsightMetrics(
            insightID: 4, name: "Funnel", kind: .funnel, timezone: .gmt, asOf: Build.day(30),
            content: .funnel([funnel([10_000, 4_000, 800])]), previous: .funnel([funnel([10_000, 4_000, 1_200])]))
        let result = StatisticalAnalyser().analyse([Build.dashboard([insight])], kind: .daily, days: 14)
        let finding = try #require(result.findings.first { $0.series == "Overall conversion" })
        #expect(finding.value == 8)
        #expect(finding.expected == 12)
        #expect(finding.details?["explaining_step"] == 2)
        #expect(abs((finding.details?["explaining_share"] ?? 0) - 1) < 1e-9)
        #expect(finding.comparison == "previous period; most of the change at Pricing → Signup")
        #expect((finding.details?["ci_high"] ?? 0) < 0)  // the whole interval of the difference is below 0
        let row = try #require(result.metrics.first { $0.series == "Overall conversion" })
        #expect(row.previous == 12)
        #expect(row.change == -0.3333)
    }

    @Test func mixShift_isFound_evenWhenTheTotalIsFlat() throws {
        // Two channels trade 15% of the traffic in the last week; the total does not move.
        let search = Build.series("search", Self.counts(level: 600) { $0 >= 77 ? $1 * 0.85 : $1 }, measure: "total")
        let direct = Build.series("direct", Self.counts(level: 400) { $0 >= 77 ? $1 + 90 : $1 }, measure: "total")
        let broken = [search, direct].map {
            TimeSeries(name: $0.name, breakdown: $0.name, interval: .day, measure: "total", points: $0.points)
        }
        let result = StatisticalAnalyser().analyse(
            [Build.dashboard([Build.insight(7, "Signups", .series(broken), asOfDay: 200)])], kind: .daily, days: 14)
        #expect(result.findings.contains { $0.series == "direct: share of total" && $0.details?["mix_shift"] == 1 })
    }

    @Test func mixShift_comparesSharesWithinOneMeasure_notAcrossTwo() {
        // Two SQL columns broken down by channel: pageviews double in the last week on both
        // channels, signups stay flat. Within each column the channels keep their shares.
        func series(_ column: String, _ channel: String, level: Double, doubling: Bool) -> TimeSeries {
            let built = Build.series(channel, Self.counts(level: level) { doubling && $0 >= 77 ? $1 * 2 : $1 })
            return TimeSeries(
                name: "\(column) · \(channel)", breakdown: channel, interval: .day, measure: "total",
                points: built.points, key: SeriesKey([.init("col", column), .init("b", channel)]))
        }
        let broken = [
            series("pageviews", "search", level: 3000, doubling: true),
            series("pageviews", "direct", level: 2000, doubling: true),
            series("signups", "search", level: 600, doubling: false),
            series("signups", "direct", level: 400, doubling: false),
        ]
        let result = StatisticalAnalyser().analyse(
            [Build.dashboard([Build.insight(8, "Traffic (SQL)", .series(broken), asOfDay: 200)])], kind: .daily,
            days: 14)
        #expect(!result.findings.contains { $0.details?["mix_shift"] == 1 }, "\(result.findings.map(\.id))")
    }
}

@Suite struct CorrelationFindingTests {
    @Test func weeklyReport_linksMetricsOfDifferentInsights_withTheirLag() throws {
        // Signups follow pageviews' residual wiggles two days later; a third metric is unrelated.
        // The driver is smooth (a 5-day average), as real metrics are, so the pair also correlates
        // on the same day and the scan picks it before the lag search refines it.
        let raw = (0..<95).map { k -> Double in
            let x = sin(Double(k) * 12.9898) * 43_758.5453
            return (x - x.rounded(.down)) * 100 - 50  // a repeatable pseudo-random draw in ±50
        }
        let driver = (0..<91).map { day in raw[day..<(day + 5)].reduce(0, +) / 5 }
        let weekday = [1.07, 1.12, 1.10, 1.06, 0.98, 0.80, 0.77]
        func series(_ name: String, shift: Int, scale: Double, noise: Int) -> TimeSeries {
            // noise: a small repeatable wobble, different per series
            let values: [Double?] =
                (0..<91).map { day in
                    let wiggle = day - shift >= 0 ? driver[day - shift] : 0
                    return 1000 * weekday[day % 7] + scale * wiggle + Double((day * noise) % 11)
                } + [5]
            return Build.series(name, values)
        }
        let traffic = Build.insight(
            1, "Traffic", .series([series("Pageviews", shift: 0, scale: 15, noise: 7)]), asOfDay: 200)
        let signups = Build.insight(
            2, "Signups", .series([series("Signups", shift: 2, scale: 15, noise: 5)]), asOfDay: 200)
        let other = Build.insight(3, "Other", .series([series("Exports", shift: 0, scale: 0, noise: 3)]), asOfDay: 200)
        let result = StatisticalAnalyser().analyse(
            [Build.dashboard([traffic, signups, other])], kind: .weekly, days: 28)
        let correlation = try #require(result.findings.first { $0.kind == .correlation })
        #expect(correlation.series == "Pageviews")
        #expect(correlation.details?["lag_days"] == 2)
        #expect(correlation.comparison.contains("Signups"))
        #expect(!result.findings.contains { $0.kind == .correlation && $0.comparison.contains("Exports") })
        // Two metrics are a pair, not a group.
        #expect(!result.findings.contains { $0.details?["group_size"] != nil })
        // Daily reports do not scan correlations.
        let daily = StatisticalAnalyser().analyse([Build.dashboard([traffic, signups, other])], kind: .daily, days: 14)
        #expect(!daily.findings.contains { $0.kind == .correlation })
    }
}

@Suite struct CorrelationGroupTests {
    @Test func threeMetricsOfTwoInsights_formAGroup() throws {
        let raw = (0..<95).map { k -> Double in
            let x = sin(Double(k) * 78.233) * 43_758.5453
            return (x - x.rounded(.down)) * 100 - 50
        }
        let driver = (0..<91).map { day in raw[day..<(day + 5)].reduce(0, +) / 5 }
        let weekday = [1.07, 1.12, 1.10, 1.06, 0.98, 0.80, 0.77]
        // Signups at a tenth of the traffic's level: at the same level they would be copies.
        func series(_ name: String, level: Double = 1000, noise: Int) -> TimeSeries {
            var values: [Double?] = []
            for day in 0..<91 {
                let wobble = Double((day * noise) % 11)
                values.append(level * weekday[day % 7] + level / 1000 * 15 * driver[day] + wobble)
            }
            return Build.series(name, values + [5])
        }
        let a = Build.insight(
            1, "Traffic", .series([series("Pageviews", noise: 7), series("Visitors", noise: 3)]), asOfDay: 200)
        let b = Build.insight(2, "Signups", .series([series("Signups", level: 100, noise: 5)]), asOfDay: 200)
        let result = StatisticalAnalyser().analyse([Build.dashboard([a, b])], kind: .weekly, days: 28)
        let group = try #require(result.findings.first { $0.details?["group_size"] != nil })
        #expect(group.value == 3)
        #expect(group.comparison.contains("Pageviews (Traffic)") && group.comparison.contains("Signups (Signups)"))
    }
}
