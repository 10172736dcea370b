import Foundation
import PostHog

/// The moment a report is evaluated as of, earlier than its data (`--as-of`): data after it is
/// invisible and the period under way at it counts as incomplete, as it was for a report run then.
public enum AsOf: Sendable, Equatable, CustomStringConvertible {
    /// The first moment of a local day (`YYYY-MM-DD`) in the project's time zone: every day before
    /// it is complete, the day itself has just begun. What a scheduled run early that day saw.
    case day(String)
    /// An exact instant.
    case instant(Date)

    /// `2026-11-20` (a local day) or an ISO-8601 instant (`2026-11-20T09:00:00-08:00`).
    /// - Throws: `DashbriefError.configuration` naming the value.
    public static func parse(_ text: String) throws(DashbriefError) -> AsOf {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        // A real calendar day: `2026-02-30` must not slide into March.
        if trimmed.count == 10, let start = Timestamp.localStart(trimmed, in: .gmt),
            Timestamp.localDay(start, in: .gmt) == trimmed
        {
            return .day(trimmed)
        }
        if let instant = Timestamp.instant(trimmed) { return .instant(instant) }
        throw DashbriefError(
            .configuration, "--as-of: \"\(text)\" is neither a date (YYYY-MM-DD) nor an ISO-8601 timestamp")
    }

    /// The instant, a local day being read in `zone`.
    public func instant(in zone: TimeZone) -> Date {
        switch self {
        case .day(let day): Timestamp.localStart(day, in: zone) ?? .distantPast
        case .instant(let instant): instant
        }
    }

    public var description: String {
        switch self {
        case .day(let day): day
        case .instant(let instant): Timestamp.format(instant)
        }
    }
}
