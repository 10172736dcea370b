import DashbriefTestSupport
import Foundation
import Testing

@testable import PostHog

/// An insight whose `result` is `[]` had no data in its range: it is listed as such, never
/// dropped and never read as zero.
@Suite struct EmptyResultTests {
    let normaliser = InsightNormaliser(now: PostHogFixtures.now)

    @Test func everyKindOfEmptyResult_isSkippedAsNoDataInTheRange() throws {
        let dashboard = try PostHogFixtures.dashboard("dashboard_empty_results.json")
        let metrics = normaliser.metrics(for: dashboard)
        #expect(metrics.insights.isEmpty)
        #expect(metrics.skipped.count == dashboard.tiles.count)
        #expect(
            metrics.skipped.map(\.insight) == [
                "Exports (nothing tracked yet)", "Refunds (SQL)", "Checkout funnel", "Buyer retention",
                "Buyer lifecycle", "Buyer stickiness", "Purchases this week",
            ])
        for skip in metrics.skipped {
            #expect(skip.reason == "no data in the range: PostHog returned an empty result", "\(skip.insight)")
        }
    }

    @Test func emptyQueryAnswer_isEmptyToo() throws {
        let body = Data(
            #"{"results": [], "columns": ["day", "refunds"], "types": [["day", "Date"]], "hasMore": false}"#.utf8)
        let response = try QueryResponse.decode(body, kind: .table, source: "query")
        #expect(response.result.isEmpty)
        #expect(!InsightResult.table(rows: [[.string("2026-11-24"), .number(0)]]).isEmpty)
    }

}
