import DashbriefTestSupport
import Foundation
import PostHog
import Testing

@testable import Analysis

/// Finding ids are a public contract: stable whatever the order of dashboards and insights,
/// unchanged by renaming, and unique within a report.
@Suite struct FindingIdentityTests {
    static let weekday = [1.07, 1.12, 1.10, 1.06, 0.98, 0.80, 0.77]

    /// A smooth, repeatable driver: a 5-day average of pseudo-random draws in ±50.
    static let driver: [Double] = {
        let raw = (0..<95).map { k -> Double in
            let x = sin(Double(k) * 12.9898) * 43_758.5453
            return (x - x.rounded(.down)) * 100 - 50
        }
        return (0..<91).map { day in raw[day..<(day + 5)].reduce(0, +) / 5 }
    }()

    /// 91 complete days around `level` following the driver (scaled), plus an incomplete day;
    /// `spikeOn` multiplies one day. Metrics of different insights get different levels: at one
    /// level they would be copies of each other, which are not correlated (`DefinitionalPairs`).
    static func series(
        _ name: String, level: Double = 1000, scale: Double, noise: Int, key: SeriesKey? = nil,
        spikeOn day: Int? = nil
    ) -> TimeSeries {
        var values: [Double?] = (0..<91).map { day in
            level * weekday[day % 7] + scale * driver[day] + Double((day * noise) % 11)
        }
        if let day { values[day] = (values[day] ?? 0) * 3 }
        let built = Build.series(name, values + [5])
        return TimeSeries(
            name: name, breakdown: built.breakdown, compareLabel: built.compareLabel, interval: built.interval,
            measure: built.measure, points: built.points, key: key)
    }

    static func insight(_ id: Int, _ name: String, _ series: [TimeSeries]) -> InsightMetrics {
        Build.insight(id, name, .series(series), asOfDay: 200)
    }

    /// Three dashboards: metrics that move together across insights, and one with a spike.
    static func dashboards() -> [DashboardMetrics] {
        let traffic = insight(
            1, "Traffic",
            [
                series("Pageviews", scale: 15, noise: 7, key: SeriesKey(order: 0)),
                series("Visitors", scale: 15, noise: 3, key: SeriesKey(order: 1)),
            ])
        let signups = insight(
            2, "Signups", [series("Signups", level: 300, scale: 4.5, noise: 5, key: SeriesKey(order: 0))])
        let exports = insight(
            3, "Exports", [series("Exports", level: 3000, scale: 45, noise: 2, key: SeriesKey(order: 0))])
        let spiky = insight(
            4, "Errors", [series("Errors", scale: 0, noise: 3, key: SeriesKey(order: 0), spikeOn: 88)])
        return [
            DashboardMetrics(id: 1, name: "A", insights: [traffic, spiky]),
            DashboardMetrics(id: 2, name: "B", insights: [signups]),
            DashboardMetrics(id: 3, name: "C", insights: [exports]),
        ]
    }

    /// What a finding says, apart from which dashboard it is listed under.
    static func content(_ findings: [Finding]) -> [String: String] {
        Dictionary(
            uniqueKeysWithValues: findings.map {
                ($0.id, "\($0.series) \($0.value) \($0.expected) \(String(describing: $0.change)) \($0.comparison)")
            })
    }

    @Test func ids_doNotDependOnTheOrderOfDashboardsAndInsights() throws {
        let dashboards = Self.dashboards()
        let reference = StatisticalAnalyser().analyse(dashboards, kind: .weekly, days: 28).findings
        let thresholdReference = ThresholdAnalyser().analyse(dashboards, kind: .weekly, days: 28).findings
        #expect(reference.contains { $0.kind == .correlation })
        #expect(reference.contains { $0.kind == .anomaly })
        var generator = SplitMix64(seed: 7)
        for _ in 0..<12 {
            let shuffled = dashboards.shuffled(using: &generator).map {
                DashboardMetrics(id: $0.id, name: $0.name, insights: $0.insights.shuffled(using: &generator))
            }
            let findings = StatisticalAnalyser().analyse(shuffled, kind: .weekly, days: 28).findings
            #expect(findings.map(\.id).sorted() == reference.map(\.id).sorted())
            #expect(Self.content(findings) == Self.content(reference))
            let threshold = ThresholdAnalyser().analyse(shuffled, kind: .weekly, days: 28).findings
            #expect(Self.content(threshold) == Self.content(thresholdReference))
        }
    }

