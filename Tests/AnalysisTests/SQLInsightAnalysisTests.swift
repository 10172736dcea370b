import Analysis
import DashbriefTestSupport
import Foundation
import PostHog
import Testing

/// SQL insights are analysed like trends when they are time series, shown in the metrics table
/// when they are short tables, and listed as skipped with the reason otherwise; empty results are
/// listed as "no data in the range". Fixtures: Tests/PostHogTests/Fixtures (see its generate.py).
@Suite struct SQLInsightAnalysisTests {
    static let normaliser = InsightNormaliser(now: PostHogFixtures.now)

    static func dashboard(_ fixtures: [String], edit: (inout [String: Any]) -> Void = { _ in }) throws
        -> DashboardMetrics
    {
        let insights = try fixtures.map { try normaliser.metrics(for: try PostHogFixtures.insight($0, edit: edit)) }
        return DashboardMetrics(id: 301, name: "SQL Dashboard", insights: insights)
    }

    static func daily(_ fixtures: String...) throws -> AnalysisResult {
        StatisticalAnalyser().analyse([try dashboard(fixtures)], kind: .daily, days: 14)
    }

    @Test(arguments: [
        ("sql_daily_signups.json", "anomaly:3101:col=signups:2026-11-18", -1.0),
        ("sql_daily_columns.json", "anomaly:3102:col=visitors:2026-11-19", 1),
        ("sql_daily_breakdown.json", "anomaly:3103:col=signups;b=newsletter:2026-11-20", 1),
    ])
    func plantedDay_isAnAnomaly_withAStableID(fixture: String, id: String, direction: Double) throws {
        let result = try Self.daily(fixture)
        let finding = try #require(result.findings.first { $0.id == id }, "\(result.findings.map(\.id))")
        #expect(finding.kind == .anomaly)
        #expect(finding.details?["direction"] == direction)
        // Only the planted day, and for a breakdown the total it moved on that day.
        #expect(
            result.findings.allSatisfy {
                $0.kind != .anomaly || $0.id == id
                    || ($0.seriesKey.parts.contains { $0.name == "total" } && $0.date == finding.date)
            }, "\(result.findings.map(\.id))")
        // The same id whatever the insight is called and whichever order its rows come in.
        let renamed = StatisticalAnalyser().analyse(
            [
                try Self.dashboard([fixture]) { object in
                    object["name"] = "Renamed in PostHog"
                    object["result"] = (object["result"] as? [Any]).map { Array($0.reversed()) }
                }
            ], kind: .daily, days: 14)
        #expect(renamed.findings.contains { $0.id == id })
    }

    @Test func sqlBreakdownTotal_isKeyedByItsColumn_andDrivenByTheSpikingValue() throws {
        let result = try Self.daily("sql_daily_breakdown.json")
        let total = try #require(result.findings.first { $0.id == "anomaly:3103:col=signups;total=b:2026-11-20" })
        #expect(total.series == "Total")
        #expect(total.detail.contributions.first?.series == "newsletter")
        #expect((total.detail.contributions.first?.share ?? 0) >= 0.5)
        // Charted like any series.
        #expect(result.histories.contains { $0.seriesKey == total.seriesKey && $0.series == "Total" })
    }

    @Test func sqlSeries_areInTheMetricsTable_andChartedWithTheirFindings() throws {
        let result = try Self.daily("sql_daily_columns.json", "sql_daily_breakdown.json")
        let visitors = try #require(result.metrics.first { $0.insightID == 3102 && $0.series == "visitors" })
        #expect(visitors.period == "2026-11-23")
        #expect(visitors.kind == "table")
        #expect(visitors.unit == "count")
        #expect(result.metrics.first { $0.series == "avg_session_seconds" }?.unit == "value")
        #expect(
            result.metrics.filter { $0.insightID == 3103 }.map(\.series) == ["google", "newsletter", "twitter", "None"])
        #expect(
            result.histories.contains { $0.insightID == 3103 && $0.seriesKey.description == "col=signups;b=newsletter" }
        )
        #expect(result.window == ReportWindow(from: "2026-11-10", to: "2026-11-23"))
    }

    @Test func daysBucketedInUTC_giveTheWindowTheirDates() throws {
        // The fixture's project is in Los Angeles; its days are UTC days, labelled as such.
        let result = try Self.daily("sql_daily_breakdown.json")
        #expect(result.window == ReportWindow(from: "2026-11-10", to: "2026-11-23"))
    }

    @Test func thresholdMethod_comparesSQLSeriesToo() throws {
        let result = ThresholdAnalyser().analyse(
            [try Self.dashboard(["sql_daily_signups.json"])], kind: .daily, days: 14)
        let row = try #require(result.metrics.first)
        #expect(row.series == "signups")
        #expect(row.comparison == "previous day")
        #expect(row.weekAgo != nil)
    }

    @Test func shortTableWithoutDates_isInTheMetricsTable_valueByValue() throws {
        let result = try Self.daily("sql_table_top_events.json")
        #expect(result.skipped.isEmpty)
        let rows = result.metrics.filter { $0.insightID == 3104 }
        #expect(rows.count == 10)
        #expect(rows.first?.series == "$pageview · count()")
        #expect(rows.first?.value == 728_391)
        #expect(rows.first?.unit == "count")
        #expect(rows.first?.period == nil)
        #expect(rows.first { $0.series == "signed_up · per_person" }?.value == 1)
        #expect(rows.first { $0.series == "signed_up · per_person" }?.unit == "value")
    }

    @Test func longTable_orTableWithoutNumbers_isSkippedWithTheReason() throws {
        let long = try Self.dashboard(["sql_table_top_events.json"]) { object in
            object["result"] = (0..<40).map { ["/page/\($0)", 1000 - $0, 1.5] }
        }
        let names = try Self.dashboard(["sql_table_top_events.json"]) { object in
            object["columns"] = ["event", "owner"]
            object["types"] = [["event", "String"], ["owner", "Nullable(String)"]]
            object["result"] = [["$pageview", "web"], ["signed_up", NSNull()]]
        }
        for (dashboard, reason) in [
            (long, "a SQL table without periods of 40 rows × 2 numbers: more than the metrics table's 20 values"),
            (names, "a SQL table without a numeric column (event, owner): nothing to report as a metric"),
        ] {
            let result = StatisticalAnalyser().analyse([dashboard], kind: .weekly, days: 28)
            #expect(result.metrics.isEmpty)
            let skip = try #require(result.skipped.first)
            #expect(skip.insight == "Top events this week")
            #expect(skip.reason.hasPrefix(reason), "\(skip.reason)")
        }
    }

    @Test func emptyResults_areListedAsNoDataInTheRange() throws {
        let dashboard = Self.normaliser.metrics(for: try PostHogFixtures.dashboard("dashboard_empty_results.json"))
        for method in AnalysisMethod.allCases {
            let result =
                method == .statistical
                ? StatisticalAnalyser().analyse([dashboard], kind: .weekly, days: 28)
                : ThresholdAnalyser().analyse([dashboard], kind: .weekly, days: 28)
            #expect(result.skipped.count == 7)
            #expect(result.skipped.allSatisfy { $0.reason.hasPrefix("no data in the range") })
            #expect(result.skipped.contains { $0.insight == "Refunds (SQL)" })
        }
    }
}
