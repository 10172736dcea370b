import Foundation
import Scheduling
import Testing

@Suite struct ScheduleTests {
    static let nextFires: [(cron: String, after: String, next: String)] = [
        ("0 9 * * *", "2026-12-31T10:00:00Z", "2027-01-01T09:00:00Z"),  // year end
        ("0 9 * * *", "2026-06-01T08:59:00Z", "2026-06-01T09:00:00Z"),
        ("0 9 * * *", "2026-06-01T09:00:00Z", "2026-06-02T09:00:00Z"),  // strictly after
        ("0 0 31 * *", "2026-04-01T00:00:00Z", "2026-05-31T00:00:00Z"),  // April has no 31st
        ("0 0 31 * *", "2026-01-31T00:00:00Z", "2026-03-31T00:00:00Z"),
        ("0 0 29 2 *", "2026-03-01T00:00:00Z", "2028-02-29T00:00:00Z"),  // next leap day
        ("0 0 29 2 *", "2028-02-29T00:00:00Z", "2032-02-29T00:00:00Z"),
        ("0 0 29 2 */7", "2026-01-01T00:00:00Z", "2032-02-29T00:00:00Z"),  // a Sunday 29 February
        ("0 0 29 2 mon", "2026-02-20T00:00:00Z", "2026-02-23T00:00:00Z"),  // or a Monday ...
        ("0 0 29 2 mon", "2026-02-27T00:00:00Z", "2027-02-01T00:00:00Z"),  // ... in February
        ("@monthly", "2026-01-31T12:00:00Z", "2026-02-01T00:00:00Z"),  // month end
        ("@yearly", "2026-06-15T00:00:00Z", "2027-01-01T00:00:00Z"),
        ("59 23 31 12 *", "2026-12-31T23:59:00Z", "2027-12-31T23:59:00Z"),
        ("*/15 * * * *", "2026-12-31T23:50:00Z", "2027-01-01T00:00:00Z"),
        ("0 12 * * mon-fri", "2026-12-04T13:00:00Z", "2026-12-07T12:00:00Z"),  // Friday afternoon to Monday
        ("0 9 1 * mon", "2026-06-01T10:00:00Z", "2026-06-08T09:00:00Z"),  // the 1st or a Monday
        ("0 9 1 * mon", "2026-06-29T10:00:00Z", "2026-07-01T09:00:00Z"),
        ("0 9 */2 * mon", "2026-06-01T10:00:00Z", "2026-06-15T09:00:00Z"),  // an odd-dated Monday
    ]

    @Test(arguments: nextFires)
    func nextFire_crossesMonthAndYearEnds_andLeapDays(cron: String, after: String, next: String) throws {
        let schedule = try Schedule(cron: cron, timeZoneIdentifier: "UTC")
        #expect(schedule.nextFire(after: instant(after)) == instant(next))
    }

    @Test func nextFire_ofAnInstantWithinASecond_isStillStrictlyAfter() throws {
        let schedule = Schedule.daily(in: zone("UTC"))
        let nine = instant("2026-06-01T09:00:00Z")
        #expect(schedule.nextFire(after: nine.addingTimeInterval(-0.5)) == nine)
        #expect(schedule.nextFire(after: nine.addingTimeInterval(0.5)) == instant("2026-06-02T09:00:00Z"))
    }

    /// The Monday=0 trap: a library counting weekdays from Monday fires `0 16 * * 5` on Saturday.
    /// From every hour of two weeks, the next weekly fire is a Friday at 16:00 local.
    @Test(arguments: ["America/New_York", "Europe/Berlin", "Asia/Kolkata", "Pacific/Auckland", "UTC"])
    func weeklyDefault_firesOnFridayAtFour_notSaturdayOrMonday(identifier: String) {
        let schedule = Schedule.weekly(in: zone(identifier))
        let start = instant("2026-11-23T00:00:00Z")
        for hour in 0..<(14 * 24) {
            let fire = schedule.nextFire(after: start.addingTimeInterval(TimeInterval(hour) * 3600))
            let local = localTime(fire, in: schedule.timeZone)
            #expect(local.weekday == 6 && local.hour == 16 && local.minute == 0, "\(fire) in \(identifier)")
            #expect(fire.timeIntervalSince(start.addingTimeInterval(TimeInterval(hour) * 3600)) <= 7 * 86_400)
        }
    }

    @Test func weeklyDefault_inNewYork_isFridayDecemberFourth_atNinePMUTC() {
        let fire = Schedule.weekly(in: zone("America/New_York")).nextFire(after: instant("2026-11-30T12:00:00Z"))
        #expect(fire == instant("2026-12-04T21:00:00Z"))
    }

