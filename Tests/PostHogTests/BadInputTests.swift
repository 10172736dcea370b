import DashbriefTestSupport
import Foundation
import Testing

@testable import PostHog

/// Broken PostHog bodies give errors that name the source and JSON path, and one broken insight
/// never takes the rest of its dashboard down with it.
@Suite struct BadInputTests {
    static let source = "Fixtures/demo/api/dashboards/101.json"
    let normaliser = InsightNormaliser(now: Timestamp.instant("2026-11-24T23:12:07.482Z")!)

    /// The demo marketing dashboard as a mutable JSON object.
    func marketingDashboard() throws -> [String: Any] {
        let url = TestPaths.demoSnapshot.appendingPathComponent("api/dashboards/101.json")
        return try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    }

    func decodeDashboard(_ object: [String: Any]) throws -> DashboardMetrics {
        let data = try JSONSerialization.data(withJSONObject: object)
        return normaliser.metrics(for: try Dashboard.decode(data, source: Self.source))
    }

    /// Applies `change` to the insight of tile `index`.
    func withInsight(_ index: Int, _ change: (inout [String: Any]) -> Void) throws -> [String: Any] {
        var dashboard = try marketingDashboard()
        var tiles = dashboard["tiles"] as! [[String: Any]]
        var insight = tiles[index]["insight"] as! [String: Any]
        change(&insight)
        tiles[index]["insight"] = insight
        dashboard["tiles"] = tiles
        return dashboard
    }

    @Test func truncatedJSON_namesTheSource() throws {
        let url = TestPaths.demoSnapshot.appendingPathComponent("api/insights/2001.json")
        let data = try Data(contentsOf: url).prefix(5000)
        let error = #expect(throws: PostHogError.self) {
            try PostHogClient.decode(Insight.self, from: data, source: url.path)
        }
        #expect(error?.code == .decoding)
        #expect(error?.message.hasPrefix(url.path + ": invalid JSON") == true, "\(error?.message ?? "")")
    }

    @Test func wrongTypeInOneTile_skipsThatInsightWithItsPath_andKeepsTheOthers() throws {
        let broken = try withInsight(0) { insight in
            var result = insight["result"] as! [[String: Any]]
            var data = result[0]["data"] as! [Any]
            data[3] = "lots"
            result[0]["data"] = data
            insight["result"] = result
        }
        let metrics = try decodeDashboard(broken)
        let skip = try #require(metrics.skipped.first { $0.reason.contains("data[3]") })
        #expect(skip.reason == "tiles[0].insight.result[0].data[3]: expected a number, found a string")
        #expect(metrics.insights.count == 5)
        #expect(!metrics.insights.contains { $0.insightID == 2001 })
    }

    @Test func missingRequiredField_isNamedInTheSkip() throws {
        let broken = try withInsight(1) { $0.removeValue(forKey: "id") }
        let metrics = try decodeDashboard(broken)
        #expect(metrics.skipped.contains { $0.reason == "tiles[1].insight.id: required field is missing" })
        #expect(metrics.insights.contains { $0.insightID == 2001 })
    }

    @Test func periodsAndValuesOfDifferentLength_skipWithPath() throws {
        let broken = try withInsight(0) { insight in
            var result = insight["result"] as! [[String: Any]]
            result[1]["data"] = Array((result[1]["data"] as! [Any]).dropLast())
            insight["result"] = result
        }
        let metrics = try decodeDashboard(broken)
        #expect(metrics.skipped.contains { $0.reason == "result[1]: 140 periods in days but 139 values in data" })
    }

    @Test func emptySeries_normaliseToNoPoints() throws {
        let broken = try withInsight(0) { insight in
            var result = insight["result"] as! [[String: Any]]
            result[0]["data"] = []
            result[0]["days"] = []
            insight["result"] = result
        }
        let metrics = try decodeDashboard(broken)
        let traffic = try #require(metrics.insights.first { $0.insightID == 2001 })
        guard case .series(let series) = traffic.content else {
            Issue.record("expected series")
            return
        }
        #expect(series[0].points.isEmpty)
    }

    @Test func duplicatePeriod_skipsNamingIt() throws {
        let broken = try withInsight(0) { insight in
            var result = insight["result"] as! [[String: Any]]
            var days = result[0]["days"] as! [String]
            days[1] = days[0]
            result[0]["days"] = days
            insight["result"] = result
        }
        let metrics = try decodeDashboard(broken)
        #expect(metrics.skipped.contains { $0.reason == "result[0].days: period 2026-07-08 appears twice" })
    }

    @Test func unknownInsightKind_isSkippedWithTheKind() throws {
        let broken = try withInsight(0) { insight in
            insight["query"] = ["kind": "InsightVizNode", "source": ["kind": "PathsQuery"]]
        }
        let metrics = try decodeDashboard(broken)
        #expect(metrics.skipped.contains { $0.reason == "unsupported insight kind: InsightVizNode of PathsQuery" })
    }

    @Test func tileWithPostHogError_isSkipped() throws {
        var dashboard = try marketingDashboard()
        var tiles = dashboard["tiles"] as! [[String: Any]]
        tiles[2]["error"] = ["type": "ValidationError", "message": "insight query is invalid"]
        dashboard["tiles"] = tiles
        let metrics = try decodeDashboard(dashboard)
        #expect(metrics.skipped.contains { $0.reason == "ValidationError: insight query is invalid" })
    }

    @Test func dashboardThatIsNotAnObject_failsNamingSourceAndRoot() throws {
        let error = #expect(throws: PostHogError.self) {
            try PostHogClient.decode(Dashboard.self, from: Data("[1, 2]".utf8), source: Self.source)
        }
        #expect(error?.message.hasPrefix(Self.source + ": (root): expected") == true, "\(error?.message ?? "")")
    }
}
