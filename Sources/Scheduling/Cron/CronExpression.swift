import Foundation

/// A five-field cron expression, `minute hour day-of-month month day-of-week`, read as Vixie cron
/// (the cron of most Linux systems) reads it.
///
/// Each field takes `*`, a number, a range `1-5`, a step over either (`*/15`, `1-5/2`, and `10/20`
/// for "10 to the end, every 20"), and comma lists of these. Month and day-of-week also take
/// three-letter names, in any case (`jan`…`dec`, `sun`…`sat`; in ranges too: `mon-fri`).
///
/// **Day-of-week counts from Sunday.** 0 and 7 are both Sunday, 1 is Monday, 5 is Friday: the Unix
/// convention. Some libraries count from Monday = 0 (APScheduler 3's `CronTrigger`), where
/// `0 16 * * 5` fires on Saturday; here it fires on Friday, and names (`fri`) say so unmistakably.
///
/// **Two day fields.** When both day-of-month and day-of-week are restricted, a day matches if
/// *either* does: `0 9 1 * mon` fires on the 1st and on every Monday. When either field starts
/// with `*` (`*`, `*/2`), both must match: `0 9 */2 * mon` fires on Mondays with an odd date. That
/// `*/2` counts as unrestricted is Vixie cron's rule, kept so a crontab means the same here.
///
/// Macros: `@yearly` and `@annually` (`0 0 1 1 *`), `@monthly` (`0 0 1 * *`), `@weekly`
/// (`0 0 * * 0`), `@daily` and `@midnight` (`0 0 * * *`), `@hourly` (`0 * * * *`). There is no
/// seconds or year field and no `@reboot`.
///
/// Equal expressions fire at the same times: `0 0 * * 7` equals `0 0 * * 0`; the text as written
/// is not compared.
public struct CronExpression: Sendable, Hashable, CustomStringConvertible {
    /// How the day-of-month and day-of-week fields combine.
    public enum DayMatching: Sendable, Hashable {
        /// Both must match: one of them starts with `*`.
        case both
        /// Either may match: both are restricted.
        case either
    }

    /// The expression as written, trimmed: five fields or a macro.
    public let text: String
    /// Sorted, 0-59.
    public let minutes: [Int]
    /// Sorted, 0-23.
    public let hours: [Int]
    /// Sorted, 1-31.
    public let daysOfMonth: [Int]
    /// Sorted, 1-12.
    public let months: [Int]
    /// Sorted, 0-6, Sunday = 0 (a 7 as written is read as 0).
    public let daysOfWeek: [Int]
    public let dayMatching: DayMatching
    /// Whether the minute or the hour field starts with `*` (`30 * * * *`, `*/15 9 * * *`): Vixie
    /// cron's "wildcard" job, which skips the times a daylight-saving gap removes, where a
    /// fixed-time job (`30 2 * * *`) runs once right after the gap.
    public let hasWildcardTime: Bool

    /// 09:00 every day: the daily alert's default.
    public static let dailyDefault = try! CronExpression("0 9 * * *")
    /// 16:00 every Friday: the weekly report's default.
    public static let weeklyDefault = try! CronExpression("0 16 * * 5")

    /// Parses `text`: five fields separated by spaces or tabs, or a macro.
    ///
    /// - Throws: `SchedulingError` with code `.invalidCron`, the `field` at fault when there is one,
    ///   and a message naming field and value (`cron "0 25 * * *": hour 25 is out of range 0-23`).
    ///   An expression that matches no existing day (`0 0 30 2 *`) is an error too, so that every
    ///   expression that parses fires.
    public init(_ text: String) throws(SchedulingError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let fields = try CronParser(expression: trimmed).fields()
        self.text = trimmed
        minutes = fields.minute.values
        hours = fields.hour.values
        daysOfMonth = fields.dayOfMonth.values
        months = fields.month.values
        daysOfWeek = fields.dayOfWeek.values
        dayMatching = fields.dayOfMonth.startsWithStar || fields.dayOfWeek.startsWithStar ? .both : .either
        hasWildcardTime = fields.minute.startsWithStar || fields.hour.startsWithStar
        secondsOfDay = fields.hour.values.flatMap { hour in fields.minute.values.map { hour * 3600 + $0 * 60 } }
        try checkSomeDayMatches()
    }

    /// Every time of day the expression names, as seconds after midnight, ascending.
    let secondsOfDay: [Int]

    public var description: String { text }

    /// Whether the expression fires on this date (of the proleptic Gregorian calendar), at the
    /// times its minute and hour fields name.
    public func matchesDay(year: Int, month: Int, day: Int) -> Bool {
        matches(CivilDate(year: year, month: month, day: day))
    }

    func matches(_ date: CivilDate) -> Bool {
        guard months.contains(date.month) else { return false }
        let dayOfMonth = daysOfMonth.contains(date.day)
        let dayOfWeek = daysOfWeek.contains(date.weekday)
        return switch dayMatching {
        case .both: dayOfMonth && dayOfWeek
        case .either: dayOfMonth || dayOfWeek
        }
    }

    /// With `.either`, every week has a matching day. With `.both`, a day of the month that some
    /// month in the list has also falls on every day of the week over the 400-year Gregorian cycle
    /// (29 February included), so such a day is all that is needed.
    private func checkSomeDayMatches() throws(SchedulingError) {
        guard dayMatching == .both else { return }
        if months.contains(where: { CivilDate.days(inMonth: $0, year: nil) >= daysOfMonth[0] }) { return }
        let days = daysOfMonth.map(String.init).joined(separator: ",")
        let monthList = months.map(String.init).joined(separator: ",")
        throw .invalidCron(
            text, "day-of-month \(days) never occurs in month \(monthList), so the schedule would never fire",
            field: .dayOfMonth)
    }

    public static func == (lhs: CronExpression, rhs: CronExpression) -> Bool {
        lhs.minutes == rhs.minutes && lhs.hours == rhs.hours && lhs.daysOfMonth == rhs.daysOfMonth
            && lhs.months == rhs.months && lhs.daysOfWeek == rhs.daysOfWeek && lhs.dayMatching == rhs.dayMatching
            && lhs.hasWildcardTime == rhs.hasWildcardTime
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(minutes)
        hasher.combine(hours)
        hasher.combine(daysOfMonth)
        hasher.combine(months)
        hasher.combine(daysOfWeek)
        hasher.combine(dayMatching)
        hasher.combine(hasWildcardTime)
    }
}
