import Foundation

/// The length of one period of a series, as PostHog's `interval` / retention `period` names it.
public enum Interval: String, Sendable, Codable, CaseIterable {
    case minute, hour, day, week, month

    /// Reads PostHog's spelling (`day`, `Week`, ...); nil for anything else.
    public init?(posthog text: String?) {
        guard let text, let interval = Interval(rawValue: text.lowercased()) else { return nil }
        self = interval
    }

    /// The end of the period that starts at `start`, in the calendar of the project's zone
    /// (so a day across a DST change is 23 or 25 hours long, as it is for PostHog).
    public func end(of start: Date, calendar: Calendar) -> Date {
        let component: Calendar.Component =
            switch self {
            case .minute: .minute
            case .hour: .hour
            case .day: .day
            case .week: .weekOfYear
            case .month: .month
            }
        return calendar.date(byAdding: component, value: 1, to: start) ?? start
    }

    /// Periods of this length in one week (for growth-per-week figures); nil for months.
    public var periodsPerWeek: Double? {
        switch self {
        case .minute: 7 * 24 * 60
        case .hour: 7 * 24
        case .day: 7
        case .week: 1
        case .month: nil
        }
    }
}
