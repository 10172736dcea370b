import PostHog

/// The total of one measure of a broken-down insight, and what each breakdown value adds to its
/// changes (root cause by breakdown).
///
/// PostHog sends a broken-down trend as one series per value and no total. The total of a
/// measure (the values of one query series, SQL column and compare period: the series whose keys
/// differ only in `b`) is the sum of its values' series, period by period, PostHog's `Other` and
/// `None` buckets included, so that it counts every event once. A period where any value is
/// missing is missing in the total, never a partial sum. Only additive measures have a total:
/// event counts (`total`, PostHog's default), property sums (`sum`) and SQL integer columns. A
/// person can fall in several values of an event-property breakdown, so the values of a
/// unique-people measure (`dau`, ...) do not add up to its total, and averages never do.
///
/// The total's key is its measure's with the breakdown part replaced by `total=b`
/// (`s=0;total=b`, `col=signups;total=b`): it never equals a value's key (a literal value is a
/// `b` part), nor the key of the same series without a breakdown (`s=0`), whose people are
/// counted once.
struct BreakdownTotal {
    /// The total: named "Total" ("NAME · total" when the values' names carry their query
    /// series' name), keyed `…;total=b`.
    let series: TimeSeries
    /// The breakdown values summed, in the insight's order.
    let members: [TimeSeries]

    /// The totals of every additive measure of `series` that has two or more breakdown values,
    /// in the order of their keys.
    static func totals(of series: [TimeSeries]) -> [BreakdownTotal] {
        let broken = series.filter { $0.breakdown != nil && isAdditive($0.measure) }
        let measures = Dictionary(grouping: broken, by: measureKey)
        return measures.keys.sorted().compactMap { key in
            guard let members = measures[key], members.count >= 2,
                Set(members.map(\.interval)).count == 1, Set(members.map(\.measure)).count == 1
            else { return nil }
            return BreakdownTotal(members: members)
        }
    }

    /// What identifies a measure of an insight: a series' key without its breakdown value (or,
    /// for a series built by hand, without its name).
    static func measureKey(_ series: TimeSeries) -> SeriesKey {
        SeriesKey(series.key.parts.filter { $0.name != "b" && $0.name != "name" })
    }

    /// Measures whose breakdown values add up to their total.
    static func isAdditive(_ measure: String?) -> Bool {
        measure == nil || measure == "total" || measure == "sum"
    }

    private init(members: [TimeSeries]) {
        self.members = members
        let first = members[0]
        let points: [Point]
        if members.allSatisfy({ $0.points.elementsEqual(first.points, by: { $0.period == $1.period }) }) {
            // The usual case, values over the same periods: summed period by period, in place
            // (from 0 in the members' order; nil as soon as one is missing).
            points = first.points.indices.map { index in
                var sum: Double? = 0
                var isComplete = true
                for member in members {
                    let point = member.points[index]
                    if let total = sum, let value = point.value { sum = total + value } else { sum = nil }
                    isComplete = isComplete && point.isComplete
                }
                let point = first.points[index]
                return Point(period: point.period, start: point.start, value: sum, isComplete: isComplete)
            }
        } else {
            let values = members.map(Self.valuesByPeriod)
            let complete = members.map {
                Dictionary($0.points.map { ($0.period, $0.isComplete) }, uniquingKeysWith: { $1 })
            }
            points = first.points.map { point in
                let parts = values.map { $0[point.period] }
                let sum: Double? = parts.contains(nil) ? nil : parts.reduce(0) { $0 + ($1 ?? 0) }
                return Point(
                    period: point.period, start: point.start, value: sum,
                    isComplete: complete.allSatisfy { $0[point.period] ?? false })
            }
        }
        var parts = first.key.parts.filter { $0.name != "name" }
        if let index = parts.firstIndex(where: { $0.name == "b" }) {
            parts[index] = .init("total", "b")
        } else {
            parts.append(.init("total", "b"))
        }
        // "Signups · newsletter" (several query series) makes "Signups · total"; a bare value, "Total".
        let bases = Set(
            members.map { member in
                member.breakdown.flatMap { value in
                    member.name.hasSuffix(" · \(value)") ? String(member.name.dropLast(value.count + 3)) : nil
                } ?? ""
            })
        let name = bases.count == 1 && bases.first != "" ? "\(bases.first!) · total" : "Total"
        series = TimeSeries(
            name: name, compareLabel: first.compareLabel, interval: first.interval, measure: first.measure,
            points: points, key: SeriesKey(parts))
    }

