import Testing

@testable import Scheduling

/// A made-up zone at UTC+1 that moves to +2 at instant 10 000 and back to +1 at instant 50 000:
/// local times 13 600..<17 200 do not exist, and 53 600..<57 200 occur twice.
@Suite struct ZoneClockTests {
    let clock = ZoneClock(segments: [
        .init(start: 0, offset: 3_600), .init(start: 10_000, offset: 7_200), .init(start: 50_000, offset: 3_600),
    ])

    @Test func aTimeBeforeAnyChange_occursOnce() {
        #expect(clock.place(wall: 5_000) == .at(instant: 1_400, repeated: false))
        #expect(clock.place(wall: -100_000) == .at(instant: -103_600, repeated: false))
    }

    @Test func aTimeInTheGap_isSkipped_untilTheChange() {
        #expect(clock.place(wall: 13_599) == .at(instant: 9_999, repeated: false))
        #expect(clock.place(wall: 13_600) == .skipped(gapEnd: 10_000))
        #expect(clock.place(wall: 17_199) == .skipped(gapEnd: 10_000))
        #expect(clock.place(wall: 17_200) == .at(instant: 10_000, repeated: false))
    }

    @Test func aTimeTheClockShowsTwice_isPlacedAtItsFirstOccurrence() {
        // Local 53 600..<57 200 shows at +2 (before 50 000) and again at +1 (from 50 000).
        #expect(clock.place(wall: 53_599) == .at(instant: 46_399, repeated: false))
        #expect(clock.place(wall: 53_600) == .at(instant: 46_400, repeated: true))
        #expect(clock.place(wall: 57_199) == .at(instant: 49_999, repeated: true))
        #expect(clock.place(wall: 57_200) == .at(instant: 53_600, repeated: false))
    }
}
