import Foundation
import Scheduling
import Testing

/// Daylight saving in 2026. New York: 02:00 EST becomes 03:00 EDT on 8 March (07:00 UTC), 02:00 EDT
/// becomes 01:00 EST on 1 November (06:00 UTC). Berlin: 02:00 CET becomes 03:00 CEST on 29 March
/// (01:00 UTC), 03:00 CEST becomes 02:00 CET on 25 October (01:00 UTC). Expected instants were
/// checked with Python's zoneinfo.
@Suite struct DaylightSavingTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var zone: String
        var cron: String
        var from: String
        var to: String
        var fires: [String]
        var testDescription: String { "\(cron) in \(zone) from \(from)" }
    }

    static func fires(_ zone: String, _ cron: String, _ from: String, _ to: String, _ fires: [String]) -> Case {
        Case(zone: zone, cron: cron, from: from, to: to, fires: fires)
    }

    static let newYork: [Case] = [
        // 02:30 is skipped on 8 March: it runs once, at 03:00 EDT, right after the gap.
        fires(
            "America/New_York", "30 2 * * *", "2026-03-07T00:00:00Z", "2026-03-10T00:00:00Z",
            ["2026-03-07T07:30:00Z", "2026-03-08T07:00:00Z", "2026-03-09T06:30:00Z"]),
        // On 1 November 02:30 comes once (EST).
        fires(
            "America/New_York", "30 2 * * *", "2026-10-31T00:00:00Z", "2026-11-03T00:00:00Z",
            ["2026-10-31T06:30:00Z", "2026-11-01T07:30:00Z", "2026-11-02T07:30:00Z"]),
        // 01:30 comes twice on 1 November (EDT, then EST): it runs at the first.
        fires(
            "America/New_York", "30 1 * * *", "2026-10-31T00:00:00Z", "2026-11-03T00:00:00Z",
            ["2026-10-31T05:30:00Z", "2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z"]),
        // The 09:00 default keeps 09:00 local either side of both changes.
        fires(
            "America/New_York", "0 9 * * *", "2026-03-07T00:00:00Z", "2026-03-10T00:00:00Z",
            ["2026-03-07T14:00:00Z", "2026-03-08T13:00:00Z", "2026-03-09T13:00:00Z"]),
        fires(
            "America/New_York", "0 9 * * *", "2026-10-31T00:00:00Z", "2026-11-03T00:00:00Z",
            ["2026-10-31T13:00:00Z", "2026-11-01T14:00:00Z", "2026-11-02T14:00:00Z"]),
        // Hourly at :30: 23:30, 00:30, 01:30 EST, (02:30 does not exist), 03:30, 04:30 EDT.
        fires(
            "America/New_York", "30 * * * *", "2026-03-08T04:00:00Z", "2026-03-08T09:00:00Z",
            [
                "2026-03-08T04:30:00Z", "2026-03-08T05:30:00Z", "2026-03-08T06:30:00Z", "2026-03-08T07:30:00Z",
                "2026-03-08T08:30:00Z",
            ]),
        // 23:30, 00:30, 01:30 EDT, (01:30 EST: that time already fired), 02:30, 03:30 EST.
        fires(
            "America/New_York", "30 * * * *", "2026-11-01T03:00:00Z", "2026-11-01T09:00:00Z",
            [
                "2026-11-01T03:30:00Z", "2026-11-01T04:30:00Z", "2026-11-01T05:30:00Z", "2026-11-01T07:30:00Z",
                "2026-11-01T08:30:00Z",
            ]),
    ]

    static let berlin: [Case] = [
        fires(
            "Europe/Berlin", "30 2 * * *", "2026-03-28T00:00:00Z", "2026-03-31T00:00:00Z",
            ["2026-03-28T01:30:00Z", "2026-03-29T01:00:00Z", "2026-03-30T00:30:00Z"]),
        // 02:30 comes twice on 25 October (CEST, then CET): it runs at the first.
        fires(
            "Europe/Berlin", "30 2 * * *", "2026-10-24T00:00:00Z", "2026-10-27T00:00:00Z",
            ["2026-10-24T00:30:00Z", "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"]),
        fires(
            "Europe/Berlin", "0 9 * * *", "2026-03-28T00:00:00Z", "2026-03-31T00:00:00Z",
            ["2026-03-28T08:00:00Z", "2026-03-29T07:00:00Z", "2026-03-30T07:00:00Z"]),
        fires(
            "Europe/Berlin", "0 9 * * *", "2026-10-24T00:00:00Z", "2026-10-27T00:00:00Z",
            ["2026-10-24T07:00:00Z", "2026-10-25T08:00:00Z", "2026-10-26T08:00:00Z"]),
        // 23:30, 00:30, 01:30 CET, (02:30 does not exist), 03:30 CEST, 04:30.
        fires(
            "Europe/Berlin", "30 * * * *", "2026-03-28T22:00:00Z", "2026-03-29T03:00:00Z",
            [
                "2026-03-28T22:30:00Z", "2026-03-28T23:30:00Z", "2026-03-29T00:30:00Z", "2026-03-29T01:30:00Z",
                "2026-03-29T02:30:00Z",
            ]),
        // 00:30, 01:30, 02:30 CEST, (02:30 CET: already fired), 03:30 CET.
        fires(
            "Europe/Berlin", "30 * * * *", "2026-10-24T22:00:00Z", "2026-10-25T03:00:00Z",
            ["2026-10-24T22:30:00Z", "2026-10-24T23:30:00Z", "2026-10-25T00:30:00Z", "2026-10-25T02:30:00Z"]),
    ]

    static let fixedAndWildcard: [Case] = [
        // Two skipped times of one job run once, at the end of the gap.
        fires(
            "America/New_York", "0,30 2 * * *", "2026-03-07T00:00:00Z", "2026-03-10T00:00:00Z",
            [
                "2026-03-07T07:00:00Z", "2026-03-07T07:30:00Z", "2026-03-08T07:00:00Z", "2026-03-09T06:00:00Z",
                "2026-03-09T06:30:00Z",
            ]),
        // A skipped time and the gap's end are one fire: 02:00 (skipped) and 03:00 both at 03:00 EDT.
        fires(
            "America/New_York", "0 2-3 * * *", "2026-03-08T00:00:00Z", "2026-03-09T00:00:00Z",
            ["2026-03-08T07:00:00Z"]),
        fires(
            "America/New_York", "30 1,2,3 * * *", "2026-03-08T00:00:00Z", "2026-03-09T00:00:00Z",
            ["2026-03-08T06:30:00Z", "2026-03-08T07:00:00Z", "2026-03-08T07:30:00Z"]),
        // A minute field starting with `*` makes a wildcard job: the skipped 02:00-02:59 fire nothing.
        fires(
            "America/New_York", "*/30 2 * * *", "2026-03-07T00:00:00Z", "2026-03-10T00:00:00Z",
            ["2026-03-07T07:00:00Z", "2026-03-07T07:30:00Z", "2026-03-09T06:00:00Z", "2026-03-09T06:30:00Z"]),
        // Vixie's rule to the letter: `*/2` in the hour field is a wildcard, `0-23/2` is not.
        fires(
            "America/New_York", "0 */2 * * *", "2026-03-08T04:00:00Z", "2026-03-08T09:00:00Z",
            ["2026-03-08T05:00:00Z", "2026-03-08T08:00:00Z"]),
        fires(
            "America/New_York", "0 0-23/2 * * *", "2026-03-08T04:00:00Z", "2026-03-08T09:00:00Z",
            ["2026-03-08T05:00:00Z", "2026-03-08T07:00:00Z", "2026-03-08T08:00:00Z"]),
    ]

    static let elsewhere: [Case] = [
        // Santiago springs forward at midnight (00:00 -04 becomes 01:00 -03 on 6 September):
        // midnight is skipped, and @daily runs at 01:00.
        fires(
            "America/Santiago", "@daily", "2026-09-05T00:00:00Z", "2026-09-08T00:00:00Z",
            ["2026-09-05T04:00:00Z", "2026-09-06T04:00:00Z", "2026-09-07T03:00:00Z"]),
        // ... and falls back at midnight (00:00 -03 becomes 23:00 -04 on 4 April): 23:30 comes twice.
        fires(
            "America/Santiago", "30 23 * * *", "2026-04-03T12:00:00Z", "2026-04-06T12:00:00Z",
            ["2026-04-04T02:30:00Z", "2026-04-05T02:30:00Z", "2026-04-06T03:30:00Z"]),
        // Lord Howe Island moves by half an hour: 02:00 (+10:30) becomes 02:30 (+11) on 4 October.
        fires(
            "Australia/Lord_Howe", "15 2 * * *", "2026-10-02T12:00:00Z", "2026-10-04T18:00:00Z",
            ["2026-10-02T15:45:00Z", "2026-10-03T15:30:00Z", "2026-10-04T15:15:00Z"]),
        // Samoa skipped Friday 30 December 2011 whole (-10 to +14): its 09:00 runs at 00:00 on the 31st.
        fires(
            "Pacific/Apia", "0 9 * * *", "2011-12-28T12:00:00Z", "2011-12-31T12:00:00Z",
            ["2011-12-28T19:00:00Z", "2011-12-29T19:00:00Z", "2011-12-30T10:00:00Z", "2011-12-30T19:00:00Z"]),
    ]

    @Test(arguments: newYork + berlin + fixedAndWildcard + elsewhere)
    func fires_followVixieCronAcrossDaylightSaving(_ test: Case) throws {
        let schedule = try Schedule(cron: test.cron, timeZoneIdentifier: test.zone)
        let fires = schedule.fires(between: instant(test.from), and: instant(test.to))
        #expect(fires == test.fires.map(instant))
        if let first = test.fires.first {
            #expect(schedule.nextFire(after: instant(test.from)) == instant(first))
        }
    }

    /// Asking from inside the gap, or from inside the repeated hour, changes nothing.
    @Test func nextFire_fromInsideTheGapOrTheRepeatedHour() throws {
        let daily0230 = try Schedule(cron: "30 2 * * *", timeZoneIdentifier: "America/New_York")
        // 06:59:59 UTC is 01:59:59 EST, the last second before the gap.
        #expect(daily0230.nextFire(after: instant("2026-03-08T06:59:59Z")) == instant("2026-03-08T07:00:00Z"))
        #expect(daily0230.nextFire(after: instant("2026-03-08T07:00:00Z")) == instant("2026-03-09T06:30:00Z"))
        let daily0130 = try Schedule(cron: "30 1 * * *", timeZoneIdentifier: "America/New_York")
        // 06:10 UTC is 01:10 EST, in the repeated hour after 01:30 EDT fired: the next is tomorrow.
        #expect(daily0130.nextFire(after: instant("2026-11-01T06:10:00Z")) == instant("2026-11-02T06:30:00Z"))
        #expect(daily0130.nextFire(after: instant("2026-11-01T05:10:00Z")) == instant("2026-11-01T05:30:00Z"))
    }

    /// Each wall-clock :30 once: 23 on the day of 23 hours, 24 on the day of 25.
    @Test(arguments: [
        ("America/New_York", "2026-03-08T05:00:00Z", "2026-03-09T04:00:00Z", 23),
        ("America/New_York", "2026-11-01T04:00:00Z", "2026-11-02T05:00:00Z", 24),
        ("Europe/Berlin", "2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z", 23),
        ("Europe/Berlin", "2026-10-24T22:00:00Z", "2026-10-25T23:00:00Z", 24),
    ])
    func hourlyJob_onTheDaysOfTheChanges(identifier: String, midnight: String, nextMidnight: String, count: Int)
        throws
    {
        let schedule = try Schedule(cron: "30 * * * *", timeZoneIdentifier: identifier)
        #expect(schedule.fires(between: instant(midnight), and: instant(nextMidnight)).count == count)
    }

    @Test(arguments: ["America/New_York", "Europe/Berlin"])
    func weeklyDefault_staysFridayFourPMLocal_acrossBothChanges(identifier: String) {
        let schedule = Schedule.weekly(in: zone(identifier))
        let fires = schedule.fires(between: instant("2026-03-01T00:00:00Z"), and: instant("2026-11-30T00:00:00Z"))
        #expect(fires.count == 39)
        for fire in fires {
            let local = localTime(fire, in: schedule.timeZone)
            #expect(local.weekday == 6 && local.hour == 16 && local.minute == 0, "\(fire)")
        }
    }
}
