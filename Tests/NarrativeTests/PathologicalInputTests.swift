import Analysis
import DashbriefTestSupport
import Foundation
import PostHog
import Testing

@testable import Narrative

/// Bad data never crashes an analysis or puts a NaN into a report: every method and report kind,
/// rendered to JSON (which refuses non-finite numbers), over the series the issue lists.
@Suite struct PathologicalInputTests {
    static func make(_ count: Int, _ value: (Int) -> Double?) -> [Double?] { (0..<count).map(value) }

    static let inputs: [(String, [Double?])] = [
        ("empty", []), ("one", [5]), ("two", [5, 6]), ("three", [5, 6, 7]),
        ("constant", make(60) { _ in 42 }), ("zeros", make(60) { _ in 0 }), ("all missing", make(60) { _ in nil }),
        (
            "non-finite values",
            make(60) { index -> Double? in
                if index % 9 == 0 { return .nan }
                if index % 13 == 0 { return .infinity }
                return Double(100 + index % 7)
            }
        ),
        ("negative counts", make(60) { index in Double(-(index % 7) * 10) }),
        ("gaps", make(60) { index in index % 5 == 0 ? nil : Double(100 + (index * 31) % 17) }),
        ("huge", make(60) { index in 1e300 * Double(1 + index % 3) }),
        ("one spike in zeros", make(60) { index in index == 50 ? 1e6 : 0 }),
    ]

    static var dashboard: DashboardMetrics {
        var insights: [InsightMetrics] = inputs.enumerated().map { index, input in
            Build.insight(
                index, input.0,
                .series([Build.series(input.0, input.1), Build.series(input.0 + " (avg)", input.1, measure: "avg")]),
                asOfDay: 100)
        }
        let emptyFunnel = Funnel(steps: [FunnelStep(name: "a", count: 0), FunnelStep(name: "b", count: 0)])
        let zeroRetention = RetentionMatrix(
            period: .week,
            cohorts: (0..<5).map {
                .init(start: Build.day(7 * $0), label: "c\($0)", cells: [0, 0, nil])
            })
        let flat = Build.series("flat", Array(repeating: 0, count: 30))
        insights += [
            // Built in full: a funnel's previous window is not something `Build.insight` sets.
            InsightMetrics(
                insightID: 90, name: "empty funnel", kind: .funnel, timezone: Build.utc, asOf: Build.firstDay,
                content: .funnel([emptyFunnel, emptyFunnel]),
                previous: .funnel([emptyFunnel])),
            Build.insight(91, "zero retention", .retention(zeroRetention), kind: .retention, asOfDay: 0),
            Build.insight(
                92, "idle lifecycle",
                .lifecycle(Lifecycle(interval: .day, new: flat, returning: flat, resurrecting: flat, dormant: flat)),
                kind: .lifecycle, asOfDay: 0),
        ]
        return DashboardMetrics(id: 1, name: "Pathological", insights: insights)
    }

    @Test(arguments: [ReportKind.daily, .weekly], [AnalysisMethod.statistical, .threshold])
    func everyMethodAndKind_rendersWithoutNaN(kind: ReportKind, method: AnalysisMethod) throws {
        let dashboards = [Self.dashboard]
        let analysis =
            method == .statistical
            ? StatisticalAnalyser().analyse(dashboards, kind: kind, days: kind == .daily ? 14 : 28)
            : ThresholdAnalyser().analyse(dashboards, kind: kind, days: kind == .daily ? 14 : 28)
        let report = Report(
            analysis: analysis, asOf: "2026-11-24T00:00:00.000Z", timezone: "UTC",
            narrative: TemplateNarrator().narrate(analysis))
        let json = try report.rendered(as: .json)  // JSONEncoder throws on NaN or ±∞
        #expect(!json.contains("nan"), "\(json.split(separator: "\n").filter { $0.contains("nan") })")
        for format in [ReportFormat.text, .markdown, .slack, .html] {
            let text = try report.rendered(as: format)
            #expect(!text.contains("nan") && !text.contains("NaN"), "\(format)")
            if format == .html {
                #expect(HTMLRendererTests.coordinates(in: text).allSatisfy { Double($0)?.isFinite == true })
            }
        }
        #expect(analysis.findings.allSatisfy { $0.value.isFinite && $0.expected.isFinite })
    }
}
