import DashbriefTestSupport
import Foundation
import Testing

@testable import PostHog

/// Insights that carry only legacy `filters` (older self-hosted PostHog) are read exactly like
/// the query PostHog would convert them to: the result shapes are the same.
@Suite struct LegacyFiltersTests {
    static let fixture = "legacy_filters_dashboard.json"
    let normaliser = InsightNormaliser(now: PostHogFixtures.now)

    static func viz(_ source: [String: Any]) -> [String: Any] { ["kind": "InsightVizNode", "source": source] }

    static func events(_ names: String...) -> [[String: Any]] {
        names.map { ["kind": "EventsNode", "event": $0, "name": $0] }
    }

    /// The query each legacy insight of the fixture stands for, as PostHog's `query_from_filters`
    /// would write it (only the fields that decide how a result is read).
    static var twins: [Int: [String: Any]] {
        [
            3301: viz([
                "kind": "TrendsQuery", "interval": "day",
                "series": [
                    ["kind": "EventsNode", "event": "$pageview", "name": "$pageview", "math": "total"],
                    ["kind": "ActionsNode", "id": 12, "name": "Signed up", "custom_name": "Signups", "math": "dau"],
                ],
                "breakdownFilter": ["breakdown": "$browser", "breakdown_type": "event"],
                "trendsFilter": ["display": "ActionsLineGraph"],
            ]),
            3302: viz([
                "kind": "TrendsQuery", "series": events("$pageview"), "trendsFilter": ["display": "BoldNumber"],
            ]),
            3303: viz([
                "kind": "TrendsQuery", "interval": "hour", "series": events("$exception"),
                "trendsFilter": ["display": "ActionsBar"],
            ]),
            3304: viz(["kind": "LifecycleQuery", "interval": "day", "series": events("$pageview")]),
            3305: viz(["kind": "LifecycleQuery", "interval": "day", "series": events("$pageview")]),
            3306: viz(["kind": "RetentionQuery", "retentionFilter": ["period": "Week", "totalIntervals": 4]]),
            3307: viz([
                "kind": "StickinessQuery", "interval": "day",
                "series": [["kind": "EventsNode", "event": "$pageview", "name": "$pageview", "custom_name": "Visits"]],
            ]),
            3308: viz([
                "kind": "FunnelsQuery",
                "series": events("$pageview", "signup_started")
                    + [
                        [
                            "kind": "EventsNode", "event": "signed_up", "name": "signed_up",
                            "custom_name": "Completed signup",
                        ]
                    ],
                "funnelsFilter": ["funnelVizType": "steps"],
            ]),
            3309: viz([
                "kind": "FunnelsQuery", "interval": "day", "series": events("$pageview", "signup_started", "signed_up"),
                "funnelsFilter": ["funnelVizType": "trends"],
            ]),
        ]
    }

    static let expectedKinds: [Int: InsightKind] = [
        3301: .trends, 3302: .aggregate, 3303: .trends, 3304: .lifecycle, 3305: .lifecycle, 3306: .retention,
        3307: .stickiness, 3308: .funnel, 3309: .funnelTrends,
    ]

    /// The fixture's insight `id` as JSON, with `filters` and no `query`.
    static func legacyJSON(_ id: Int) throws -> [String: Any] {
        let tiles = try #require(try PostHogFixtures.json(fixture)["tiles"] as? [[String: Any]])
        return try #require(tiles.compactMap { $0["insight"] as? [String: Any] }.first { $0["id"] as? Int == id })
    }

    static func insight(_ object: [String: Any]) throws -> Insight {
        try PostHogFixtures.decode(object, as: Insight.self, source: fixture)
    }

    @Test(arguments: expectedKinds.keys.sorted())
    func legacyInsight_readsLikeItsQueryEquivalent(id: Int) throws {
        let legacyObject = try Self.legacyJSON(id)
        #expect(legacyObject["query"] is NSNull)
        var twinObject = legacyObject
        twinObject["filters"] = [String: Any]()
        twinObject["query"] = Self.twins[id]
        let legacy = try Self.insight(legacyObject)
        let twin = try Self.insight(twinObject)
        #expect(legacy.kind == Self.expectedKinds[id])
        #expect(legacy.kind == twin.kind)
        #expect(legacy.rawQuery == nil, "a query rebuilt from filters is never sent to PostHog")
        let read = try normaliser.metrics(for: legacy)
        let readTwin = try normaliser.metrics(for: twin)
        #expect(MetricFingerprint.of(read.content) == MetricFingerprint.of(readTwin.content))
        #expect(!MetricFingerprint.of(read.content).isEmpty)
    }

