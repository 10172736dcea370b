import DashbriefTestSupport
import Foundation
import Testing

@testable import PostHog

/// Every insight in the bundled demo snapshot decodes and normalises (or is skipped for the
/// reason it was built to be skipped for).
@Suite struct DemoSnapshotDecodingTests {
    static let insightFiles: [String] = {
        let directory = TestPaths.demoSnapshot.appendingPathComponent("api/insights")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted()
    }()

    static let normaliser = InsightNormaliser(now: Timestamp.instant("2026-11-24T23:12:07.482Z")!)

    static func insight(_ file: String) throws -> Insight {
        let url = TestPaths.demoSnapshot.appendingPathComponent("api/insights/\(file)")
        return try PostHogClient.decode(Insight.self, from: try Data(contentsOf: url), source: url.path)
    }

    @Test func snapshotHasAtLeastTwelveInsights() {
        #expect(Self.insightFiles.count >= 12)
    }

    @Test(arguments: insightFiles)
    func demoInsight_decodesAndNormalises(file: String) throws {
        let insight = try Self.insight(file)
        if insight.id == 2007 {
            #expect(throws: NormalisationError.self) { try Self.normaliser.metrics(for: insight) }
            return
        }
        let metrics = try Self.normaliser.metrics(for: insight)
        #expect(metrics.timezone.identifier == "America/Los_Angeles")
        if case .series(let series) = metrics.content {
            for item in series {
                #expect(item.points.last?.isComplete == false, "the recording day is incomplete")
                #expect(item.points.dropLast().allSatisfy { $0.isComplete })
            }
        }
    }

    @Test func dailySeries_lastCompleteDayIsTheDayBeforeRecording() throws {
        let metrics = try Self.normaliser.metrics(for: try Self.insight("2001.json"))
        guard case .series(let series) = metrics.content else {
            Issue.record("expected series")
            return
        }
        #expect(series.map(\.name) == ["Pageviews", "Unique visitors"])
        #expect(series[0].points.count == 140)
        #expect(series[0].completePoints.last?.period == "2026-11-23")
    }

    @Test func nullValuesWithNanMarkers_becomeMissingNotZero() throws {
        let metrics = try Self.normaliser.metrics(for: try Self.insight("2016.json"))
        guard case .series(let series) = metrics.content else {
            Issue.record("expected series")
            return
        }
        let missing = series[0].points.filter { $0.value == nil }.map(\.period)
        #expect(missing == ["2026-08-15", "2026-09-03"])
    }

    @Test func breakdownSeries_showOtherAndNoneSentinels() throws {
        let metrics = try Self.normaliser.metrics(for: try Self.insight("2002.json"))
        guard case .series(let series) = metrics.content else {
            Issue.record("expected series")
            return
        }
        #expect(Set(series.compactMap(\.breakdown)).isSuperset(of: ["Other", "None", "newsletter"]))
        #expect(series.count >= 7)
    }

    @Test func funnelWithBreakdown_givesOneFunnelPerValue() throws {
        let metrics = try Self.normaliser.metrics(for: try Self.insight("2006.json"))
        guard case .funnel(let funnels) = metrics.content else {
            Issue.record("expected funnel")
            return
        }
        #expect(funnels.map(\.breakdown) == ["Chrome", "Safari", "Firefox", "Edge", "Other"])
        #expect(funnels.allSatisfy { $0.steps.count == 4 })
    }

    @Test func weeklyRetention_acrossDSTChange_keepsTenCompleteCohortSizes() throws {
        let metrics = try Self.normaliser.metrics(for: try Self.insight("2012.json"))
        guard case .retention(let matrix) = metrics.content else {
            Issue.record("expected retention")
            return
        }
        #expect(matrix.cohorts.count == 12)
        // The newest cohort (this week) has no complete cell; the one before has only week 0.
        #expect(matrix.cohorts.last?.size == nil)
        #expect(matrix.cohorts[10].cells.compactMap { $0 }.count == 1)
        #expect(matrix.cohorts[0].cells.compactMap { $0 }.count == 11)
        #expect(matrix.cohorts.map(\.label).contains("2026-11-08"))  // first cohort after DST ended
    }

    @Test func weeklyInterval_lastWeekIncomplete() throws {
        let metrics = try Self.normaliser.metrics(for: try Self.insight("2017.json"))
        guard case .series(let series) = metrics.content else {
            Issue.record("expected series")
            return
        }
        #expect(series[0].interval == .week)
        #expect(series[0].completePoints.last?.period == "2026-11-15")
    }

    @Test func erroredInsight_isUnavailableWithPostHogsMessage() throws {
        let insight = try Self.insight("2007.json")
        let error = #expect(throws: NormalisationError.self) { try Self.normaliser.metrics(for: insight) }
        #expect(error?.reason.contains("warehouse sync failed") == true)
    }

    @Test func table_keepsColumnsAndTypes() throws {
        let metrics = try Self.normaliser.metrics(for: try Self.insight("2015.json"))
        guard case .table(let table) = metrics.content else {
            Issue.record("expected table")
            return
        }
        #expect(table.columns == ["event", "count()"])
        #expect(table.types == ["String", "UInt64"])
        #expect(table.rows.count == 5)
    }
}
