import Foundation
import Scheduling
import Testing

@Suite struct ScheduleDescriptionTests {
    @Test func weeklyDefault_inNewYork_listsFridaysAtFourPM() {
        let lines = Schedule.weekly(in: zone("America/New_York"))
            .describeNextFires(3, after: instant("2026-11-30T12:00:00Z"))
        #expect(
            lines == [
                "Fri 2026-12-04 16:00 America/New_York (UTC\u{2212}05:00)",
                "Fri 2026-12-11 16:00 America/New_York (UTC\u{2212}05:00)",
                "Fri 2026-12-18 16:00 America/New_York (UTC\u{2212}05:00)",
            ])
    }

    @Test(arguments: [
        ("Europe/Berlin", "Mon 2026-11-30 09:00 Europe/Berlin (UTC+01:00)"),
        ("Asia/Kolkata", "Mon 2026-11-30 09:00 Asia/Kolkata (UTC+05:30)"),
        ("America/St_Johns", "Mon 2026-11-30 09:00 America/St_Johns (UTC\u{2212}03:30)"),
        ("UTC", "Mon 2026-11-30 09:00 GMT (UTC+00:00)"),  // Foundation names UTC "GMT"
    ])
    func dailyDefault_showsLocalTimeZoneAndOffset(identifier: String, line: String) {
        let lines = Schedule.daily(in: zone(identifier)).describeNextFires(1, after: instant("2026-11-30T00:00:00Z"))
        #expect(lines == [line])
    }

    @Test func aSkippedTime_saysWhichTimeItIsFor() throws {
        let schedule = try Schedule(cron: "30 2 * * *", timeZoneIdentifier: "America/New_York")
        #expect(
            schedule.describeNextFires(2, after: instant("2026-03-07T12:00:00Z")) == [
                "Sun 2026-03-08 03:00 America/New_York (UTC\u{2212}04:00), for 02:30, which the clock skips that day",
                "Mon 2026-03-09 02:30 America/New_York (UTC\u{2212}04:00)",
            ])
    }

    @Test func aRepeatedTime_saysItIsTheFirst() throws {
        let schedule = try Schedule(cron: "30 2 * * *", timeZoneIdentifier: "Europe/Berlin")
        #expect(
            schedule.describeNextFires(2, after: instant("2026-10-24T12:00:00Z")) == [
                "Sun 2026-10-25 02:30 Europe/Berlin (UTC+02:00), the first of the day's two 02:30s",
                "Mon 2026-10-26 02:30 Europe/Berlin (UTC+01:00)",
            ])
    }

    @Test func describe_anyInstant_withSecondsInTheOffsetWhenThereAreSome() {
        let newYork = Schedule.daily(in: zone("America/New_York"))
        #expect(
            newYork.describe(instant("2026-07-03T20:15:40Z"))
                == "Fri 2026-07-03 16:15 America/New_York (UTC\u{2212}04:00)")
        // Before 1883 New York kept local mean time, 4 h 56 min 2 s behind Greenwich.
        #expect(
            newYork.describe(instant("1880-01-01T12:00:00Z"))
                == "Thu 1880-01-01 07:03 America/New_York (UTC\u{2212}04:56:02)")
    }

    @Test(arguments: [0, -1])
    func noFiresAsked_listsNothing(count: Int) {
        #expect(Schedule.daily(in: zone("UTC")).describeNextFires(count, after: instant("2026-11-30T00:00:00Z")) == [])
    }
}
