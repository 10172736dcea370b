import DashbriefTestSupport
import Foundation
import Testing

@testable import PostHog

/// The simdjson reader gives exactly what Codable gives, on every dashboard body we hold, and
/// leaves to Codable what it does not read, so that errors keep their JSON paths.
@Suite struct FastDashboardReaderTests {
    /// Every JSON body in the repository's fixtures and in ../shared/posthog-shapes.
    static func bodies() throws -> [URL] {
        var roots = [TestPaths.fixtures, TestPaths.repositoryRoot.appendingPathComponent("Tests")]
        if TestPaths.sharedMaterialExpected { roots.append(TestPaths.posthogShapes) }
        return roots.flatMap { root in
            (FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? [])
                .filter { $0.pathExtension == "json" }
        }
    }

    @Test func everyDashboardBodyReadsAsCodableReadsIt() throws {
        var compared = 0
        var fast = 0
        for url in try Self.bodies() {
            let data = try Data(contentsOf: url)
            guard let expected = try? PostHogClient.decode(Dashboard.self, from: data, source: url.path) else {
                continue
            }
            compared += 1
            #expect(try Dashboard.decode(data, source: url.path) == expected, "\(url.path)")
            if let read = try? FastDashboardReader.read(data) {
                fast += 1
                #expect(read == expected, "\(url.path)")
            }
        }
        // The demo's two dashboards, the fixtures' dashboards and the shared dashboard shape.
        #expect(compared >= 5)
        #expect(fast == compared)
    }

    @Test func theDemoDashboardsTakeTheFastPath() throws {
        for id in [101, 102] {
            let url = TestPaths.demoSnapshot.appendingPathComponent("api/dashboards/\(id).json")
            let read = try FastDashboardReader.read(try Data(contentsOf: url))
            #expect(read.tiles.count > 3)
        }
    }

