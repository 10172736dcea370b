import DashbriefTestSupport
import Foundation
import Testing

@testable import PostHog

/// SQL insights (HogQL `DataVisualizationNode` charts and `DataTableNode` tables) whose columns
/// include a date and numbers are time series, read like trends; other SQL tables stay tables.
@Suite struct SQLInsightTests {
    let normaliser = InsightNormaliser(now: PostHogFixtures.now)

    func series(
        _ fixture: String, normaliser: InsightNormaliser? = nil, edit: (inout [String: Any]) -> Void = { _ in }
    ) throws -> [TimeSeries] {
        let insight = try PostHogFixtures.insight(fixture, edit: edit)
        #expect(insight.kind == .table)
        guard case .series(let series) = try (normaliser ?? self.normaliser).metrics(for: insight).content else {
            Issue.record("\(fixture) should read as time series")
            return []
        }
        return series
    }

    func value(_ series: TimeSeries, on period: String) -> Double? {
        series.points.first { $0.period == period }?.value
    }

    /// Rewrites the rows of the fixture with `change` applied to each.
    static func rows(_ object: inout [String: Any], _ change: ([Any]) -> [Any]) {
        object["result"] = (object["result"] as? [[Any]] ?? []).map(change)
    }

    @Test func oneDateAndOneNumber_isOneDailySeries_keyedByItsColumn() throws {
        let series = try series("sql_daily_signups.json")
        #expect(series.count == 1)
        let signups = try #require(series.first)
        #expect(signups.name == "signups")
        #expect(signups.key.description == "col=signups")
        #expect(signups.interval == .day)
        #expect(signups.isCount)
        #expect(signups.points.count == 98)
        #expect(signups.points.first?.period == "2026-08-19")
        #expect(signups.completePoints.last?.period == "2026-11-23")
        #expect(signups.points.last?.isComplete == false, "2026-11-24 had not ended at last_refresh")
        #expect(value(signups, on: "2026-11-18") == 203)
    }

    @Test func severalNumericColumns_areOneSeriesEach_inDateOrder_withMissingDaysMissing() throws {
        let series = try series("sql_daily_columns.json")
        #expect(series.map(\.name) == ["pageviews", "visitors", "avg_session_seconds"])
        #expect(series.map(\.key.description) == ["col=pageviews", "col=visitors", "col=avg_session_seconds"])
        #expect(series.map(\.isCount) == [true, true, false], "Float64 averages are not counts")
        let visitors = series[1]
        // Rows came newest first; the day without a row (2026-09-15) is a missing value, not zero.
        #expect(visitors.points.count == 98)
        #expect(visitors.points.map(\.start) == visitors.points.map(\.start).sorted())
        let gap = try #require(visitors.points.first { $0.period == "2026-09-15" })
        #expect(gap.value == nil && gap.isComplete)
        #expect(value(series[2], on: "2026-10-02") == nil, "a null average is missing")
        // Local days across the end of DST (2026-11-01 is 25 hours long in Los Angeles).
        let periods = visitors.points.map(\.period)
        let dst = try #require(periods.firstIndex(of: "2026-11-01"))
        #expect(Array(periods[(dst - 1)...(dst + 1)]) == ["2026-10-31", "2026-11-01", "2026-11-02"])
        #expect(visitors.completePoints.last?.period == "2026-11-23")
        #expect(value(visitors, on: "2026-11-19") == 1922)
    }

