import Analysis
import Foundation
import PostHog

/// The power harness: how often the daily report finds a planted change on its exact day, by the
/// kind of metric and the size of the change, and how many findings it makes on clean metrics.
/// Every series goes through the daily report's own path (`StatisticalAnalyser`, 14 reviewed days
/// after 8 weeks of baseline), not through `dashbrief detect`.
///
/// Series are seeded and deterministic. `DetectionPowerTests` runs a small size in CI; set
/// `DASHBRIEF_POWER_REPETITIONS` for a larger run by hand (README, "Detection power").
public enum DetectionPower {
    /// The shapes of metric real products have.
    public enum Family: String, CaseIterable, Sendable {
        case steady = "steady weekly rhythm"
        case wandering = "wandering level"
        case growth = "fast growth (5%/week)"
        case highVolume = "high volume (100k/day)"
        case noisy = "no weekly rhythm, 10% noise"
        case holidays = "holidays in the baseline"
        case missingDays = "missing days"
        case recentShift = "recent level shift (+30%)"
        case lowCounts = "low counts (30/day)"

        /// Mean events a day at the start of the baseline.
        var level: Double {
            switch self {
            case .highVolume: 100_000
            case .lowCounts: 30
            case .noisy: 1_000
            default: 2_000
            }
        }

        /// Families with at least 100 events a day, which the recall target is about.
        public var meetsVolumeTarget: Bool { self != .lowCounts }
    }

    /// Days of baseline, reviewed days, and the incomplete day.
    public static let baselineDays = 56
    public static let reviewedDays = 14

    /// A clean series of a family: baseline, reviewed window, then one incomplete day.
    public static func clean(_ family: Family, seed: UInt64) -> [Double?] {
        var random = SplitMix64(seed: seed &* 0x9E37_79B9 &+ UInt64(Family.allCases.firstIndex(of: family)! + 1))
        let days = baselineDays + reviewedDays + 1
        var logLevel = log(family.level)
        var values: [Double?] = []
        for day in 0..<days {
            switch family {
            case .wandering: logLevel += 0.03 * random.nextGaussian()
            case .growth: logLevel += log(1.05) / 7
            case .recentShift where day == baselineDays - 10: logLevel += log(1.3)
            default: break
            }
            let rhythm = family == .noisy ? 1 : Build.weekday[day % 7]
            let overdispersion = family == .noisy ? 0.10 : 0.03
            let mean = exp(logLevel) * rhythm * max(0.05, 1 + overdispersion * random.nextGaussian())
            var value = poisson(mean, &random)
            if family == .holidays && [20, 34, 45].contains(day) { value = (value * 0.5).rounded() }
            values.append(value)
        }
        if family == .missingDays {
            for day in [9, 23, 40, 51, baselineDays + 5] where day < values.count { values[day] = nil }
        }
        return values
    }

    /// A Poisson draw: Knuth's method for small means, the normal approximation above 50.
    static func poisson(_ mean: Double, _ random: inout SplitMix64) -> Double {
        guard mean < 50 else { return max(0, (mean + mean.squareRoot() * random.nextGaussian()).rounded()) }
        let limit = exp(-mean)
        var product = 1.0
        var count = -1.0
        repeat {
            count += 1
            product *= Double(random.next() >> 11) / 9_007_199_254_740_992
        } while product > limit
        return count
    }

    /// What is planted: one day multiplied by `factor`, or every day from the position on.
    public enum Change: Sendable, Equatable {
        case oneDay(Double)
        case levelShift(Double)
    }

    /// The series with `change` planted at reviewed day `position` (0 = first reviewed day).
    public static func planted(_ values: [Double?], _ change: Change, at position: Int) -> [Double?] {
        var values = values
        let day = baselineDays + position
        switch change {
        case .oneDay(let factor):
            values[day] = values[day].map { ($0 * factor).rounded() }
        case .levelShift(let factor):
            for index in day..<(values.count - 1) { values[index] = values[index].map { ($0 * factor).rounded() } }
        }
        return values
    }

    /// The anomaly and level-shift findings of the daily report of one series.
    public static func findings(_ values: [Double?]) -> [Finding] {
        let series = Build.series("Metric", values)
        let insight = Build.insight(1, "Metric", .series([series]), asOfDay: values.count - 1)
        return StatisticalAnalyser().analyse([Build.dashboard([insight])], kind: .daily, days: reviewedDays).findings
            .filter {
                switch $0.detail {
                case .outlier, .levelShift: true
                default: false
                }
            }
    }

    /// Whether a planted change was found on its exact day: a one-day change as a spike or dip
    /// (not as a level shift), a step as either (its first day is a spike until it lasts).
    public static func isFound(_ findings: [Finding], _ change: Change, at position: Int) -> Bool {
        let day = Build.dayLabel(baselineDays + position)
        return findings.contains { finding in
            guard finding.date == day else { return false }
            if case .oneDay = change, case .levelShift = finding.detail { return false }
            return true
        }
    }

    /// Share of (seed, position) runs where the change was found on its day.
    public static func recall(_ family: Family, _ change: Change, repetitions: Int) -> (found: Int, runs: Int) {
        var found = 0
        var runs = 0
        for seed in 0..<repetitions {
            let clean = clean(family, seed: UInt64(seed))
            // A missing day cannot carry a change: those positions are not runs.
            for position in 0..<reviewedDays where clean[baselineDays + position] != nil {
                runs += 1
                if isFound(findings(planted(clean, change, at: position)), change, at: position) { found += 1 }
            }
        }
        return (found, runs)
    }

    /// Findings on clean series, and the metric-months reviewed (14 days a run).
    public static func falseFindings(_ family: Family, repetitions: Int) -> (count: Int, metricMonths: Double) {
        var count = 0
        for seed in 0..<repetitions { count += findings(clean(family, seed: UInt64(1_000 + seed))).count }
        return (count, Double(repetitions * reviewedDays) / 30.4)
    }
}
