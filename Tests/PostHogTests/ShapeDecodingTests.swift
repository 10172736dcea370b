import DashbriefTestSupport
import Foundation
import Testing

@testable import PostHog

/// Every response shape recorded in ../shared/posthog-shapes decodes, and normalises to the
/// metrics its values imply.
@Suite(.enabled(if: TestPaths.sharedMaterialExpected, "needs ../shared/posthog-shapes"))
struct ShapeDecodingTests {
    static func load<T: Decodable>(_ name: String, as type: T.Type = T.self) throws -> T {
        let url = TestPaths.posthogShapes.appendingPathComponent(name)
        return try PostHogClient.decode(type, from: try Data(contentsOf: url), source: url.path)
    }

    /// "Now" of the shapes: 2025-06-09 ~14:03 UTC (their README).
    let normaliser = InsightNormaliser(now: Timestamp.instant("2025-06-09T14:03:11.482Z")!)

    @Test func dashboardsList_decodesPageWithNext() throws {
        let page = try Self.load("dashboards_list.json", as: Page<DashboardSummary>.self)
        #expect(page.results.map(\.name) == ["Growth KPIs", "Web analytics"])
        #expect(page.next == "https://us.posthog.com/api/projects/12345/dashboards/?limit=2&offset=2")
        #expect(page.count == 3)
    }

    @Test func dashboardDetail_decodesInsightAndTextTiles() throws {
        let dashboard = try Self.load("dashboard_detail.json", as: Dashboard.self)
        #expect(dashboard.tiles.count == 2)
        let metrics = normaliser.metrics(for: dashboard)
        #expect(metrics.notes == ["Targets: WAU > 1,500; signup conversion > 25%."])
        guard case .aggregates(let values) = metrics.insights.first?.content else {
            Issue.record("BoldNumber tile should normalise to an aggregate")
            return
        }
        #expect(values.map(\.value) == [1842])
    }

    @Test func trendsInsight_marksTodayIncompleteAndUsesCustomName() throws {
        let insight = try Self.load("trends_insight.json", as: Insight.self)
        let metrics = try normaliser.metrics(for: insight)
        guard case .series(let series) = metrics.content else {
            Issue.record("expected series")
            return
        }
        #expect(series.map(\.name) == ["$pageview", "Signups"])
        #expect(series[0].points.count == 8)
        #expect(series[0].completePoints.count == 7)
        #expect(series[0].points.last?.isComplete == false)
        #expect(series[0].points.last?.period == "2025-06-09")
        #expect(series[1].completePoints.compactMap(\.value) == [41, 38, 47, 52, 36, 12, 9])
    }

    @Test func breakdownInsightList_mapsOtherSentinel() throws {
        let page = try Self.load("insights_list_short_id.json", as: Page<Insight>.self)
        let metrics = try normaliser.metrics(for: try #require(page.results.first))
        guard case .series(let series) = metrics.content else {
            Issue.record("expected series")
            return
        }
        #expect(series.map(\.name) == ["Chrome", "Safari", "Other"])
        #expect(series.map(\.breakdown) == ["Chrome", "Safari", "Other"])
    }

    @Test func funnelInsight_readsStepsInOrder() throws {
        let metrics = try normaliser.metrics(for: try Self.load("funnel_insight.json", as: Insight.self))
        guard case .funnel(let funnels) = metrics.content else {
            Issue.record("expected funnel")
            return
        }
        #expect(funnels.count == 1)
        #expect(funnels[0].steps.map(\.count) == [1000, 420, 261])
        #expect(funnels[0].steps.map(\.name) == ["$pageview", "signup_started", "Completed signup"])
        #expect(funnels[0].steps[0].averageConversionTime == nil)
    }

    @Test func retentionInsight_treatsFutureAndCurrentCellsAsMissing() throws {
        let metrics = try normaliser.metrics(for: try Self.load("retention_insight.json", as: Insight.self))
        guard case .retention(let matrix) = metrics.content else {
            Issue.record("expected retention")
            return
        }
        #expect(matrix.period == .week)
        // Weeks start 05-18, 05-25, 06-01, 06-08; now is 06-09, so only weeks ending by then count.
        #expect(
            matrix.cohorts.map(\.cells) == [
                [412, 188, 143, nil], [398, 176, nil, nil], [455, nil, nil, nil], [nil, nil, nil, nil],
            ])
        #expect(matrix.cohorts.last?.size == nil)
    }

    @Test func lifecycleInsight_keepsFourStatusesWithDormantNegative() throws {
        let metrics = try normaliser.metrics(for: try Self.load("lifecycle_insight.json", as: Insight.self))
        guard case .lifecycle(let lifecycle) = metrics.content else {
            Issue.record("expected lifecycle")
            return
        }
        #expect(lifecycle.new.points.count == 8)
        #expect(lifecycle.dormant.points.compactMap(\.value).allSatisfy { $0 < 0 })
        #expect(lifecycle.returning.points.first?.value == 310)
    }

    @Test func stickinessInsight_readsIntegerDays() throws {
        let metrics = try normaliser.metrics(for: try Self.load("stickiness_insight.json", as: Insight.self))
        guard case .stickiness(let items) = metrics.content else {
            Issue.record("expected stickiness")
            return
        }
        #expect(items[0].buckets.map(\.label).prefix(2) == ["1 day", "2 days"])
        #expect(items[0].buckets.map(\.count).reduce(0, +) == 1510)
    }

    /// The two /query/ responses carry `results` instead of `result`; their row shapes are the
    /// ones insights use, so the same result types read them.
    @Test func queryResponses_decodeWithTheInsightResultTypes() throws {
        struct QueryResponse<Row: Decodable>: Decodable {
            var results: [Row]
            var columns: [String]?
        }
        let funnelTrends = try Self.load("query_funnel_trends_response.json", as: QueryResponse<SeriesResult>.self)
        #expect(funnelTrends.results.first?.data.first == 24.31)
        let hogql = try Self.load("query_hogql_response.json", as: QueryResponse<[JSONValue]>.self)
        #expect(hogql.columns == ["event", "count()"])
        #expect(hogql.results.first == [.string("$pageview"), .number(12821)])
    }
}