    @Test func aTextColumn_isABreakdown_withAValuePerSeries() throws {
        let series = try series("sql_daily_breakdown.json")
        #expect(series.map(\.name) == ["google", "newsletter", "twitter", "None"])
        #expect(series.map(\.breakdown) == ["google", "newsletter", "twitter", "None"])
        #expect(
            series.map(\.key.description) == [
                "col=signups;b=google", "col=signups;b=newsletter", "col=signups;b=twitter", "col=signups;b=null",
            ])
        // Days bucketed in UTC stay those days in a Los Angeles project; the UTC day 2026-11-24
        // ends after last_refresh, so it is incomplete.
        let newsletter = series[1]
        #expect(newsletter.points.last?.period == "2026-11-24")
        #expect(newsletter.points.last?.isComplete == false)
        #expect(newsletter.completePoints.count == 97)
    }

    @Test func breakdownWithSeveralNumbers_namesColumnAndValue() throws {
        let series = try series("sql_daily_breakdown.json") { object in
            object["columns"] = ["day", "channel", "signups", "revenue"]
            object["types"] = [
                ["day", "DateTime('UTC')"], ["channel", "String"], ["signups", "UInt64"],
                ["revenue", "Decimal(18, 2)"],
            ]
            Self.rows(&object) { $0 + ["12.50"] }
        }
        #expect(series.count == 8)
        #expect(series.map(\.name).contains("revenue · newsletter"))
        #expect(series.map(\.key.description).contains("col=revenue;b=newsletter"))
        #expect(series.first { $0.name == "revenue · newsletter" }?.completePoints.first?.value == 12.5)
    }

    /// Period starts as PostHog may write them, with the ClickHouse type that gives each.
    static let dateForms: [(type: String, form: @Sendable (String) -> String)] = [
        ("Date", { $0 }),
        ("DateTime('UTC')", { "\($0)T00:00:00Z" }),
        ("DateTime", { "\($0) 00:00:00" }),
        ("DateTime64(6, 'UTC')", { "\($0)T00:00:00.000000Z" }),
        ("Nullable(DateTime('UTC'))", { "\($0)T00:00:00+00:00" }),
    ]

    @Test(arguments: dateForms.indices)
    func everyDateForm_givesTheSameSeries(form: Int) throws {
        let reference = try series("sql_daily_signups.json")
        let rewritten = try series("sql_daily_signups.json") { object in
            object["types"] = [["day", Self.dateForms[form].type], ["signups", "UInt64"]]
            Self.rows(&object) { [Self.dateForms[form].form($0[0] as! String), $0[1]] }
        }
        #expect(rewritten.map(MetricFingerprint.of) == reference.map(MetricFingerprint.of))
    }

    @Test func withoutTypes_orWithBareTypes_theValuesTell() throws {
        let reference = try series("sql_daily_signups.json").map(MetricFingerprint.of)
        #expect(try series("sql_daily_signups.json") { $0["types"] = NSNull() }.map(MetricFingerprint.of) == reference)
        #expect(
            try series("sql_daily_signups.json") { $0["types"] = ["Date", "UInt64"] }.map(MetricFingerprint.of)
                == reference)
    }

    @Test func hourlyWeeklyAndMonthlySpacing_setTheInterval() throws {
        func spaced(_ starts: [String]) throws -> TimeSeries {
            try #require(
                try series("sql_daily_signups.json") { object in
                    object["types"] = [["t", "DateTime('UTC')"], ["n", "UInt64"]]
                    object["result"] = starts.enumerated().map { [$0.element, 100 + $0.offset] }
                }.first)
        }
        let hourly = try spaced(["2026-11-24T20:00:00Z", "2026-11-24T21:00:00Z", "2026-11-24T23:00:00Z"])
        #expect(hourly.interval == .hour)
        #expect(
            hourly.points.map(\.period) == [
                "2026-11-24 20:00:00", "2026-11-24 21:00:00", "2026-11-24 22:00:00", "2026-11-24 23:00:00",
            ])
        #expect(hourly.points.map(\.isComplete) == [true, true, true, false])
        #expect(try spaced(["2026-11-02T00:00:00Z", "2026-11-09T00:00:00Z", "2026-11-23T00:00:00Z"]).interval == .week)
        let monthly = try spaced(["2026-09-01T00:00:00Z", "2026-10-01T00:00:00Z", "2026-11-01T00:00:00Z"])
        #expect(monthly.interval == .month)
        #expect(monthly.points.map(\.isComplete) == [true, true, false])
    }

    @Test func tableWithoutADate_staysATable_withItsColumnRoles() throws {
        let metrics = try normaliser.metrics(for: try PostHogFixtures.insight("sql_table_top_events.json"))
        guard case .table(let table) = metrics.content else {
            Issue.record("expected a table")
            return
        }
        #expect(table.columns == ["event", "count()", "per_person"])
        #expect(table.roles == [.other, .integer, .real])
        #expect(table.rows.count == 5)
    }

    @Test func rawTimestamps_orASingleDay_areNotATimeSeries() throws {
        for starts in [["2026-11-24T13:07:12.114Z", "2026-11-24T13:09:40.002Z"], ["2026-11-24", "2026-11-24"]] {
            let insight = try PostHogFixtures.insight("sql_daily_signups.json") { object in
                object["result"] = starts.map { [$0, 3] }
            }
            guard case .table = try normaliser.metrics(for: insight).content else {
                Issue.record("\(starts) should stay a table")
                continue
            }
        }
    }

    @Test func columnTypes_areReadThroughTheirWrappers() {
        #expect(Table.ColumnRole(clickHouseType: "Nullable(Float64)") == .real)
        #expect(Table.ColumnRole(clickHouseType: "LowCardinality(Nullable(String))") == .other)
        #expect(Table.ColumnRole(clickHouseType: "DateTime64(3, 'America/Los_Angeles')") == .date)
        #expect(Table.ColumnRole(clickHouseType: "Date32") == .date)
        #expect(Table.ColumnRole(clickHouseType: "Int128") == .integer)
        #expect(Table.ColumnRole(clickHouseType: "IntervalDay") == .other)
        #expect(Table.ColumnRole(clickHouseType: "Bool") == .other)
        #expect(Table.ColumnRole(clickHouseType: "") == nil)
    }

    @Test func twoRowsForOnePeriod_skipTheInsight_namingTheRow() throws {
        let insight = try PostHogFixtures.insight("sql_daily_signups.json") { object in
            var rows = object["result"] as? [[Any]] ?? []
            rows[5][0] = rows[4][0]
            object["result"] = rows
        }
        let error = #expect(throws: NormalisationError.self) { try normaliser.metrics(for: insight) }
        #expect(error?.reason.hasPrefix("result[5]: period 2026-08-23 appears twice") == true, "\(error?.reason ?? "")")
    }

    @Test func aTextInANumericColumn_skipsTheInsight_withItsPath() throws {
        let insight = try PostHogFixtures.insight("sql_daily_signups.json") { object in
            var rows = object["result"] as? [[Any]] ?? []
            rows[3][1] = "lots"
            object["result"] = rows
        }
        let error = #expect(throws: NormalisationError.self) { try normaliser.metrics(for: insight) }
        #expect(error?.reason == "result[3][1]: expected a number, found \"lots\"")
    }

    @Test func aResultCutShort_isSkipped_sinceAnyPeriodMayBeMissing() throws {
        let insight = try PostHogFixtures.insight("sql_daily_breakdown.json") { $0["hasMore"] = true }
        let error = #expect(throws: NormalisationError.self) { try normaliser.metrics(for: insight) }
        #expect(error?.reason.contains("hasMore") == true)
    }

    @Test(arguments: [false, true])
    func aResultRefetchedThroughQuery_keepsItsHasMore(hasMore: Bool) async throws {
        let missing = try PostHogFixtures.insight("sql_daily_signups.json") { $0["result"] = NSNull() }
        let fixture = try PostHogFixtures.json("sql_daily_signups.json")
        var answer = ["columns": fixture["columns"]!, "types": fixture["types"]!, "results": fixture["result"]!]
        answer["hasMore"] = hasMore
        let body = String(decoding: try JSONSerialization.data(withJSONObject: answer), as: UTF8.self)
        let transport = StubTransport { request in
            request.method == "POST"
                ? StubTransport.json(body, for: request)
                : StubTransport.json(#"{"id": 3101, "result": null}"#, for: request)
        }
        let client = PostHogClient(
            transport: transport, baseURL: URL(string: "https://us.posthog.com")!, projectID: "7")
        let refetched = try await client.complete(missing, history: .tilesOnly)
        #expect(refetched.hasMore == hasMore)
        if hasMore {
            #expect(throws: NormalisationError.self) { try normaliser.metrics(for: refetched) }
        } else {
            #expect(
                try series("sql_daily_signups.json").map(MetricFingerprint.of) == [
                    MetricFingerprint.of(try #require(series(refetched).first))
                ])
        }
    }

    func series(_ insight: Insight) throws -> [TimeSeries] {
        guard case .series(let series) = try normaliser.metrics(for: insight).content else { return [] }
        return series
    }

    @Test func seriesOfZeros_areData_notAnEmptyResult() throws {
        let series = try series("sql_daily_signups.json") { object in Self.rows(&object) { [$0[0], 0] } }
        #expect(series[0].completePoints.allSatisfy { $0.value == 0 })
    }

    @Test func asOfAnEarlierDay_aSQLSeriesIsCutBack_butATableIsSkipped() throws {
        let earlier = InsightNormaliser(now: Timestamp.instant("2026-11-20T08:00:00Z")!)
        let signups = try #require(try series("sql_daily_signups.json", normaliser: earlier).first)
        #expect(signups.points.last?.period == "2026-11-20")
        #expect(signups.points.last?.value == nil, "the day under way has no value yet")
        #expect(signups.completePoints.last?.period == "2026-11-19")

        let table = try PostHogFixtures.insight("sql_table_top_events.json")
        let error = #expect(throws: NormalisationError.self) { try earlier.metrics(for: table) }
        #expect(error?.reason.contains("total the whole recorded range") == true)
    }
}
