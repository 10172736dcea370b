import Foundation
import Stats
import Testing

@Suite struct AnomalyDetectorTests {
    /// Twelve weeks of daily counts around 1,000 with a weekly cycle and deterministic noise.
    static func weeklySeries(weeks: Int = 12, level: Double = 1000) -> [Double] {
        let weekday = [1.07, 1.12, 1.10, 1.06, 0.98, 0.80, 0.77]
        return (0..<(7 * weeks)).map { day in
            // Repeatable noise of about ±1.5√level, the size of Poisson noise on counts.
            let noise = (Double((day * 7919) % 41) - 20) / 20 * 1.5 * level.squareRoot()
            return max(0, (level * weekday[day % 7] + noise).rounded())
        }
    }

    let detector = AnomalyDetector()

    @Test func seasonalNoise_raisesNothing() {
        #expect(detector.detect(Self.weeklySeries()).isEmpty)
    }

    @Test func oneDayDrop_isADip_withItsExpectationAndRange() throws {
        var values = Self.weeklySeries()
        values[60] = (values[60] * 0.5).rounded()
        let found = detector.detect(values)
        let dip = try #require(found.first { $0.index == 60 })
        #expect(dip.kind == .dip)
        #expect(dip.direction == -1)
        #expect(dip.expected > 900 && dip.expected < 1200)
        #expect(dip.lower < dip.expected && dip.expected < dip.upper)
        #expect(dip.value < dip.lower)
        #expect(dip.score > 10)
        #expect(found.count == 1)
    }

    @Test func expectation_isWhatDetectJudgesAgainst() throws {
        var values = Self.weeklySeries()
        values[60] = (values[60] * 0.5).rounded()
        let dip = try #require(detector.detect(values).first)
        let expectation = try #require(detector.expectation(values))
        #expect(expectation.expected.count == values.count)
        #expect(expectation.expected[dip.index] == dip.expected)
        // The weekly cycle is in the seasonal part: Tuesdays above Sundays.
        #expect(expectation.seasonal[1] > expectation.seasonal[6])
        // Too little history (under two periods) gives nothing, as `detect` finds nothing.
        #expect(detector.expectation(Array(values.prefix(10))) == nil)
        #expect(detector.expectation([nil, nil]) == nil)
    }

    @Test func spike_isFound() {
        var values = Self.weeklySeries()
        values[70] *= 2
        #expect(detector.detect(values).map(\.index) == [70])
        #expect(detector.detect(values).first?.kind == .spike)
    }

    @Test func levelShift_isFoundOnceAtItsStart_notAsPointStorm() throws {
        var values = Self.weeklySeries()
        for day in 63..<values.count { values[day] *= 1.25 }
        let found = detector.detect(values)
        let shift = try #require(found.first { $0.kind == .levelShift })
        #expect(shift.index == 63)
        #expect(shift.value > shift.expected * 1.15)
        #expect(found.count == 1, "\(found.map { ($0.index, $0.kind, $0.value, $0.expected) })")
    }

    /// A spike repeated every few weeks is news the first times, then routine: from the fourth
    /// occurrence, three earlier ones at least 3/4 as large are on record.
    @Test func recurringSpike_isReportedUntilItIsRoutine() {
        var values = Self.weeklySeries(weeks: 16)
        for (number, day) in [21, 42, 63, 84, 105].enumerated() { values[day] *= 1.9 + 0.05 * Double(number) }
        let found = detector.detect(values).map(\.index)
        #expect(found.contains(63))
        #expect(!found.contains(84) && !found.contains(105), "\(found)")
        var everything = AnomalyDetector.Settings()
        everything.routineRecurrences = 0
        #expect(Set(AnomalyDetector(settings: everything).detect(values).map(\.index)) == [63, 84, 105])
    }