    @Test func aMetricCorrelatedWithTwoOthers_hasTwoDistinctIDs() throws {
        let findings = StatisticalAnalyser().analyse(Self.dashboards(), kind: .weekly, days: 28).findings
        let pairs = findings.filter { if case .correlationPair = $0.detail { true } else { false } }
        let ofPageviews = pairs.filter {
            guard case .correlationPair(let pair) = $0.detail else { return false }
            return $0.series == "Pageviews" || pair.partner.series == "Pageviews"
        }
        #expect(ofPageviews.count >= 2, "\(pairs.map(\.id))")
        #expect(Set(ofPageviews.map(\.id)).count == ofPageviews.count)
        #expect(FindingID.duplicates(in: findings).isEmpty)
        // A pair names both sides in canonical order: the smaller insight id first.
        for pair in pairs { #expect(pair.id.hasPrefix("correlation:1:") || pair.id.hasPrefix("correlation:2:")) }
    }

    @Test func renamingAMetric_keepsItsIDs() {
        func findings(named name: String) -> [Finding] {
            let spiky = Self.insight(
                4, "Errors", [Self.series(name, scale: 0, noise: 3, key: SeriesKey(order: 0), spikeOn: 88)])
            return StatisticalAnalyser().analyse([Build.dashboard([spiky])], kind: .daily, days: 14).findings
        }
        let before = findings(named: "Errors")
        let after = findings(named: "Errors (all platforms!)")
        #expect(!before.isEmpty)
        #expect(before.map(\.id) == after.map(\.id))
        #expect(after.allSatisfy { $0.series == "Errors (all platforms!)" })
    }

    @Test func anInsightOnTwoDashboards_isToldOnce() {
        let spiky = Self.insight(
            4, "Errors", [Self.series("Errors", scale: 0, noise: 3, key: SeriesKey(order: 0), spikeOn: 88)])
        let dashboards = [
            DashboardMetrics(id: 2, name: "B", insights: [spiky]),
            DashboardMetrics(id: 1, name: "A", insights: [spiky]),
        ]
        // Listed under the dashboard with the lowest id, whatever the order: the channel a finding
        // goes to must not depend on how the dashboards were named.
        for order in [dashboards, dashboards.reversed()] {
            for method in AnalysisMethod.allCases {
                let findings =
                    method == .statistical
                    ? StatisticalAnalyser().analyse(order, kind: .weekly, days: 28).findings
                    : ThresholdAnalyser().analyse(order, kind: .weekly, days: 28).findings
                #expect(!findings.isEmpty)
                #expect(FindingID.duplicates(in: findings).isEmpty, "\(method)")
                #expect(findings.allSatisfy { $0.dashboard == "A" }, "\(method)")
            }
        }
    }

    @Test func aBreakdownsTotal_hasOneStableID_whateverTheOrderAndNamesOfItsValues() throws {
        func values(renamed: Bool) -> [TimeSeries] {
            ["google", "newsletter", "total", "*"].enumerated().map { index, value in
                let built = Self.series(
                    value, scale: 0, noise: 3 + index, key: SeriesKey(order: 0, breakdown: value),
                    spikeOn: value == "newsletter" ? 88 : nil)
                return TimeSeries(
                    name: renamed ? "\(value) (renamed)" : value, breakdown: value, interval: .day, measure: "total",
                    points: built.points, key: built.key)
            }
        }
        func ids(_ series: [TimeSeries]) -> [String] {
            let insight = Self.insight(6, "Signups by channel", series)
            return StatisticalAnalyser().analyse([Build.dashboard([insight])], kind: .daily, days: 14).findings.map(
                \.id
            )
            .sorted()
        }
        let reference = ids(values(renamed: false))
        let day = Build.dayLabel(88)
        #expect(reference.contains("anomaly:6:s=0;total=b:\(day)"), "\(reference)")
        // Literal values "total" and "*" are `b` parts, never the total's `total=b`.
        #expect(SeriesKey(order: 0, breakdown: "total").description == "s=0;b=total")
        #expect(SeriesKey(order: 0, breakdown: "*").description == "s=0;b=%2A")
        var generator = SplitMix64(seed: 12)
        for _ in 0..<4 {
            #expect(ids(values(renamed: true).shuffled(using: &generator)) == reference)
        }
    }

    @Test func seriesKeys_escapeEverySeparator_soDifferentValuesNeverCollide() {
        let values = ["Sign-up", "Sign up", "Sign_up", "Sign:up", "Sign;up", "Sign=up", "Sign%up", "Sign/up", "Münch"]
        let keys = values.map { SeriesKey(order: 0, breakdown: $0).description }
        #expect(Set(keys).count == values.count)
        #expect(
            SeriesKey(order: 1, breakdown: "a:b;c=d %", compare: "previous").description
                == "s=1;b=a%3Ab%3Bc%3Dd%20%25;c=previous")
        #expect(SeriesKey(order: 0, breakdown: "Münch").description == "s=0;b=M%C3%BCnch")
        for key in keys {
            let value = key.dropFirst("s=0;b=".count)
            #expect(!value.contains(":") && !value.contains(";") && !value.contains("=") && !value.contains(" "))
        }
    }

    @Test func groupIDs_digestTheirMembers_inAnyOrder() {
        let members = (1...3).map {
            SeriesReference(
                dashboard: "D", insight: "I\($0)", insightID: $0, series: "S", seriesKey: SeriesKey(order: 0))
        }
        let forward = FindingDetail.coMovingGroup(.init(members: members))
        let backward = FindingDetail.coMovingGroup(.init(members: members.reversed()))
        let a = FindingID.make(detail: forward, insightID: 1, seriesKey: SeriesKey(order: 0), period: "2026-11-23")
        let b = FindingID.make(detail: backward, insightID: 3, seriesKey: SeriesKey(order: 0), period: "2026-11-23")
        #expect(a == b)
        #expect(a.hasPrefix("group:") && a.hasSuffix(":2026-11-23"))
        let fewer = FindingID.make(
            detail: .coMovingGroup(.init(members: Array(members.prefix(2)))), insightID: 1,
            seriesKey: SeriesKey(order: 0), period: "2026-11-23")
        #expect(fewer != a)
        // FNV-1a 64 reference value of the empty string.
        #expect(FindingID.digest("") == "cbf29ce484222325")
    }

    @Test func duplicates_areFound() {
        let finding = Finding(
            kind: .anomaly, dashboard: "D", insight: "I", insightID: 1, series: "S", seriesKey: SeriesKey(order: 0),
            date: "2026-11-23", value: 1, expected: 2, change: -0.5, severity: .warning, comparison: "c",
            detail: .outlier(.init(score: 6, lower: 1.5, upper: 2.5, direction: -1)))
        #expect(FindingID.duplicates(in: [finding, finding]) == [finding.id])
        #expect(finding.id == "anomaly:1:s=0:2026-11-23")
    }
}
