import Foundation

extension Schedule {
    /// `Fri 2026-12-04 16:00 America/New_York (UTC−05:00)`: `instant` on this schedule's wall clock,
    /// with the weekday, the zone and its offset then (a minus sign, U+2212, west of UTC).
    /// Seconds are left out: fires fall on whole minutes.
    public func describe(_ instant: Date) -> String {
        let wall = instant.wholeSeconds + timeZone.secondsFromGMT(for: instant)
        return "\(Self.dayAndTime(wall: wall)) \(timeZone.identifier) (\(Self.utcOffset(wall - instant.wholeSeconds)))"
    }

    /// The next `count` fires after `date`, a line each, as `dashbrief schedule --next N` lists them.
    /// A fire for a time the clock skips says which (`Sun 2026-03-08 03:00 America/New_York
    /// (UTC−04:00), for 02:30, which the clock skips that day`); one at a time the clock shows twice
    /// says it is the first.
    public func describeNextFires(_ count: Int, after date: Date) -> [String] {
        occurrences(after: date).prefix(max(0, count)).map { fire in
            let time = Self.time(wall: fire.wall)
            return switch fire.placement {
            case .at(_, repeated: false): describe(fire.instant)
            case .at(_, repeated: true): "\(describe(fire.instant)), the first of the day's two \(time)s"
            case .skipped: "\(describe(fire.instant)), for \(time), which the clock skips that day"
            }
        }
    }

    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]

    /// `Fri 2026-12-04 16:00`.
    private static func dayAndTime(wall: Int) -> String {
        let date = CivilDate(daysSinceEpoch: wall.floorDivided(by: 86_400))
        let day = "\(date.year)-\(twoDigits(date.month))-\(twoDigits(date.day))"
        return "\(weekdays[date.weekday]) \(day) \(time(wall: wall))"
    }

    /// `16:00`.
    private static func time(wall: Int) -> String {
        let seconds = wall.modulo(86_400)
        return "\(twoDigits(seconds / 3600)):\(twoDigits(seconds / 60 % 60))"
    }

    /// `UTC+01:00`, `UTC−05:00`, `UTC+05:30`; seconds only when there are some (`UTC−04:56:02`,
    /// New York's local mean time before 1883).
    private static func utcOffset(_ offset: Int) -> String {
        let magnitude = abs(offset)
        let seconds = magnitude % 60 == 0 ? "" : ":\(twoDigits(magnitude % 60))"
        return
            "UTC\(offset < 0 ? "\u{2212}" : "+")\(twoDigits(magnitude / 3600)):\(twoDigits(magnitude / 60 % 60))\(seconds)"
    }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