    /// A level that moves up and down every three weeks: the fourth step up is no larger than the
    /// three before it, so it is not reported.
    @Test func repeatedStep_isRoutine() {
        var values = Self.weeklySeries(weeks: 24)
        for day in values.indices where (day / 21) % 2 == 1 { values[day] *= 1.3 }
        let steps = detector.detect(values).filter { $0.kind == .levelShift }.map(\.index)
        #expect(steps.contains(21), "\(steps)")
        #expect(!steps.contains(147), "\(steps)")
        var everything = AnomalyDetector.Settings()
        everything.routineRecurrences = 0
        #expect(AnomalyDetector(settings: everything).detect(values).contains { $0.index == 147 })
    }

    /// More activity is not a new level: where a mostly idle metric (CPU at 0.1%) bursts on two
    /// days in five, its median creeps up, but most of its points still overlap the old ones.
    @Test func burstOfActivity_isNotALevelShift() {
        let quiet = (0..<240).map { day -> Double in
            let noise = Double((day * 7919) % 41) / 40
            let burst = day >= 150 && day < 200 && day % 5 < 2
            return 0.1 + 0.1 * noise + (burst ? 5 : 0)
        }
        let detector = AnomalyDetector(settings: .init(period: nil, isCount: false))
        #expect(!detector.detect(quiet).contains { $0.kind == .levelShift })
        var loose = detector.settings
        loose.minimumSeparation = 0.5
        #expect(AnomalyDetector(settings: loose).detect(quiet).contains { $0.kind == .levelShift })
    }

