import DashbriefTestSupport
import Foundation
import Testing

@testable import PostHog

/// Queries and `/query/` answers read off simdjson's tape give exactly what Codable gives, and
/// whatever Codable might read otherwise is left to it.
@Suite struct QueryFastReadingTests {
    static let kinds: [InsightKind] = [
        .trends, .aggregate, .funnel, .funnelTrends, .retention, .lifecycle, .stickiness, .table, .unsupported("paths"),
    ]

    static func same(_ a: QueryResponse, _ b: QueryResponse) -> Bool {
        a.result == b.result && a.columns == b.columns && a.types == b.types && a.hasMore == b.hasMore
    }

    /// Every recorded answer (the demo's and ../shared's), read as every kind: where Codable reads
    /// it, the fast reader reads it the same or declines, and `decode` always matches Codable.
    @Test func everyRecordedAnswerReadsAsCodableReadsIt() throws {
        func answers(in directory: URL, named prefix: String = "") -> [URL] {
            ((try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)) ?? [])
                .filter { $0.pathExtension == "json" && $0.lastPathComponent.hasPrefix(prefix) }
        }
        var urls = answers(in: TestPaths.demoSnapshot.appendingPathComponent("api/query"))
        if TestPaths.sharedMaterialExpected { urls += answers(in: TestPaths.posthogShapes, named: "query_") }
        var fast = 0
        for url in urls {
            let data = try Data(contentsOf: url)
            for kind in Self.kinds {
                guard let expected = try? QueryResponse.decodedByCodable(data, kind: kind, source: url.path) else {
                    #expect((try? QueryResponse.decode(data, kind: kind, source: url.path)) == nil)
                    continue
                }
                #expect(
                    Self.same(try QueryResponse.decode(data, kind: kind, source: url.path), expected), "\(url.path)")
                if let read = try? FastDashboardReader.queryResponse(data, kind: kind) {
                    fast += 1
                    #expect(Self.same(read, expected), "\(url.path) as \(kind)")
                }
            }
        }
        // The demo's four history and previous-period answers, at least, take the fast path.
        #expect(urls.count >= 4 && fast >= 4)
    }

    @Test func fieldsAroundTheResultsReadAlike() throws {
        let series = #"[{"data": [1, null], "days": ["2026-11-01", "2026-11-02"], "labels": ["a", "b"]}]"#
        let bodies = [
            #"{"results": \#(series), "columns": ["a", "b"], "hasMore": true, "types": null}"#,
            #"{"results": \#(series), "hasMore": "yes"}"#,
            #"{"results": \#(series), "hasMore": null, "columns": null, "is_cached": false}"#,
            #"{"results": []}"#,
        ]
        for body in bodies {
            let data = Data(body.utf8)
            let expected = try QueryResponse.decodedByCodable(data, kind: .trends, source: "inline")
            #expect(Self.same(try FastDashboardReader.queryResponse(data, kind: .trends), expected), "\(body)")
        }
        let declined = [
            #"{"results": \#(series), "types": [["a", "String"]]}"#,
            #"{"results": null}"#,
            #"{"columns": []}"#,
            #"{"results": \#(series), "columns": [1]}"#,
            #"[]"#,
        ]
        for body in declined {
            let data = Data(body.utf8)
            #expect(throws: FastDashboardReader.Unreadable.self) {
                try FastDashboardReader.queryResponse(data, kind: .trends)
            }
            let expected = try? QueryResponse.decodedByCodable(data, kind: .trends, source: "inline")
            let decoded = try? QueryResponse.decode(data, kind: .trends, source: "inline")
            switch (decoded, expected) {
            case (nil, nil): break
            case (let decoded?, let expected?): #expect(Self.same(decoded, expected), "\(body)")
            default: Issue.record("decode and Codable differ on \(body)")
            }
        }
    }

    /// Every insight's query in the dashboards and insights we hold reads as `InsightQuery`
    /// decodes it, off the tape.
    @Test func everyRecordedQueryReadsAsCodableReadsIt() throws {
        var compared = 0
        for url in try FastDashboardReaderTests.bodies() {
            let data = try Data(contentsOf: url)
            guard let document = try? FastJSONDocument(data) else { continue }
            try document.withRoot { (root) throws(FastDashboardReader.Unreadable) in
                for query in Self.queries(in: root) {
                    guard let expected = try? JSONDecoder().decode(InsightQuery.self, from: try query.minified()) else {
                        continue
                    }
                    compared += 1
                    let fast = try? FastDashboardReader.query(query)
                    #expect(fast == expected, "\(url.path)")
                }
            }
        }
        #expect(compared >= 10)
    }

    /// Values of members named `query` that are objects, anywhere in the document.
    static func queries(in value: FastJSON.Value) -> [FastJSON.Value] {
        if value.isArray { return ((try? value.array()) ?? []).flatMap(queries(in:)) }
        guard let object = try? value.object() else { return [] }
        return object.fields.flatMap { field -> [FastJSON.Value] in
            let member = FastJSON.Value(raw: field.value)
            let isQuery = FastJSON.Object.key(field) == "query" && (try? member.object()) != nil
            return (isQuery ? [member] : []) + queries(in: member)
        }
    }

    /// A query the tape reader declines but Codable reads (an integer written with a fraction)
    /// is decoded by Codable on its own: the rest of the dashboard is still read off the tape, and
    /// the dashboard reads as Codable reads it. A query with a repeated key is the whole body's
    /// to Codable (the raw query, a `JSONValue`, declines it too), which reads it alike.
    @Test func aDeclinedQueryLeavesTheRestOfTheDashboardFast() throws {
        func dashboard(_ query: String) -> Data {
            Data(
                """
                {"id": 7, "tiles": [{"id": 1, "insight": {"id": 11, "name": "Conversion", "query": \(query),
                  "result": [{"name": "signup", "order": 0, "count": 120}, {"name": "paid", "order": 1, "count": 38}]}}]}
                """.utf8)
        }
        func declined(_ query: String) -> Bool {
            (try? FastJSONDocument(Data(query.utf8)).withRoot { (root) throws(FastDashboardReader.Unreadable) in
                try FastDashboardReader.query(root)
            }) == nil
        }
        let fraction =
            #"{"kind": "InsightVizNode", "source": {"kind": "FunnelsQuery", "funnelsFilter": {"funnelFromStep": 1.0}}}"#
        #expect(declined(fraction))
        #expect(
            try JSONDecoder().decode(InsightQuery.self, from: Data(fraction.utf8)).source?.funnelsFilter?.funnelFromStep
                == 1)
        let expected = try PostHogClient.decode(Dashboard.self, from: dashboard(fraction), source: "inline")
        #expect(try FastDashboardReader.read(dashboard(fraction)) == expected)

        let repeated =
            #"{"kind": "InsightVizNode", "source": {"kind": "FunnelsQuery", "interval": "day", "interval": "week"}}"#
        #expect(declined(repeated))
        #expect(throws: FastDashboardReader.Unreadable.self) { try FastDashboardReader.read(dashboard(repeated)) }
        let codable = try PostHogClient.decode(Dashboard.self, from: dashboard(repeated), source: "inline")
        #expect(try Dashboard.decode(dashboard(repeated), source: "inline") == codable)
    }

    @Test func queriesCodableMightReadOtherwiseAreLeftToIt() throws {
        let read = [
            #"{"kind": "InsightVizNode", "source": {"kind": "FunnelsQuery", "funnelsFilter": {"funnelFromStep": 0, "#
                + #""funnelToStep": 2, "funnelVizType": "steps"}, "breakdownFilter": {"breakdown": ["$browser", 3], "#
                + #""breakdown_type": "event"}, "series": [{"kind": "EventsNode", "event": "signup", "name": "Sign-up", "#
                + #""custom_name": "X", "math": "dau"}, {"kind": "ActionsNode", "event": null}]}}"#,
            #"{"kind": "DataVisualizationNode", "source": {"kind": "HogQLQuery", "query": "select 1"}, "full": true}"#,
            #"{"kind": "InsightVizNode", "source": {"kind": "RetentionQuery", "retentionFilter": {"period": "Week", "#
                + #""totalIntervals": 8}, "trendsFilter": {"display": null}, "interval": "week"}}"#,
            #"{"kind": "InsightVizNode", "source": null}"#,
        ]
        for body in read {
            let data = Data(body.utf8)
            let expected = try JSONDecoder().decode(InsightQuery.self, from: data)
            let fast = try FastJSONDocument(data).withRoot { (root) throws(FastDashboardReader.Unreadable) in
                try FastDashboardReader.query(root)
            }
            #expect(fast == expected, "\(body)")
        }
        let declined = [
            #"{"kind": "InsightVizNode", "source": {"kind": "FunnelsQuery", "funnelsFilter": {"funnelFromStep": 1.0}}}"#,
            #"{"kind": "InsightVizNode", "source": {"kind": "TrendsQuery", "interval": 5}}"#,
            #"{"source": {"kind": "TrendsQuery"}}"#,
            #"{"kind": "InsightVizNode", "source": {"kind": "TrendsQuery", "series": {"kind": "EventsNode"}}}"#,
        ]
        for body in declined {
            #expect(throws: FastDashboardReader.Unreadable.self) {
                try FastJSONDocument(Data(body.utf8)).withRoot { (root) throws(FastDashboardReader.Unreadable) in
                    try FastDashboardReader.query(root)
                }
            }
        }
    }
}
