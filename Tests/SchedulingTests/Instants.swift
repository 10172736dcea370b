import Foundation

/// `2026-03-08T07:00:00Z` (or with an offset) as a `Date`; tests write instants in UTC.
func instant(_ text: String) -> Date {
    guard let date = ISO8601DateFormatter().date(from: text) else { fatalError("not an ISO-8601 instant: \(text)") }
    return date
}

func zone(_ identifier: String) -> TimeZone {
    guard let zone = TimeZone(identifier: identifier) else { fatalError("unknown zone \(identifier)") }
    return zone
}

/// The local weekday (1 = Sunday … 7 = Saturday, as `Calendar` counts), hour and minute of `date`.
func localTime(_ date: Date, in zone: TimeZone) -> (weekday: Int, hour: Int, minute: Int) {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = zone
    let parts = calendar.dateComponents([.weekday, .hour, .minute], from: date)
    return (parts.weekday!, parts.hour!, parts.minute!)
}