    @Test(arguments: [("0", 1), ("7", 1), ("sun", 1), ("1", 2), ("mon", 2), ("5", 6), ("6", 7), ("sat", 7)])
    func dayOfWeekNumbers_landOnTheUnixWeekday(dayOfWeek: String, calendarWeekday: Int) throws {
        let schedule = try Schedule(cron: "0 12 * * \(dayOfWeek)", timeZoneIdentifier: "Europe/Berlin")
        var cursor = instant("2026-01-01T00:00:00Z")
        for _ in 0..<10 {
            cursor = schedule.nextFire(after: cursor)
            #expect(localTime(cursor, in: schedule.timeZone).weekday == calendarWeekday)
        }
    }

    @Test func firesBetween_excludesTheStart_andIncludesTheEnd() {
        let schedule = Schedule.daily(in: zone("UTC"))
        let fires = schedule.fires(between: instant("2026-12-01T09:00:00Z"), and: instant("2026-12-04T09:00:00Z"))
        #expect(
            fires == [
                instant("2026-12-02T09:00:00Z"), instant("2026-12-03T09:00:00Z"), instant("2026-12-04T09:00:00Z"),
            ])
        #expect(schedule.fires(between: instant("2026-12-04T09:00:00Z"), and: instant("2026-12-01T09:00:00Z")) == [])
        #expect(schedule.fires(between: instant("2026-12-04T09:00:00Z"), and: instant("2026-12-04T09:00:00Z")) == [])
    }

    /// Over all of 2026 in zones with daylight saving, `fires(between:and:)` is `nextFire` applied
    /// again and again; fires strictly increase; and each is at a time the expression names, or a
    /// fixed-time job's skipped time run at the end of the gap (03:00 on 8 March in New York).
    @Test(
        arguments: [
            "0 9 * * *", "30 2 * * *", "0 16 * * 5", "30 * * * *", "0,30 1-3 * * *", "*/20 2 * * *", "0 0 1 * mon",
        ], ["America/New_York", "Europe/Berlin"])
    func firesBetween_isNextFireRepeated_overAYearWithDST(cron: String, identifier: String) throws {
        let schedule = try Schedule(cron: cron, timeZoneIdentifier: identifier)
        let start = instant("2026-01-01T00:00:00Z")
        let end = instant("2027-01-01T00:00:00Z")
        let fires = schedule.fires(between: start, and: end)
        var cursor = start
        var repeated: [Date] = []
        while case let next = schedule.nextFire(after: cursor), next <= end {
            repeated.append(next)
            cursor = next
        }
        #expect(fires == repeated)
        #expect(zip(fires, fires.dropFirst()).allSatisfy { $0 < $1 })
        let gapEnds: Set<Date> = [instant("2026-03-08T07:00:00Z"), instant("2026-03-29T01:00:00Z")]
        for fire in fires {
            let local = localTime(fire, in: schedule.timeZone)
            let named = schedule.cron.hours.contains(local.hour) && schedule.cron.minutes.contains(local.minute)
            #expect(named || (gapEnds.contains(fire) && !schedule.cron.hasWildcardTime), "\(fire)")
        }
    }

    /// Each wall-clock time fires once a year: the skipped hour's :30 not at all (a wildcard job),
    /// the repeated hour's :30 once.
    @Test(arguments: ["America/New_York", "Europe/Berlin"])
    func hourlyJob_firesOncePerExistingWallClockTime(identifier: String) throws {
        let schedule = try Schedule(cron: "30 * * * *", timeZoneIdentifier: identifier)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = schedule.timeZone
        let start = calendar.date(from: DateComponents(year: 2026, month: 1, day: 1))!
        let end = calendar.date(from: DateComponents(year: 2027, month: 1, day: 1))!
        #expect(schedule.fires(between: start, and: end).count == 365 * 24 - 1)
    }

    @Test func everyMinute_onTheSpringForwardDay_firesAtEachExistingMinute() throws {
        let schedule = try Schedule(cron: "* * * * *", timeZoneIdentifier: "America/New_York")
        let fires = schedule.fires(between: instant("2026-03-08T05:00:00Z"), and: instant("2026-03-09T04:00:00Z"))
        #expect(fires.count == 23 * 60)
    }

    @Test func unknownTimeZone_isAnErrorNamingIt() {
        #expect {
            try Schedule(cron: "0 9 * * *", timeZoneIdentifier: "America/New_Yrok")
        } throws: { error in
            let error = error as? SchedulingError
            return error?.code == .unknownTimeZone && error?.message.contains("\"America/New_Yrok\"") == true
        }
    }

    @Test func badCron_inASchedule_isTheCronError() {
        #expect(throws: SchedulingError.self) { try Schedule(cron: "0 25 * * *", timeZoneIdentifier: "UTC") }
    }
}
