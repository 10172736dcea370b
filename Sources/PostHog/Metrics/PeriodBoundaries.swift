import Foundation
import Synchronization

/// Where periods start and end, worked out once per distinct period label and kept.
///
/// A year of daily series shares its 365 day labels across every series of every insight, and
/// `Calendar` arithmetic in the project's zone (ICU under Foundation) is the costly part of
/// reading a point. So each label is read and placed in its zone once, by exactly the functions
/// a point would otherwise call (`Timestamp.localStart`, `Interval.end`), and looked up after:
/// the instants are identical, DST days included, and a report is unchanged byte for byte.
///
/// Shared by every copy of a normaliser (a class behind a lock), so insights normalised
/// concurrently reuse one another's work.
final class PeriodBoundaries: Sendable {
    typealias Period = (start: Date, end: Date)

    private struct Table: Hashable {
        var zone: String
        var interval: Interval
    }

    /// Per zone and interval, each label's period; nil when the label is not a timestamp (kept
    /// too, so a bad label is read only once).
    private let known = Mutex<[Table: [String: Period?]]>([:])

    /// The periods of `labels` in `calendar`'s zone, in order; nil for a label that is not a
    /// date or timestamp.
    func periods(_ labels: [String], interval: Interval, calendar: Calendar) -> [Period?] {
        let table = Table(zone: calendar.timeZone.identifier, interval: interval)
        return known.withLock { known in
            // Taken out while in use, so that adding to it does not copy it.
            var labelled = known.removeValue(forKey: table) ?? [:]
            defer { known[table] = labelled }
            return labels.map { label in
                if let period = labelled[label] { return period }
                let period = Timestamp.localStart(label, in: calendar.timeZone).map {
                    (start: $0, end: interval.end(of: $0, calendar: calendar))
                }
                labelled[label] = .some(period)
                return period
            }
        }
    }
}
