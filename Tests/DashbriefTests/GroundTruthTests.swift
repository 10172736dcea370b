import DashbriefTestSupport
import Foundation
import Testing

@testable import Dashbrief

/// The statistical method against the changes the demo generator planted
/// (Fixtures/demo/ground_truth.json): each is found on its date, the incomplete recording day is
/// never flagged, and false alarms over the whole history stay at the 3 that README reports.
@Suite struct GroundTruthTests {
    struct Planted {
        let id: String
        let insightID: Int
        let series: String?
        let date: String
        let dashboard: String
    }

    static func planted() throws -> [Planted] {
        let url = TestPaths.demoSnapshot.appendingPathComponent("ground_truth.json")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        return (object["planted"] as! [[String: Any]]).map {
            Planted(
                id: $0["id"] as! String, insightID: $0["insight_id"] as! Int, series: $0["series"] as? String,
                date: ($0["date"] ?? $0["cohorts_from"]) as! String, dashboard: $0["dashboard"] as! String)
        }
    }

    static let engine = try! Engine(configuration: Configuration(snapshotDirectory: TestPaths.demoSnapshot))

    @Test func everyPlantedChange_isFoundOnItsDate_byTheDailyReport() async throws {
        let planted = try Self.planted()
        #expect(planted.count == 5)
        for change in planted {
            let report = try await Self.engine.dailyReport(dashboard: change.dashboard)
            #expect(report.method == .statistical)
            let matches = report.findings.filter { $0.insightID == change.insightID && $0.severity >= .warning }
            if change.id == "signup-completion-conversion-drop" {
                // 38% to 29% at about 100 signup starts a day is 1.9 binomial standard deviations a
                // day; as of 11-24 the daily rate's step does not stand the 3.5 standard errors a
                // shift needs, so the rate series reports nothing yet (the funnel insight does; see
                // the next test). What it must not do is claim a step on another day.
                #expect(!matches.contains { $0.kind == .change && $0.date != change.date }, "\(change.id)")
            } else if change.id == "weaker-recent-retention" {
                // Cohorts from the planted date on: the newest cohorts tested are on or after it.
                #expect(matches.contains { $0.kind == .retention && $0.date >= change.date }, "\(change.id)")
            } else {
                #expect(
                    matches.contains {
                        $0.series == change.series && $0.date == change.date && [.anomaly, .change].contains($0.kind)
                    },
                    "\(change.id): \(matches.map { "\($0.kind) \($0.series) \($0.date)" })")
            }
        }
    }

    @Test func plantedConversionDrop_isAlsoSeenInTheFunnel_atThePlantedStep() async throws {
        let report = try await Self.engine.dailyReport(dashboard: "Marketing Dashboard")
        let funnel = try #require(report.findings.first { $0.insightID == 2004 && $0.series == "Overall conversion" })
        #expect(funnel.value < funnel.expected)
        #expect(funnel.comparison.hasSuffix("signup_started → Completed signup"))
    }

    @Test func theIncompleteDay_isNeverFlagged() async throws {
        for dashboard in ["Marketing Dashboard", "Product Dashboard"] {
            let report = try await Self.engine.dailyReport(dashboard: dashboard)
            #expect(!report.findings.contains { [.anomaly, .change].contains($0.kind) && $0.date == "2026-11-24" })
        }
    }

    /// Every daily series of the demo, run through the detector over all of its history.
    @Test func falseAlarms_areTheThreeREADMEReports() async throws {
        let planted = try Self.planted()
        var insightMonths = 0.0
        var falseAlarms: [String] = []
        for dashboard in ["Marketing Dashboard", "Product Dashboard"] {
            let metrics = try await Self.engine.dashboard(dashboard)
            for insight in metrics.insights {
                guard case .series(let series) = insight.content, series.first?.interval == .day else { continue }
                let days = Double(series.first!.completePoints.count)
                insightMonths += days / 30.4
                let analysis = StatisticalAnalyser().analyse(
                    [DashboardMetrics(id: metrics.id, name: metrics.name, insights: [insight])], kind: .daily,
                    days: Int(days))
                for finding in analysis.findings where [.anomaly, .change].contains(finding.kind) {
                    let expected = planted.contains { $0.insightID == insight.insightID && $0.date == finding.date }
                    let consequence = finding.details?["mix_shift"] != nil  // the share moved because of the spike
                    if !expected && !consequence {
                        falseAlarms.append("\(insight.name) · \(finding.series) \(finding.date)")
                    }
                }
            }
        }
        #expect(insightMonths > 20)  // five daily insights over 140 days
        // README claims 3 false alarms in 22.9 insight-months: the test holds the code to the claim
        // (the product's target, at most one per insight-month, is far looser).
        #expect(
            falseAlarms.count <= 3,
            "\(falseAlarms.count) false alarms in \(insightMonths) insight-months (README says 3): \(falseAlarms)")
        #expect(Double(falseAlarms.count) <= insightMonths)
    }
}
