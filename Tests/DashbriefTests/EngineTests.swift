import DashbriefTestSupport
import Foundation
import Testing

@testable import Dashbrief

@Suite struct EngineTests {
    func demoEngine() throws -> Engine {
        try Engine(configuration: Configuration(snapshotDirectory: TestPaths.demoSnapshot))
    }

    @Test func snapshot_setsNowAndZoneFromItsManifest() throws {
        let engine = try demoEngine()
        #expect(Timestamp.format(engine.now) == "2026-11-24T23:12:07.482Z")
        #expect(engine.timezone.identifier == "America/Los_Angeles")
        #expect(engine.source == .snapshot(TestPaths.demoSnapshot))
    }

    /// Charts are drawn by the HTML report only: without them the report has no histories and
    /// renders every other format to the same bytes.
    @Test func withoutCharts_theReportHasNoHistories_andTheSameText() async throws {
        var engine = try demoEngine()
        engine.narration.ai = false
        let charted = try await engine.weeklyReport()
        engine.charts = false
        let plain = try await engine.weeklyReport()
        try #require(!charted.histories.isEmpty)
        #expect(plain.histories.isEmpty)
        for format in [ReportFormat.text, .markdown, .json, .slack] {
            #expect(try plain.rendered(as: format) == charted.rendered(as: format))
        }
        #expect(try plain.rendered(as: .html) != charted.rendered(as: .html))
    }

    @Test func dailyReport_throughTheLibraryAPI() async throws {
        let report = try await demoEngine().dailyReport(dashboard: "marketing dashboard")
        #expect(report.kind == .daily)
        #expect(report.dashboards == ["Marketing Dashboard"])
        #expect(report.window == ReportWindow(from: "2026-11-10", to: "2026-11-23"))
        #expect(report.skipped.map(\.insight) == ["Ad spend"])
        #expect(report.narrative.source == .template)
        #expect(!report.findings.isEmpty)
        // The incomplete recording day is never judged by a period comparison.
        #expect(!report.findings.contains { $0.kind == .change && $0.date == "2026-11-24" })
    }

    @Test func dashboardByNumericID() async throws {
        let dashboard = try await demoEngine().dashboard("102")
        #expect(dashboard.name == "Product Dashboard")
        #expect(dashboard.insights.count == 7)
    }

    @Test func insight_daysKeepsTheLastCompletePeriodsAndTheIncompleteOne() async throws {
        let insight = try await demoEngine().insight("2001", days: 7)
        guard case .series(let series) = insight.content else {
            Issue.record("expected series")
            return
        }
        #expect(series[0].points.map(\.period).first == "2026-11-17")
        #expect(series[0].points.count == 8)
    }

    @Test func unknownDashboard_listsTheClosest() async throws {
        let engine = try demoEngine()
        let error = await #expect(throws: DashbriefError.self) { try await engine.dashboard("Product Dashbaord") }
        #expect(error?.code == .unknownDashboard)
        #expect(error?.message.contains("closest: \"Product Dashboard\"") == true)
    }

    @Test func liveWithoutProjectID_isAConfigurationError() {
        #expect(throws: DashbriefError.self) { try Engine(configuration: Configuration(posthogAPIKey: "phx_x")) }
    }
}
