import DashbriefTestSupport
import Foundation
import Testing

@testable import PostHog

/// A series' key, which finding ids are built from, comes from what PostHog says the series is
/// (its order, event, breakdown value, compare label), never from its name.
@Suite struct SeriesIdentityTests {
    static let normaliser = InsightNormaliser(now: Timestamp.instant("2026-11-24T23:12:07.482Z")!)

    /// The demo's insight `id`, with `edit` applied to its JSON first.
    static func series(_ id: Int, edit: (inout [String: Any]) -> Void = { _ in }) throws -> [TimeSeries] {
        let url = TestPaths.demoSnapshot.appendingPathComponent("api/insights/\(id).json")
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        edit(&object)
        let data = try JSONSerialization.data(withJSONObject: object)
        let insight = try PostHogClient.decode(Insight.self, from: data, source: url.path)
        guard case .series(let series) = try normaliser.metrics(for: insight).content else {
            Issue.record("insight \(id) is not a time series")
            return []
        }
        return series
    }

    /// Applies `change` to every result row.
    static func rows(_ object: inout [String: Any], _ change: (inout [String: Any]) -> Void) {
        var rows = object["result"] as? [[String: Any]] ?? []
        for index in rows.indices { change(&rows[index]) }
        object["result"] = rows
    }

    @Test func renamingAMetricInPostHog_keepsItsKey() throws {
        let before = try Self.series(2002)
        let after = try Self.series(2002) { object in
            Self.rows(&object) { row in
                var action = row["action"] as? [String: Any] ?? [:]
                action["custom_name"] = "Sign-ups (renamed!)"
                row["action"] = action
            }
        }
        #expect(before.map(\.key) == after.map(\.key))
        #expect(before.map(\.key.description).contains("s=0;b=google"))
    }

    @Test func withoutAnOrder_theEventIdentifiesTheSeries_notItsRankInTheResult() throws {
        func withoutOrder(_ object: inout [String: Any]) {
            Self.rows(&object) { row in
                row["order"] = nil
                var action = row["action"] as? [String: Any] ?? [:]
                action["order"] = nil
                row["action"] = action
            }
        }
        let ranked = try Self.series(2002, edit: withoutOrder)
        let reranked = try Self.series(2002) { object in
            withoutOrder(&object)
            object["result"] = (object["result"] as? [Any]).map { Array($0.reversed()) }  // PostHog re-ranked by volume
        }
        #expect(Set(ranked.map(\.key)) == Set(reranked.map(\.key)))
        #expect(ranked.map(\.key.description).contains("e=signed_up;b=google"))
    }

    @Test func multiPropertyBreakdowns_neverShareAKey() {
        let values: [JSONValue] = [
            .array([.string("a"), .null]), .array([.string("a")]), .array([.string("a::b")]),
            .array([.string("a"), .string("b")]),
        ]
        let keys = values.compactMap { Breakdown.keyText($0) }
        #expect(Set(keys).count == values.count, "\(keys)")
        #expect(Breakdown.keyText(.string(Breakdown.other)) == Breakdown.other)  // the sentinel, not "Other"
    }
}