    /// A quiet metric that turns erratic: looked for, the burst is found where it starts; a
    /// weaker one later is no record and stays quiet; not looked for (reports), nothing.
    @Test func burstOfActivity_isFoundOnceWhenLookedFor() throws {
        var state: UInt64 = 11
        func jitter() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53) * 2 - 1
        }
        let values = (0..<700).map { index -> Double in
            let amplitude = (400..<440).contains(index) ? 6.0 : (550..<590).contains(index) ? 3.0 : 1.0
            return 50 + amplitude * jitter()
        }
        var settings = AnomalyDetector.Settings(period: nil, isCount: false)
        #expect(!AnomalyDetector(settings: settings).detect(values).contains { $0.kind == .burst })
        settings.burstWindow = 24
        let bursts = AnomalyDetector(settings: settings).detect(values).filter { $0.kind == .burst }
        #expect(bursts.count == 1, "\(bursts.map { ($0.index, $0.score) })")
        let burst = try #require(bursts.first)
        #expect((400..<440).contains(burst.index))
        #expect(burst.score >= settings.minimumBurstScore)
    }

    @Test func steadyGrowth_isNotALevelShift() {
        let values = Self.weeklySeries().enumerated().map { $0.element * (1 + 0.004 * Double($0.offset)) }
        #expect(detector.detect(values).isEmpty)
    }

    /// Growth of 6% a week read as steps between four-week medians would pass every other test
    /// of a level shift; measured against the line the level before was on, it is no step.
    @Test func fastGrowth_isNotALevelShift_butAStepOnIt_is() throws {
        let growing = Self.weeklySeries(weeks: 10).enumerated().map { $0.element * pow(1.06, Double($0.offset) / 7) }
        #expect(!detector.detect(growing).contains { $0.kind == .levelShift })
        var stepped = growing
        for day in 56..<stepped.count { stepped[day] *= 1.3 }
        let shift = try #require(detector.detect(stepped).first { $0.kind == .levelShift })
        #expect(shift.index == 56)
    }

    /// A spike in the first period of a level shift the same way is more than the step: it stays
    /// a spike of its own, as long as it stands `minimumPointScore` from the new level.
    @Test func spikeBeyondANewLevel_isReportedBesideTheShift() throws {
        var values = Self.weeklySeries()
        for day in 63..<values.count { values[day] *= 1.25 }
        values[65] *= 2
        let found = detector.detect(values)
        #expect(found.contains { $0.kind == .levelShift && $0.index == 63 })
        #expect(found.contains { $0.kind == .spike && $0.index == 65 })
        // Without the spike, the first days of the new level are the shift's alone.
        values[65] /= 2
        #expect(detector.detect(values).map(\.kind) == [.levelShift])
    }

    /// A step in the last week, where PELT's week-long segments cannot place it, is dated on its
    /// first day from its second on (with the reports' periodic season; a LOESS season bends
    /// towards two last days and leaves them two spikes); before that its first day is a spike.
    @Test(arguments: [7, 5, 3, 2])
    func stepInTheLastWeek_isDatedOnItsFirstDay(daysAfter: Int) throws {
        let detector = AnomalyDetector(settings: .init(periodicSeason: true))
        var values = Self.weeklySeries()
        let start = values.count - daysAfter
        for day in start..<values.count { values[day] *= 1.3 }
        let found = detector.detect(values)
        let shift = try #require(found.first { $0.kind == .levelShift }, "\(found)")
        #expect(shift.index == start)
        #expect(found.count == 1, "\(found)")
        values = Self.weeklySeries()
        values[values.count - 1] *= 1.3
        #expect(detector.detect(values).map(\.kind) == [.spike])
    }

    /// Two high days at the end, one far out and one barely above normal: the nearer of the two
    /// stands for a "new level", and it is no step. The far one is a spike.
    @Test func twoDayExcursion_isASpike_notALevelShift() {
        var values = Self.weeklySeries()
        values[82] *= 2.5
        values[83] *= 1.06
        let found = detector.detect(values)
        #expect(!found.contains { $0.kind == .levelShift }, "\(found)")
        #expect(found.contains { $0.kind == .spike && $0.index == 82 })
    }

    /// A step 12 days before the end and a rollback 4 days before it: two changes, both found,
    /// though only one can be the tail's best split.
    @Test func stepAndRollback_inTheLastTwoWeeks_areBothFound() {
        var values = Self.weeklySeries()
        for day in 72..<80 { values[day] *= 1.4 }
        let shifts = detector.detect(values).filter { $0.kind == .levelShift }
        #expect(shifts.map(\.index) == [72, 80], "\(shifts)")
        #expect(shifts.map(\.direction) == [1, -1])
    }

    @Test func smallCounts_stayUnderTheVolumeFloor() {
        // 4 a day, then 15: a big relative jump, but fewer events than the floor of 20.
        var values = Self.weeklySeries(level: 4)
        values[60] = 15
        #expect(detector.detect(values).isEmpty)
    }

    @Test func missingValues_areNeverFlagged_andDoNotBreakDetection() {
        var values: [Double?] = Self.weeklySeries()
        values[20] = nil
        values[21] = .nan
        values[60] = values[60]! * 0.4
        #expect(detector.detect(values).map(\.index) == [60])
    }

    @Test func shortHistory_orNoSeasonality_raisesNothing() {
        var short = Array(Self.weeklySeries().prefix(13))
        short[10] = 0
        #expect(detector.detect(short).isEmpty)
        #expect(AnomalyDetector(settings: .init(period: nil)).detect(Self.weeklySeries()).isEmpty)
    }

    @Test func specials() {
        #expect(detector.detect([]).isEmpty)
        #expect(detector.detect([5]).isEmpty)
        #expect(detector.detect(Array(repeating: 100, count: 60)).isEmpty)
        #expect(detector.detect(Array(repeating: 0, count: 60)).isEmpty)
        #expect(detector.detect(Array(repeating: nil, count: 60)).isEmpty)
        #expect(detector.detect([Double.infinity] + Self.weeklySeries().map { $0 }).isEmpty)
        // Negative values (e.g. lifecycle dormant counts) are handled, not rejected.
        #expect(detector.detect(Self.weeklySeries().map { -$0 }).isEmpty)
        // Looking for bursts changes none of that: flat, empty, missing or short input is quiet.
        let bursty = AnomalyDetector(settings: .init(period: nil, burstWindow: 24, isCount: false))
        for input: [Double?] in [
            [], [5], Array(repeating: 100, count: 600), Array(repeating: 0, count: 600),
            Array(repeating: nil, count: 600), Array(repeating: 1, count: 30),
        ] {
            #expect(bursty.detect(input).allSatisfy { $0.score.isFinite && $0.value.isFinite })
            #expect(!bursty.detect(input).contains { $0.kind == .burst })
        }
    }
}