    @Test func legacyTrends_keepSeriesOrderBreakdownsAndCustomNames() throws {
        let metrics = try normaliser.metrics(for: try Self.insight(try Self.legacyJSON(3301)))
        guard case .series(let series) = metrics.content else {
            Issue.record("expected series")
            return
        }
        #expect(series.map(\.name).contains("Signups · Chrome"))
        #expect(series.map(\.name).contains("$pageview · Other"))
        #expect(series.map(\.key.description).contains("s=1;b=Chrome"))
        #expect(series.allSatisfy { $0.interval == .day && $0.points.count == 8 && $0.completePoints.count == 7 })
    }

    @Test func legacyIntervalAndRetentionPeriod_areRead() throws {
        let hourly = try normaliser.metrics(for: try Self.insight(try Self.legacyJSON(3303)))
        guard case .series(let series) = hourly.content else {
            Issue.record("expected series")
            return
        }
        #expect(series[0].interval == .hour)
        #expect(series[0].points.first?.period == "2026-11-24 16:00:00")
        #expect(series[0].points.last?.isComplete == false)

        let retention = try normaliser.metrics(for: try Self.insight(try Self.legacyJSON(3306)))
        guard case .retention(let matrix) = retention.content else {
            Issue.record("expected retention")
            return
        }
        #expect(matrix.period == .week)
        #expect(matrix.cohorts.map(\.label) == ["2026-11-01", "2026-11-08", "2026-11-15", "2026-11-22"])
    }

    @Test func legacyPaths_andUnknownKinds_areSkippedWithTheKind() throws {
        let dashboard = normaliser.metrics(for: try PostHogFixtures.dashboard(Self.fixture))
        #expect(dashboard.insights.count == 9)
        #expect(
            dashboard.skipped == [
                Skipped(insight: "Paths from pricing", reason: "unsupported insight kind: InsightVizNode of PathsQuery")
            ])

        var sessions = try Self.legacyJSON(3310)
        sessions["filters"] = ["insight": "SESSIONS", "session": "avg"]
        let error = #expect(throws: NormalisationError.self) {
            try normaliser.metrics(for: try Self.insight(sessions))
        }
        #expect(error?.reason == "unsupported insight kind: legacy SESSIONS filters")
    }

    @Test func filtersWithSeriesButNoKind_areTrends_asPostHogDefaulted() throws {
        var object = try Self.legacyJSON(3301)
        var filters = try #require(object["filters"] as? [String: Any])
        filters["insight"] = nil
        object["filters"] = filters
        #expect(try Self.insight(object).kind == .trends)
    }
}

/// A text form of normalised content that holds every value, name, key and flag, so that two
/// readings can be compared whole.
enum MetricFingerprint {
    static func of(_ content: MetricContent) -> [String] {
        switch content {
        case .series(let series): return series.map(of)
        case .aggregates(let values): return values.map { "\($0.name)|\($0.breakdown ?? "-")|\($0.value)" }
        case .funnel(let funnels):
            return funnels.map { funnel in
                "\(funnel.breakdown ?? "-")|\(funnel.breakdownKey ?? "-")|"
                    + funnel.steps.map {
                        "\($0.name)=\($0.count)/\(String(describing: $0.averageConversionTime))"
                            + "/\(String(describing: $0.medianConversionTime))"
                    }.joined(separator: ",")
            }
        case .retention(let matrix):
            return matrix.cohorts.map {
                "\(matrix.period)|\($0.label)|\($0.breakdown ?? "-")|\($0.cells.map { String(describing: $0) })"
            }
        case .lifecycle(let lifecycle):
            return [lifecycle.new, lifecycle.returning, lifecycle.resurrecting, lifecycle.dormant].map(of)
        case .stickiness(let items):
            return items.map { "\($0.name)|" + $0.buckets.map { "\($0.label)=\($0.count)" }.joined(separator: ",") }
        case .table(let table):
            return ["\(table.columns)|\(table.types)|\(table.roles)"] + table.rows.map { "\($0)" }
        }
    }

    static func of(_ series: TimeSeries) -> String {
        "\(series.key)|\(series.name)|\(series.breakdown ?? "-")|\(series.interval)|\(series.measure ?? "-")|"
            + series.points.map {
                "\($0.period)=\($0.value.map { String($0) } ?? "nil")\($0.isComplete ? "" : "*")"
            }.joined(separator: ",")
    }
}
