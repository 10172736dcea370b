import Foundation

/// A cron expression in a time zone: when a job fires, computed on that zone's wall clock.
///
/// Daylight saving time is handled as Vixie cron handles it:
/// - A time the clock skips (02:30 when clocks jump from 02:00 to 03:00) fires once, at the first
///   instant after the gap (03:00), for a fixed-time job (`30 2 * * *`). Several skipped times of
///   one job fire once. A job whose minute or hour field starts with `*` (`30 * * * *`,
///   `*/15 2 * * *`) skips them: it fires at the times that exist.
/// - A time the clock shows twice (01:30 when clocks go back from 02:00 to 01:00) fires once, at
///   its first occurrence, for every job. (Vixie cron runs wildcard jobs in the repeated hour
///   again; here each wall-clock time fires once, so a fire is named by its local time alone.)
///
/// Gaps and repeats of any length are treated alike (Pacific/Apia skipped 30 December 2011).
public struct Schedule: Sendable, Hashable {
    public var cron: CronExpression
    public var timeZone: TimeZone

    public init(cron: CronExpression, timeZone: TimeZone) {
        self.cron = cron
        self.timeZone = timeZone
    }

    /// `cron` in the zone named `timeZoneIdentifier` (`America/New_York`).
    /// - Throws: `SchedulingError` naming the expression's fault or the unknown zone.
    public init(cron: String, timeZoneIdentifier: String) throws(SchedulingError) {
        self.init(cron: try CronExpression(cron), timeZone: try Self.timeZone(identifier: timeZoneIdentifier))
    }

    /// The daily alert's default, 09:00 every day (`0 9 * * *`), in `timeZone`: the PostHog project's.
    public static func daily(in timeZone: TimeZone) -> Schedule {
        Schedule(cron: .dailyDefault, timeZone: timeZone)
    }

    /// The weekly report's default, Friday 16:00 (`0 16 * * 5`), in `timeZone`: the PostHog project's.
    public static func weekly(in timeZone: TimeZone) -> Schedule {
        Schedule(cron: .weeklyDefault, timeZone: timeZone)
    }

    /// The zone with this IANA identifier (`Europe/Berlin`, `UTC`).
    /// - Throws: `SchedulingError` with code `.unknownTimeZone` naming the identifier.
    public static func timeZone(identifier: String) throws(SchedulingError) -> TimeZone {
        guard let zone = TimeZone(identifier: identifier) else {
            throw SchedulingError(
                .unknownTimeZone,
                "time zone \"\(identifier)\" is unknown; use an IANA name such as America/New_York, Europe/Berlin or UTC"
            )
        }
        return zone
    }

    /// The first fire strictly after `date`, at a whole minute.
    ///
    /// Complexity: proportional to the days searched (about one for a daily job; a job that only
    /// fires on a Sunday 29 February searches up to 28 years of days, in microseconds each).
    public func nextFire(after date: Date) -> Date {
        var iterator = occurrences(after: date)
        guard let fire = iterator.next() else {
            preconditionFailure("cron \"\(cron)\" found no fire in 400 years after \(date)")
        }
        return fire.instant
    }

    /// Every fire `f` with `start < f <= end`, in order: the fires missed by a process that last
    /// looked at `start` and now looks at `end`. Empty when `end <= start`.
    ///
    /// Complexity: proportional to the days between `start` and `end` plus the fires returned.
    public func fires(between start: Date, and end: Date) -> [Date] {
        var result: [Date] = []
        var iterator = occurrences(after: start)
        while let fire = iterator.next(), fire.instant <= end { result.append(fire.instant) }
        return result
    }

    func occurrences(after date: Date) -> Occurrences {
        Occurrences(schedule: self, after: date)
    }
}

/// A fire, with the wall-clock time it is for.
struct Occurrence: Equatable {
    var instant: Date
    /// The local time the cron expression names, in wall-clock seconds (see `ZoneClock`). It is
    /// the instant's local time, except for a time the clock skipped, which fires at the gap's end.
    var wall: Int
    var placement: ZoneClock.Placement
}

/// The fires after an instant, in order, each instant at most once.
struct Occurrences: IteratorProtocol, Sequence {
    /// A day with no fire for this long ends the search: the calendar repeats every 400 years, and
    /// every expression that parses matches some day of them.
    private static let searchDays = 146_097 + 2

    private let schedule: Schedule
    /// Fires must come strictly after this instant (seconds since 1970).
    private var floor: TimeInterval
    private var day: Int
    private var timeIndex = 0
    private var clock: ZoneClock?
    private var daysWithoutFire = 0

    init(schedule: Schedule, after date: Date) {
        self.schedule = schedule
        floor = date.timeIntervalSince1970
        let wall = date.wholeSeconds + schedule.timeZone.secondsFromGMT(for: date)
        // Start a day early: a time skipped late on the day before may fire after `date`.
        day = wall.floorDivided(by: 86_400) - 1
    }

    mutating func next() -> Occurrence? {
        let cron = schedule.cron
        while daysWithoutFire <= Self.searchDays {
            if clock == nil {
                guard cron.matches(CivilDate(daysSinceEpoch: day)) else {
                    nextDay()
                    continue
                }
                clock = ZoneClock(zone: schedule.timeZone, aroundDay: day)
                timeIndex = 0
            }
            while let clock, timeIndex < cron.secondsOfDay.count {
                let wall = day * 86_400 + cron.secondsOfDay[timeIndex]
                timeIndex += 1
                let placement = clock.place(wall: wall)
                let instant: Int
                switch placement {
                case .at(let at, _): instant = at
                case .skipped(let gapEnd):
                    if cron.hasWildcardTime { continue }
                    instant = gapEnd
                }
                // Fires only move forward, and several skipped times share their gap's end.
                guard TimeInterval(instant) > floor else { continue }
                floor = TimeInterval(instant)
                daysWithoutFire = 0
                return Occurrence(instant: Date(seconds: instant), wall: wall, placement: placement)
            }
            nextDay()
        }
        return nil
    }

    private mutating func nextDay() {
        clock = nil
        day += 1
        daysWithoutFire += 1
    }
}
