import Analysis
import DashbriefTestSupport
import Foundation
import PostHog
import Testing

@testable import Narrative

/// SQL series, SQL tables and empty results reach every output format through the one report
/// model: findings and metrics rows for the series, rows for a short table, skips for the rest.
@Suite struct SQLInsightRenderingTests {
    static func report() throws -> Report {
        let normaliser = InsightNormaliser(now: PostHogFixtures.now)
        let sql = try ["sql_daily_breakdown.json", "sql_table_top_events.json"].map {
            try normaliser.metrics(for: try PostHogFixtures.insight($0))
        }
        let empty = normaliser.metrics(for: try PostHogFixtures.dashboard("dashboard_empty_results.json"))
        let analysis = StatisticalAnalyser().analyse(
            [DashboardMetrics(id: 301, name: "SQL Dashboard", insights: sql), empty], kind: .daily, days: 14)
        return Report(
            analysis: analysis, asOf: Timestamp.format(PostHogFixtures.now), timezone: "America/Los_Angeles",
            narrative: TemplateNarrator().narrate(analysis))
    }

    @Test(arguments: [ReportFormat.text, .markdown])
    func humanFormats_showSQLFindingsRowsAndSkips(format: ReportFormat) throws {
        let output = try Self.report().rendered(as: format)
        #expect(output.contains("Metrics: SQL Dashboard"))
        #expect(output.contains("Signups by channel (SQL)"))
        #expect(output.contains("newsletter"))
        #expect(output.contains("$pageview · count()"))
        #expect(output.contains("728,391"))
        #expect(output.contains("Refunds (SQL)"))
        #expect(output.contains("no data in the range"))
    }

    @Test func json_carriesTheSameFindingsMetricsAndSkips() throws {
        let data = Data(try Self.report().rendered(as: .json).utf8)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let findings = try #require(object["findings"] as? [[String: Any]])
        let spike = try #require(
            findings.first { $0["id"] as? String == "anomaly:3103:col=signups;b=newsletter:2026-11-20" })
        #expect(spike["series_key"] as? String == "col=signups;b=newsletter")
        let metrics = try #require(object["metrics"] as? [[String: Any]])
        #expect(metrics.contains { $0["series"] as? String == "None" && $0["insight_id"] as? Int == 3103 })
        #expect(metrics.contains { $0["series"] as? String == "$pageview · count()" })
        let skipped = try #require(object["skipped"] as? [[String: Any]])
        #expect(skipped.count == 7)
    }
}
