import Foundation

/// A time zone's wall clock over a few days: the UTC offsets in force and the instants at which
/// they change. It places a wall-clock time as an instant without asking the zone again, and says
/// when the time occurs twice (the clock went back) or not at all (the clock jumped forward).
///
/// Times are whole seconds since 1970-01-01 00:00 UTC; a wall-clock time is the seconds since
/// 1970-01-01 00:00 *local*, as if local time were UTC (so `wall == instant + offset`).
struct ZoneClock {
    /// From `start` (the first segment: from the beginning of time) until the next segment's
    /// start, the zone is `offset` seconds ahead of UTC.
    struct Segment: Equatable {
        var start: Int
        var offset: Int
    }

    /// Where a wall-clock time falls.
    enum Placement: Equatable {
        /// The time occurs at `instant`: once, or, when `repeated`, first at `instant` and again later
        /// (the clock went back over it).
        case at(instant: Int, repeated: Bool)
        /// The time does not occur: the clock jumped over it at `gapEnd`, the first instant after
        /// the gap.
        case skipped(gapEnd: Int)
    }

    let segments: [Segment]

    init(segments: [Segment]) {
        precondition(!segments.isEmpty)
        self.segments = segments
    }

    /// `zone` over the instants `from..<to`.
    init(zone: TimeZone, from: Int, to: Int) {
        var segments = [Segment(start: from, offset: zone.secondsFromGMT(for: Date(seconds: from)))]
        var cursor = from
        // Foundation reports every change of offset here, not only daylight saving (it reports
        // Pacific/Apia's 2011 move across the date line).
        while let next = zone.nextDaylightSavingTimeTransition(after: Date(seconds: cursor)).map(\.wholeSeconds),
            next > cursor, next < to
        {
            let offset = zone.secondsFromGMT(for: Date(seconds: next))
            if offset != segments[segments.count - 1].offset { segments.append(Segment(start: next, offset: offset)) }
            cursor = next
        }
        self.init(segments: segments)
    }

    /// `zone` around the local day `day` (days since 1970-01-01): enough to place every time of
    /// that day, and the end of a gap that starts in it.
    init(zone: TimeZone, aroundDay day: Int) {
        self.init(zone: zone, from: (day - 1) * 86_400, to: (day + 3) * 86_400)
    }

    func place(wall: Int) -> Placement {
        if segments.count == 1 { return .at(instant: wall - segments[0].offset, repeated: false) }
        var occurrences: [Int] = []
        for (index, segment) in segments.enumerated() {
            let instant = wall - segment.offset
            let starts = index == 0 || instant >= segment.start
            let ends = index == segments.count - 1 || instant < segments[index + 1].start
            if starts && ends { occurrences.append(instant) }
        }
        if let first = occurrences.min() { return .at(instant: first, repeated: occurrences.count > 1) }
        for index in 1..<segments.count {
            let change = segments[index].start
            if change + segments[index - 1].offset <= wall && wall < change + segments[index].offset {
                return .skipped(gapEnd: change)
            }
        }
        preconditionFailure("wall-clock time \(wall) neither occurs nor falls in a gap of \(segments)")
    }
}

extension Date {
    init(seconds: Int) { self.init(timeIntervalSince1970: TimeInterval(seconds)) }

    /// Seconds since 1970, rounded down.
    var wholeSeconds: Int { Int(timeIntervalSince1970.rounded(.down)) }
}
