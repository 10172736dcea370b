import Foundation

/// Parses the timestamps PostHog sends: ISO-8601 instants with an optional fraction and `Z` or
/// `±hh:mm` (`2026-11-24T23:12:07.482Z`, `2026-09-06T00:00:00-07:00`), and local wall-clock
/// periods without an offset (`2026-11-24`, `2026-11-24 13:00:00`) read in the project's zone.
public enum Timestamp {
    /// The instant of an ISO-8601 timestamp with an offset; nil when the text is not one.
    public static func instant(_ text: String) -> Date? {
        guard let parts = parse(text), let offset = parts.offsetSeconds else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: offset) ?? .gmt
        return calendar.date(from: parts.components).map { $0.addingTimeInterval(parts.fraction) }
    }

    /// Calendar days from one day (`2026-11-20`) to another; nil for text that is not a day.
    public static func days(from start: String, to end: String) -> Int? {
        guard let from = localStart(start, in: .gmt), let to = localStart(end, in: .gmt) else { return nil }
        return Int((to.timeIntervalSince(from) / 86_400).rounded())
    }

    /// The instant at which a local wall-clock time (`2026-11-24` or `2026-11-24 13:00:00`)
    /// happens in `zone`. A text with an explicit offset is taken as that instant.
    public static func localStart(_ text: String, in zone: TimeZone) -> Date? {
        guard let parts = parse(text) else { return nil }
        if parts.offsetSeconds != nil { return instant(text) }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.date(from: parts.components).map { $0.addingTimeInterval(parts.fraction) }
    }

    /// A period start as a SQL cell gives it (`2026-11-24`, `2026-11-24 00:00:00`,
    /// `2026-11-24T00:00:00Z`, `2026-11-24T00:00:00-08:00`): its instant, and the zone whose wall
    /// clock it was written in. That is `zone` when the text carries no offset or `zone`'s own
    /// offset at that instant; otherwise its fixed offset, so that a day a query bucketed in UTC
    /// stays that day in a project elsewhere. nil when the text is not a timestamp.
    public static func periodStart(_ text: String, in zone: TimeZone) -> (instant: Date, zone: TimeZone)? {
        guard let parts = parse(text), let instant = localStart(text, in: zone) else { return nil }
        guard let offset = parts.offsetSeconds, zone.secondsFromGMT(for: instant) != offset else {
            return (instant, zone)
        }
        return (instant, TimeZone(secondsFromGMT: offset) ?? zone)
    }

    /// ISO-8601 in UTC with milliseconds, the form dashbrief writes.
    public static func format(_ date: Date) -> String {
        // Whole milliseconds first: splitting the Double into components would lose one to rounding.
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let seconds = milliseconds.quotient(dividingBy: 1000)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        let c = calendar.dateComponents(
            [.year, .month, .day, .hour, .minute, .second], from: Date(timeIntervalSince1970: Double(seconds)))
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", c.year!, c.month!, c.day!, c.hour!, c.minute!,
            c.second!, Int(milliseconds - seconds * 1000))
    }

    /// The local calendar date of `date` in `zone`, as `YYYY-MM-DD`.
    public static func localDay(_ date: Date, in zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }

    /// The local date and time of `date` in `zone`, as `YYYY-MM-DD HH:MM:SS` (PostHog's form for
    /// hourly periods).
    public static func localDateTime(_ date: Date, in zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d:%02d", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }

    private struct Parts {
        var components: DateComponents
        var fraction: TimeInterval
        var offsetSeconds: Int?
    }

    private static func parse(_ text: String) -> Parts? {
        let bytes = Array(text.utf8)
        var index = 0
        func number(_ width: Int) -> Int? {
            guard index + width <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[index..<index + width] {
                guard (48...57).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            index += width
            return value
        }
        func expect(_ character: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == character else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect(45), let month = number(2), expect(45), let day = number(2),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var components = DateComponents(year: year, month: month, day: day, hour: 0, minute: 0, second: 0)
        var fraction: TimeInterval = 0
        var offset: Int?
        if index < bytes.count {
            guard expect(84) || expect(32),  // "T" or " "
                let hour = number(2), expect(58), let minute = number(2), hour < 24, minute < 60
            else { return nil }
            components.hour = hour
            components.minute = minute
            if expect(58) {
                guard let second = number(2), second < 61 else { return nil }
                components.second = second
                if expect(46) {
                    let start = index
                    while index < bytes.count, (48...57).contains(bytes[index]) { index += 1 }
                    guard index > start else { return nil }
                    fraction = Double("0." + String(decoding: bytes[start..<index], as: UTF8.self)) ?? 0
                }
            }
            if expect(90) {  // "Z"
                offset = 0
            } else if index < bytes.count, bytes[index] == 43 || bytes[index] == 45 {
                let sign = bytes[index] == 45 ? -1 : 1
                index += 1
                guard let hours = number(2) else { return nil }
                _ = expect(58)
                guard let minutes = number(2) else { return nil }
                offset = sign * (hours * 3600 + minutes * 60)
            }
        }
        guard index == bytes.count else { return nil }
        return Parts(components: components, fraction: fraction, offsetSeconds: offset)
    }
}

extension Int64 {
    /// Floor division, so that instants before 1970 format correctly too.
    fileprivate func quotient(dividingBy divisor: Int64) -> Int64 {
        let (q, r) = quotientAndRemainder(dividingBy: divisor)
        return r < 0 ? q - 1 : q
    }
}