    /// Funnel and retention results are read off the tape like series; what Codable would reject
    /// or read differently (a mixed funnel, a step or cell without a count, a cohort without a
    /// date, a fractional order) leaves the reader, and the body reads as Codable reads it.
    @Test func funnelAndRetentionResultsReadAlike() throws {
        func body(_ source: String, _ result: String) -> Data {
            Data(
                """
                {"id": 7, "tiles": [{"id": 1, "insight": {"id": 11, "name": "Conversion",
                  "query": {"kind": "InsightVizNode", "source": {"kind": "\(source)"}}, "result": \(result)}}]}
                """.utf8)
        }
        let step = #"{"name": "signup", "custom_name": null, "order": 0, "count": 120"#
        let fast = [
            body(
                "FunnelsQuery",
                #"[\#(step), "average_conversion_time": 31.5, "median_conversion_time": null, "breakdown": ["US"], "#
                    + #""breakdown_value": 3}, {"name": "paid", "order": 1, "count": 38.0, "custom_name": "Paid"}]"#),
            body(
                "FunnelsQuery",
                #"[[\#(step), "breakdown_value": "Chrome"}], [\#(step), "breakdown_value": null}], []]"#),
            body("FunnelsQuery", "[]"),
            body(
                "RetentionQuery",
                #"[{"values": [{"count": 100}, {"count": 41, "label": "Day 1"}], "label": null, "#
                    + #""date": "2026-11-02T00:00:00+01:00", "breakdown_value": {"a": [1, "b"]}}, "#
                    + #"{"values": [], "date": "2026-11-03T00:00:00+01:00"}]"#),
        ]
        for data in fast {
            let expected = try PostHogClient.decode(Dashboard.self, from: data, source: "inline")
            #expect(try FastDashboardReader.read(data) == expected)
            guard case .insight(let insight) = expected.tiles.first?.content else {
                Issue.record("no insight")
                continue
            }
            #expect(insight.result.isAvailable)
        }
        let leftToCodable = [
            body("FunnelsQuery", #"[\#(step)}, [\#(step)}]]"#),
            body("FunnelsQuery", #"[{"name": "signup"}]"#),
            body("FunnelsQuery", #"[{"count": 3, "order": 1.0}]"#),
            body("RetentionQuery", #"[{"values": [{"count": 1}]}]"#),
            body("RetentionQuery", #"[{"values": [{"label": "Day 0"}], "date": "2026-11-02"}]"#),
        ]
        for data in leftToCodable {
            #expect(throws: FastDashboardReader.Unreadable.self) { try FastDashboardReader.read(data) }
            let expected = try? PostHogClient.decode(Dashboard.self, from: data, source: "inline")
            #expect((try? Dashboard.decode(data, source: "inline")) == expected)
        }
    }

    /// Series that repeat the periods of the series before them share its arrays (the same strings
    /// once unescaped); any difference (one day, one byte, counts for dates, labels on one side
    /// only, another length) reads its own.
    @Test func seriesShareThePeriodsOfTheSeriesBeforeOnlyWhenTheyAreTheSame() throws {
        let series = [
            #"{"data": [1, 2], "days": ["2026-11-01", "2026-11-02"], "labels": ["1-Nov", "2-Nov"]}"#,
            #"{"data": [3, 4], "days": ["2026-11-01", "2026-11-02"], "labels": ["1-Nov", "2-Nov"]}"#,
            #"{"data": [5, 6], "days": ["2026-11-01", "2026-11-03"], "labels": ["1-Nov", "2-Nov"]}"#,
            #"{"data": [7, 8], "days": ["2026-11-01", "2026-11-03"]}"#,
            #"{"data": [9, 1], "days": ["2026-11-01", "2026-11-\u00303"], "labels": ["1-Nov", "2-NoV"]}"#,
            #"{"data": [2, 3], "days": [1, 2], "labels": ["1-Nov", "2-NoV"]}"#,
            #"{"data": [4, 5], "days": ["1", "2"], "labels": ["1-Nov", "2-NoV", "3-Nov"]}"#,
            #"{"data": [6], "days": ["2026-11-01"], "labels": []}"#,
            #"{"data": [], "days": [], "labels": []}"#,
        ]
        let data = Data(
            """
            {"id": 7, "tiles": [{"id": 1, "insight": {"id": 11, "name": "Signups",
              "query": {"kind": "InsightVizNode", "source": {"kind": "TrendsQuery", "interval": "day"}},
              "result": [\(series.joined(separator: ", "))]}}]}
            """.utf8)
        let expected = try PostHogClient.decode(Dashboard.self, from: data, source: "inline")
        let read = try FastDashboardReader.read(data)
        #expect(read == expected)
        guard case .insight(let insight) = read.tiles.first?.content, case .series(let results) = insight.result else {
            Issue.record("no series")
            return
        }
        let firstDays: [String?] = Array(repeating: "2026-11-01", count: 5) + ["1", "1", "2026-11-01", nil]
        #expect(results.map { $0.days.first } == firstDays)
        #expect(results[4].days == ["2026-11-01", "2026-11-03"] && results[4].labels == ["1-Nov", "2-NoV"])
        #expect(results[3].labels == nil && results[6].labels?.count == 3 && results[7].labels == [])
        // Shared means one storage: the first two series' periods, the third's to fifth's days (the
        // fifth's escape unescapes to the same day), the fifth's and sixth's labels.
        func storage(_ strings: [String]?) -> UnsafeRawPointer? {
            strings?.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
        }
        #expect(storage(results[0].days) == storage(results[1].days))
        #expect(storage(results[0].labels) == storage(results[1].labels))
        #expect(storage(results[2].days) == storage(results[3].days))
        #expect(storage(results[3].days) == storage(results[4].days))
        #expect(storage(results[4].labels) == storage(results[5].labels))
        #expect(storage(results[1].days) != storage(results[2].days))
        #expect(storage(results[5].days) != storage(results[6].days))
    }

    /// Nulls in data, integer day counts, breakdown values of every JSON type, custom names.
    @Test func seriesFieldsOfEveryTypeReadAlike() throws {
        let body = """
            {"id": 7, "name": null, "tiles": [
              {"id": 2, "order": 1, "insight": {"id": 11, "name": "Signups",
                "query": {"kind": "InsightVizNode", "source": {"kind": "TrendsQuery", "interval": "day",
                  "series": [{"kind": "EventsNode", "event": "signup", "custom_name": "Sign-ups"}]}},
                "result": [
                  {"data": [1, null, 2.5, 1e3, -4], "days": ["2026-11-01", "2026-11-02", "2026-11-03",
                   "2026-11-04", "2026-11-05"], "labels": ["1-Nov", "2-Nov", "3-Nov", "4-Nov", "5-Nov"],
                   "count": 999.5, "label": "a \\"quoted\\" \\u00e9", "breakdown_value": ["x", 1, true, null],
                   "action": {"id": 42, "name": "signup", "custom_name": null, "order": 0, "math": "total"},
                   "order": 0, "compare_label": "current"},
                  {"data": [3], "days": [1], "breakdown_value": {"nested": [1.25]}, "status": "new"}
                ]}},
              {"id": 1, "order": 0, "insight": {"id": 12, "query": null, "result": null}}
            ]}
            """
        let data = Data(body.utf8)
        let expected = try PostHogClient.decode(Dashboard.self, from: data, source: "inline")
        #expect(try FastDashboardReader.read(data) == expected)
        #expect(expected.name == "Untitled" && expected.tiles.map(\.id) == [1, 2])
    }

    /// Negative zero keeps its sign (Equatable alone would not see it), and a repeated key inside
    /// a value read off the tape is left to Codable, which keeps the first.
    @Test func negativeZeroAndRepeatedKeysReadAlike() throws {
        func body(_ data: String, breakdown: String) -> Data {
            Data(
                """
                {"id": 7, "tiles": [{"id": 1, "insight": {"id": 11,
                  "query": {"kind": "InsightVizNode", "source": {"kind": "TrendsQuery"}},
                  "result": [{"data": \(data), "days": ["2026-11-01", "2026-11-02"], "breakdown_value": \(breakdown)}]}}]}
                """.utf8)
        }
        let zeros = body("[-0, -0.0]", breakdown: "\"x\"")
        let expected = try PostHogClient.decode(Dashboard.self, from: zeros, source: "inline")
        let read = try Dashboard.decode(zeros, source: "inline")
        func data(_ dashboard: Dashboard) -> [Double?] {
            guard case .insight(let insight) = dashboard.tiles[0].content, case .series(let series) = insight.result
            else { return [] }
            return series[0].data
        }
        #expect(data(expected).count == 2)
        #expect(data(read).map { $0?.sign } == data(expected).map { $0?.sign })
        let repeated = body("[1, 2]", breakdown: #"{"a": 1, "a": 2}"#)
        #expect(throws: FastDashboardReader.Unreadable.self) { try FastDashboardReader.read(repeated) }
        #expect(
            try Dashboard.decode(repeated, source: "inline")
                == (try PostHogClient.decode(Dashboard.self, from: repeated, source: "inline")))
    }

    @Test func textCardsButtonsAndTileErrorsReadAlike() throws {
        let body = """
            {"id": 7, "name": "D", "tiles": [
              {"id": 1, "text": {"body": "note"}}, {"id": 2, "text": {"body": null}}, {"id": 3, "button_tile": {}},
              {"id": 4, "error": {"type": "timeout", "message": "took too long"}, "insight": {"id": 5}},
              {"id": 6, "button_tile": null}
            ]}
            """
        let data = Data(body.utf8)
        let expected = try PostHogClient.decode(Dashboard.self, from: data, source: "inline")
        #expect(try FastDashboardReader.read(data) == expected)
        #expect(expected.tiles.count == 5)
    }

    /// What the fast reader does not take (here a result that is not numbers) goes to Codable,
    /// which keeps the rest of the dashboard and names the JSON path of the problem.
    @Test func whatItDoesNotReadGoesToCodableWithItsPath() throws {
        let body = """
            {"id": 7, "name": "D", "tiles": [
              {"id": 1, "text": {"body": "note"}},
              {"id": 2, "insight": {"id": 11, "query": {"kind": "InsightVizNode",
                "source": {"kind": "TrendsQuery"}}, "result": [{"data": ["many"], "days": ["2026-11-01"]}]}}
            ]}
            """
        let data = Data(body.utf8)
        #expect(throws: FastDashboardReader.Unreadable.self) { try FastDashboardReader.read(data) }
        let dashboard = try Dashboard.decode(data, source: "inline")
        #expect(dashboard == (try PostHogClient.decode(Dashboard.self, from: data, source: "inline")))
        guard case .malformed(let why) = dashboard.tiles[1].content else {
            Issue.record("expected the broken tile kept as malformed")
            return
        }
        #expect(why.contains("data[0]"), "\(why)")
    }

    @Test func bodyThatIsNotJSONNamesTheSource() {
        let error = #expect(throws: PostHogError.self) {
            try Dashboard.decode(Data("{\"id\": 1, \"tiles\": [".utf8), source: "snapshot/api/dashboards/1.json")
        }
        #expect(error?.message.contains("snapshot/api/dashboards/1.json") == true)
    }
}
