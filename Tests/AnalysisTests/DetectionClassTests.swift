import DashbriefTestSupport
import Testing

@testable import Analysis

/// The misses and false findings issue 12 reported, each as a case through the daily report's
/// own path (`DetectionPower.findings`: 8 weeks of baseline, 14 reviewed days).
@Suite struct DetectionClassTests {
    typealias Power = DetectionPower

    /// Findings on reviewed day `position`: "dip", "spike" or "level_shift".
    static func readings(_ findings: [Finding], at position: Int) -> [String] {
        findings.filter { $0.date == Build.dayLabel(Power.baselineDays + position) }.map {
            switch $0.detail {
            case .outlier(let outlier): outlier.direction < 0 ? "dip" : "spike"
            case .levelShift: "level_shift"
            default: "other"
            }
        }
    }

    /// A ×3.2 day three days after a +10% step (the Safari pageviews of the issue): a spike on
    /// its day, whether or not the step is reported, never only "a level shift" before it.
    @Test(arguments: 0..<5)
    func spikeAfterASmallStep_isASpike(seed: Int) {
        var values = Power.planted(Power.clean(.steady, seed: UInt64(seed)), .levelShift(1.1), at: 6)
        values = Power.planted(values, .oneDay(3.2), at: 9)
        #expect(Self.readings(Power.findings(values), at: 9).contains("spike"), "seed \(seed)")
    }

    /// A halving on a Sunday (days 62 and 69 are Sundays, the second the last complete day) in a
    /// series whose level wanders: a dip on its day, not the start of a level shift the day before.
    @Test(arguments: 0..<5)
    func sundayHalving_inAWanderingSeries_isADipOnItsDay(seed: Int) {
        for position in [6, 13] {
            let findings = Power.findings(
                Power.planted(Power.clean(.wandering, seed: UInt64(seed)), .oneDay(0.5), at: position))
            #expect(Self.readings(findings, at: position) == ["dip"], "seed \(seed), position \(position)")
            #expect(Self.readings(findings, at: position - 1).isEmpty, "seed \(seed), position \(position)")
        }
    }

    /// Growth of 5% a week, smooth: whatever else is said, no level shift.
    @Test func smoothGrowth_isNeverALevelShift() {
        for seed in 0..<15 {
            let findings = Power.findings(Power.clean(.growth, seed: UInt64(1_000 + seed)))
            #expect(!findings.contains { if case .levelShift = $0.detail { true } else { false } }, "seed \(seed)")
        }
    }

    /// A dip on the reviewed window's third day neither fakes a spike on the same weekday a week
    /// later (its expectation is not pulled down by it) nor hides a second dip there.
    @Test(arguments: 0..<5)
    func aFlaggedDip_neitherFakesNorHidesTheSameWeekdayAWeekLater(seed: Int) {
        let clean = Power.clean(.recentShift, seed: UInt64(seed))
        let one = Power.findings(Power.planted(clean, .oneDay(0.5), at: 2))
        #expect(Self.readings(one, at: 2) == ["dip"], "seed \(seed)")
        #expect(Self.readings(one, at: 9).isEmpty, "seed \(seed)")
        let two = Power.findings(Power.planted(Power.planted(clean, .oneDay(0.5), at: 2), .oneDay(0.5), at: 9))
        #expect(Self.readings(two, at: 2) == ["dip"] && Self.readings(two, at: 9) == ["dip"], "seed \(seed)")
    }
}
