import DashbriefTestSupport
import Foundation
import Testing

@testable import Analysis

/// Detection power through the daily report's path (see `DetectionPower`), printed as the table
/// README publishes. CI runs one seed per family (14 positions each); set
/// `DASHBRIEF_POWER_REPETITIONS=5` for the larger run by hand.
@Suite struct DetectionPowerTests {
    static let repetitions = Int(ProcessInfo.processInfo.environment["DASHBRIEF_POWER_REPETITIONS"] ?? "") ?? 1
    static let oneDay: [Double] = [0.3, 0.5, 2, 3, 4]
    static let shifts: [Double] = [0.5, 0.7, 0.9, 1.1, 1.3, 1.5]

    static func percent(_ part: Int, _ whole: Int) -> String {
        whole == 0 ? "–" : String(Int((100 * Double(part) / Double(whole)).rounded())) + "%"
    }

    @Test func powerTable() {
        var lines = [
            "| family | " + Self.oneDay.map { "×\($0.formatted())" }.joined(separator: " | ") + " | "
                + Self.shifts.map { "step ×\($0.formatted())" }.joined(separator: " | ") + " | false / metric-month |",
            "|---|" + String(repeating: "---:|", count: Self.oneDay.count + Self.shifts.count + 1),
        ]
        var totalFalse = 0
        var totalMonths = 0.0
        var strongFound = 0
        var strongRuns = 0
        var weakestFamily = 1.0
        for family in DetectionPower.Family.allCases {
            var cells: [String] = []
            var familyFound = 0
            var familyRuns = 0
            for factor in Self.oneDay {
                let (found, runs) = DetectionPower.recall(family, .oneDay(factor), repetitions: Self.repetitions)
                cells.append(Self.percent(found, runs))
                if family.meetsVolumeTarget && (factor <= 0.5 || factor >= 2) {
                    familyFound += found
                    familyRuns += runs
                }
            }
            strongFound += familyFound
            strongRuns += familyRuns
            if familyRuns > 0 { weakestFamily = min(weakestFamily, Double(familyFound) / Double(familyRuns)) }
            for factor in Self.shifts {
                let (found, runs) = DetectionPower.recall(family, .levelShift(factor), repetitions: Self.repetitions)
                cells.append(Self.percent(found, runs))
            }
            let clean = DetectionPower.falseFindings(family, repetitions: 3 * Self.repetitions)
            totalFalse += clean.count
            totalMonths += clean.metricMonths
            cells.append(String(format: "%.2f", Double(clean.count) / clean.metricMonths))
            lines.append("| \(family.rawValue) | " + cells.joined(separator: " | ") + " |")
        }
        let falseRate = Double(totalFalse) / totalMonths
        lines.append(
            "one-day ×0.5 or ×2 and beyond, families with ≥ 100 events a day: \(strongFound) of \(strongRuns), \(Self.percent(strongFound, strongRuns)) (weakest family \(Int((100 * weakestFamily).rounded()))%); "
                + "false findings: \(totalFalse) in \(String(format: "%.1f", totalMonths)) metric-months = \(String(format: "%.2f", falseRate))"
        )
        print(lines.joined(separator: "\n"))
        // The targets of issue 12 (README, "Detection power"): one-day ×0.5 or ×2 and beyond found
        // on their day ≥ 95% in every family with ≥ 100 events a day, ≤ 0.2 false findings per
        // metric-month on clean series. Measured at the CI size: 100% (weakest family 99%), 0.08.
        #expect(weakestFamily >= 0.95)
        #expect(Double(strongFound) / Double(max(strongRuns, 1)) >= 0.95)
        #expect(falseRate <= 0.2)
    }
}