    /// A member's value per period label; absent where missing (the last point of a label, should
    /// a series built by hand hold one twice). For members over different periods, and windows that
    /// are not a run of the member's periods.
    private static func valuesByPeriod(_ member: TimeSeries) -> [String: Double] {
        Dictionary(
            member.points.compactMap { point in point.value.map { (point.period, $0) } }, uniquingKeysWith: { $1 })
    }

    /// Each member's values over `periods` (nil where missing), member by member.
    func memberValues(_ periods: [String]) -> [[Double?]] {
        members.map { Self.values($0, over: periods) }
    }

    /// A member's values over `periods` (nil where missing). Usually `periods` is a run of the
    /// member's own (the total's detection window): read off that run; otherwise looked up by
    /// label. The same values as by label when the member holds each period once, as normalised
    /// series do (normalisation rejects a period given twice).
    private static func values(_ member: TimeSeries, over periods: [String]) -> [Double?] {
        let points = member.points
        if let first = periods.first, let start = points.firstIndex(where: { $0.period == first }),
            points.count - start >= periods.count,
            points[start..<(start + periods.count)].elementsEqual(periods, by: { $0.period == $1 })
        {
            return points[start..<(start + periods.count)].map(\.value)
        }
        let byPeriod = valuesByPeriod(member)
        return periods.map { byPeriod[$0] }
    }

    /// Each member's mean over `current` minus its mean over `reference`: exactly the total's
    /// change between the same periods, split by value, when the total is known on all of them.
    /// nil when a member has no value in either set.
    func changes(current: [String], reference: [String]) -> [Double]? {
        var changes: [Double] = []
        for member in members {
            let now = Self.values(member, over: current).compactMap { $0 }
            let then = Self.values(member, over: reference).compactMap { $0 }
            guard !now.isEmpty, !then.isEmpty else { return nil }
            changes.append(now.reduce(0, +) / Double(now.count) - then.reduce(0, +) / Double(then.count))
        }
        return changes
    }

    /// The members' changes as contributions to the total's: sorted by size (then key), the
    /// `listed` largest named and the rest summed as one, each with its share of the sum of all
    /// changes (so shares add up to 1). Empty when the changes cancel out or are not finite.
    /// - Precondition: `changes` has one entry per member.
    func contributions(_ changes: [Double], listed: Int = 3) -> [FindingDetail.Contribution] {
        precondition(changes.count == members.count, "one change per breakdown value")
        let total = changes.reduce(0, +)
        guard total.isFinite, total != 0, changes.allSatisfy(\.isFinite) else { return [] }
        let order = members.indices.sorted {
            (abs(changes[$0]), members[$1].key.description) > (abs(changes[$1]), members[$0].key.description)
        }
        // Four values are listed as four rather than three and "1 other value".
        let named = order.count == listed + 1 ? order : Array(order.prefix(listed))
        var result = named.map { index in
            FindingDetail.Contribution(
                series: members[index].breakdown ?? members[index].name, seriesKey: members[index].key,
                change: changes[index], share: changes[index] / total)
        }
        let rest = order.dropFirst(named.count)
        if !rest.isEmpty {
            let change = rest.reduce(0) { $0 + changes[$1] }
            result.append(
                .init(
                    series: "\(rest.count) other values", seriesKey: nil, values: rest.count, change: change,
                    share: change / total))
        }
        return result
    }
}
