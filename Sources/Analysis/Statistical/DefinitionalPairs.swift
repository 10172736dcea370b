import PostHog
import Stats

/// Pairs of series that are one quantity counted twice: their correlation is a definition, not a
/// finding, so the weekly correlation scan does not test them (README, "Correlations").
///
/// Everything is judged on the raw daily values over the scan's window, on the days both series
/// have, and needs at least `minimumDays` of them. "Agree" means within `tolerance` (5%) of the
/// larger value on at least `agreement` (90%) of those days.
/// - Copies: two series that agree and correlate at r ≥ `minimumCorrelation` (0.98) on the raw
///   values: the same event charted in two insights, or with a filter that removes almost nothing.
/// - A part and its total: the series of one insight that differ only in their breakdown value
///   (the `b` part of their key) sum to a series of another insight (the same event without the
///   breakdown); or one series of an insight is the sum of all its other series (a SQL `total`
///   column). Each part is paired with the total. `TimeSeries` does not say which event a
///   broken-down series counts, so the values decide: parts that do not add up to the total (a
///   breakdown that hides its `Other` bucket, unique users counted in two values) are not caught.
/// - A running total and its daily values: a series that never decreases over the window, whose
///   day-to-day increases agree with another series (PostHog's cumulative display of an event
///   beside the event per day).
///
/// Relations carry over to copies: the copy of a part is paired with the total too.
struct DefinitionalPairs {
    struct Series: Sendable {
        /// Series of one group (an insight) are never paired here: the scan skips them anyway.
        let group: Int
        let key: SeriesKey
        /// Raw values, aligned on the scan's days; nil where missing.
        let values: [Double?]
    }

    static let tolerance = 0.05
    static let agreement = 0.9
    static let minimumCorrelation = 0.98
    static let minimumDays = 14

    /// The pairs (by index into `series`) of different groups that are one quantity.
    static func find(_ series: [Series]) -> Set<Correlation.SeriesPair> {
        var copies = UnionFind(count: series.count)
        // Every series by level, sorted once for the three sweeps below. Levels and middles are
        // a median and a sort of each series: on every core (an xl run's 20,000 series took
        // 0.1 s of one core for them while the other waited).
        let byLevel = sortedByLevel(series.parallelMap { level($0.values) })
        let dense = DenseRows(series.map(\.values))
        let groups = series.map(\.group)
        // Judged on every core as they are swept (never all held at once); which are copies does
        // not depend on the order of joining.
        let middles = series.parallelMap { Middle($0.values) }
        let copyPairs = accepted(byLevel, byLevel) { i, j in
            i < j && groups[i] != groups[j] && Middle.mayAgree(middles[i], middles[j]) && agree(dense[i], dense[j])
                && (rawCorrelation(series[i].values, series[j].values) ?? -1) >= minimumCorrelation
        }
        for (i, j) in copyPairs { copies.join(i, j) }
        var related: [(Int, Int)] = []
        related += partsAndTotals(series, byLevel: byLevel, dense: dense, groups: groups)
        related += runningTotals(series, byLevel: byLevel, dense: dense, groups: groups)
        let classes = copies.classes()
        var pairs = Set<Correlation.SeriesPair>()
        func add(_ a: Int, _ b: Int) {
            for x in classes[copies.root(a)] ?? [a] {
                for y in classes[copies.root(b)] ?? [b] where series[x].group != series[y].group {
                    pairs.insert(Correlation.SeriesPair(x, y))
                }
            }
        }
        for members in classes.values where members.count > 1 { add(members[0], members[0]) }
        for (a, b) in related { add(a, b) }
        return pairs
    }

    /// (part, total) pairs: a breakdown's values summing to another insight's series, and a
    /// series that is the sum of the other series of its insight.
    private static func partsAndTotals(
        _ series: [Series], byLevel: [(level: Double, index: Int)], dense: DenseRows, groups: [Int]
    ) -> [(Int, Int)] {
        var sets: [[Int]] = []
        var byInsight: [Int: [Int]] = [:]
        for index in series.indices { byInsight[series[index].group, default: []].append(index) }
        for members in byInsight.values {
            // Series that differ only in their breakdown value are the parts of one measure.
            var byMeasure: [[SeriesKey.Part]: [Int]] = [:]
            for index in members where series[index].key.parts.contains(where: { $0.name == "b" }) {
                byMeasure[series[index].key.parts.filter { $0.name != "b" }, default: []].append(index)
            }
            sets += byMeasure.values.filter { $0.count >= 2 }
        }
        // Both searches on every core; `related` only fills a set, so its order does not matter.
        let sums = sets.parallelMap { set in sum(set.map { series[$0].values }) }
        let denseSums = DenseRows(sums)
        let partGroups = sets.map { groups[$0[0]] }
        let summed = accepted(sortedByLevel(sums.map(level)), byLevel) { set, total in
            groups[total] != partGroups[set] && denseSums.withRow(set) { agree($0, dense[total]) }
        }
        var related = summed.flatMap { set, total in sets[set].map { ($0, total) } }
        let insights = byInsight.values.filter { $0.count >= 3 }
        related += insights.parallelMap { members -> [(Int, Int)] in
            members.flatMap { total -> [(Int, Int)] in
                let others = members.filter { $0 != total }
                let othersSum = DenseRows([sum(others.map { series[$0].values })])
                return othersSum.withRow(0) { agree(dense[total], $0) } ? others.map { ($0, total) } : []
            }
        }.flatMap { $0 }
        return related
    }

    /// (running total, daily) pairs: a never-decreasing series whose increases are another's values.
    private static func runningTotals(
        _ series: [Series], byLevel targets: [(level: Double, index: Int)], dense: DenseRows, groups: [Int]
    ) -> [(Int, Int)] {
        Array(series.indices).parallelMap { index -> [(Int, Int)] in
            guard let increases = increases(series[index].values) else { return [] }
            let rising = DenseRows([increases])
            return sweep(sortedByLevel([level(increases)])[...], against: targets) { _, other in
                groups[other] != groups[index] && rising.withRow(0) { agree($0, dense[other]) }
            }.map { (index, $0.1) }
        }.flatMap { $0 }
    }

    /// Day-to-day increases of a series that never decreases (and rises) over the window; nil otherwise.
    static func increases(_ values: [Double?]) -> [Double?]? {
        var result = [Double?](repeating: nil, count: values.count)
        var rises = false
        for index in values.indices.dropFirst() {
            guard let current = values[index], let previous = values[index - 1] else { continue }
            let step = current - previous
            guard step >= -1e-9 * max(1, abs(previous)) else { return nil }
            if step > 0 { rises = true }
            result[index] = max(0, step)
        }
        return rises && result.compactMap({ $0 }).count >= minimumDays ? result : nil
    }

    /// |x| of each lane, its sign bit cleared: one instruction, where a comparison and a select
    /// take three (the same value for `agree`'s comparisons, ±0 and NaN included).
    @inline(__always)
    private static func magnitude(_ x: SIMD8<Double>) -> SIMD8<Double> {
        let bits = unsafeBitCast(x, to: SIMD8<UInt64>.self) & SIMD8(repeating: 0x7fff_ffff_ffff_ffff)
        return unsafeBitCast(bits, to: SIMD8<Double>.self)
    }

    /// Whether two series agree: within `tolerance` of the larger value on `agreement` of the at
    /// least `minimumDays` days both have.
    static func agree(_ a: [Double?], _ b: [Double?]) -> Bool {
        let rows = DenseRows([a, b])
        return rows.withRow(0) { a in rows.withRow(1) { b in agree(a, b) } }
    }

    /// `agree` on dense rows (NaN where missing): the form the sweeps call millions of times.
    static func agree(_ a: UnsafeBufferPointer<Double>, _ b: UnsafeBufferPointer<Double>) -> Bool {
        var shared = 0
        var close = 0
        let days = min(a.count, b.count)
        // More days apart than a tenth of all days: they cannot agree. Similar series of one level
        // share many close days before they part, so days are compared eight at a time; the
        // count apart only grows, so checking it after each eight decides as checking every day.
        let apartAllowed = (1 - agreement) * Double(days)
        typealias Lanes = SIMD8<Double>
        let width = Lanes.scalarCount
        var day = 0
        if let left = a.baseAddress, let right = b.baseAddress {
            // A mask lane is all ones (−1 as an integer) where true, so masks are counted by
            // subtracting them: the days both have lane by lane, summed once at the end; the days
            // apart summed every eight, for the early exit.
            var sharedLanes = SIMD8<Int64>()
            var apart: Int64 = 0
            while day + width <= days {
                let x = UnsafeRawPointer(left + day).loadUnaligned(as: Lanes.self)
                let y = UnsafeRawPointer(right + day).loadUnaligned(as: Lanes.self)
                // Finite on both sides: x − x is 0 only for a finite x.
                let both = (x - x .== 0) .& (y - y .== 0)
                let sizeX = magnitude(x)
                let sizeY = magnitude(y)
                // max by a select: the generic pointwiseMax is not inlined.
                let size = sizeX.replacing(with: sizeY, where: sizeX .< sizeY)
                let near = both .& (magnitude(x - y) .<= tolerance * size)
                sharedLanes &-= unsafeBitCast(both, to: SIMD8<Int64>.self)
                apart -= unsafeBitCast(both .& .!near, to: SIMD8<Int64>.self).wrappedSum()
                if Double(apart) > apartAllowed { return false }
                day += width
            }
            shared = Int(sharedLanes.wrappedSum())
            close = shared - Int(apart)
        }
        for day in day..<days {
            let x = a[day]
            let y = b[day]
            guard x.isFinite, y.isFinite else { continue }
            shared += 1
            if abs(x - y) <= tolerance * max(abs(x), abs(y)) { close += 1 }
            if Double(shared - close) > apartAllowed { return false }
        }
        return shared >= minimumDays && Double(close) >= agreement * Double(shared)
    }

    /// Pearson r of the raw values on the days both have; nil when either is constant there.
    static func rawCorrelation(_ a: [Double?], _ b: [Double?]) -> Double? {
        let pairs = zip(a, b).compactMap { x, y -> (Double, Double)? in
            guard let x, let y, x.isFinite, y.isFinite else { return nil }
            return (x, y)
        }
        guard pairs.count >= 3 else { return nil }
        let meanX = pairs.reduce(0) { $0 + $1.0 } / Double(pairs.count)
        let meanY = pairs.reduce(0) { $0 + $1.1 } / Double(pairs.count)
        var sxy = 0.0
        var sxx = 0.0
        var syy = 0.0
        for (x, y) in pairs {
            sxy += (x - meanX) * (y - meanY)
            sxx += (x - meanX) * (x - meanX)
            syy += (y - meanY) * (y - meanY)
        }
        guard sxx > 0, syy > 0 else { return nil }
        return sxy / (sxx * syy).squareRoot()
    }

    /// The day-by-day sum of several series; a day is missing when every series misses it.
    private static func sum(_ values: [[Double?]]) -> [Double?] {
        guard let length = values.first?.count else { return [] }
        // Added in the series' order from 0, as `reduce(0, +)` over the present values would, but
        // without an array of them per day (a series' others are summed once per series of an
        // insight with three or more: an allocation per day was most of the search's time).
        var sums = [Double?](repeating: nil, count: length)
        for day in 0..<length {
            var total = 0.0
            var present = false
            for series in values {
                guard let value = series[day] else { continue }
                total += value
                present = true
            }
            if present { sums[day] = total }
        }
        return sums
    }

    /// The median |value|: series that agree have levels within a few percent of each other.
    private static func level(_ values: [Double?]) -> Double? {
        Descriptive.median(values.compactMap { $0.map(abs) })
    }

    /// The pairs (index of `lefts`, index of `targets`; both sorted by level) whose levels are
    /// within a quarter of each other, a generous band around `tolerance`, that `accept` takes:
    /// both sides swept together rather than every pair tried, in slices of `lefts` on every core.
    /// Thousands of similar series make millions of candidates, so they are judged as they are
    /// found, never all held.
    private static func accepted(
        _ lefts: [(level: Double, index: Int)], _ targets: [(level: Double, index: Int)],
        _ accept: @escaping @Sendable (Int, Int) -> Bool
    ) -> [(Int, Int)] {
        let slices = stride(from: 0, to: lefts.count, by: 256).map { $0..<min(lefts.count, $0 + 256) }
        return slices.parallelMap { slice in sweep(lefts[slice], against: targets, accept) }.flatMap { $0 }
    }

    private static func sortedByLevel(_ levels: [Double?]) -> [(level: Double, index: Int)] {
        levels.indices.compactMap { index in levels[index].map { (level: $0, index: index) } }
            .sorted { ($0.level, $0.index) < ($1.level, $1.index) }
    }

    private static func sweep(
        _ lefts: ArraySlice<(level: Double, index: Int)>, against targets: [(level: Double, index: Int)],
        _ accept: (Int, Int) -> Bool
    ) -> [(Int, Int)] {
        var pairs: [(Int, Int)] = []
        // The first target in the band of the slice's first level (levels rise along the slice).
        var start = 0
        if let first = lefts.first {
            var high = targets.count
            while start < high {
                let middle = (start + high) / 2
                if targets[middle].level < first.level / 1.25 { start = middle + 1 } else { high = middle }
            }
        }
        for (level, index) in lefts {
            while start < targets.count && targets[start].level < level / 1.25 { start += 1 }
            for target in targets[start...] {
                guard target.level <= level * 1.25 else { break }
                if accept(index, target.index) { pairs.append((index, target.index)) }
            }
        }
        return pairs
    }
}

/// Disjoint sets of indices, joined pairwise (path halving; no ranks needed at these sizes).
private struct UnionFind {
    private var parent: [Int]

    init(count: Int) { parent = Array(0..<count) }

    mutating func root(_ index: Int) -> Int {
        var node = index
        while parent[node] != node {
            parent[node] = parent[parent[node]]
            node = parent[node]
        }
        return node
    }

    mutating func join(_ a: Int, _ b: Int) {
        let rootA = root(a)
        let rootB = root(b)
        if rootA != rootB { parent[max(rootA, rootB)] = min(rootA, rootB) }
    }

    /// Members of every set, by root, in increasing order.
    mutating func classes() -> [Int: [Int]] {
        var classes: [Int: [Int]] = [:]
        for index in parent.indices { classes[root(index), default: []].append(index) }
        return classes
    }
}

/// Rows of values in one block of memory, a missing or non-finite day as NaN. The sweeps compare
/// millions of candidate pairs at 20k series, and a row of optionals in an array of structs costs
/// a reference count and an unwrap for each value read.
final class DenseRows: @unchecked Sendable {
    private let storage: UnsafeMutableBufferPointer<Double>
    /// Row `i` is `storage[offsets[i]..<offsets[i + 1]]`.
    private let offsets: [Int]

    init(_ rows: [[Double?]]) {
        var offsets = [0]
        offsets.reserveCapacity(rows.count + 1)
        for row in rows { offsets.append(offsets.last! + row.count) }
        self.offsets = offsets
        storage = .allocate(capacity: max(1, offsets.last!))
        var position = 0
        for row in rows {
            for value in row {
                storage[position] = value.flatMap { $0.isFinite ? $0 : nil } ?? .nan
                position += 1
            }
        }
    }

    deinit { storage.deallocate() }

    /// Row `index`, valid while these rows live (they do inside a closure that captures them).
    subscript(index: Int) -> UnsafeBufferPointer<Double> {
        UnsafeBufferPointer(rebasing: storage[offsets[index]..<offsets[index + 1]])
    }

    /// `body` of row `index`, these rows kept alive meanwhile (for rows made on the spot).
    func withRow<Result>(_ index: Int, _ body: (UnsafeBufferPointer<Double>) -> Result) -> Result {
        withExtendedLifetime(self) { body(self[index]) }
    }
}

/// The middle order statistics of a complete, non-negative row: the median's rank m and m ± k,
/// k the most days `agree` lets two rows be apart. Two such rows of one length that agree must
/// have them interleaved (see `mayAgree`), which rules out most candidate pairs of the copy sweep
/// with four comparisons instead of a walk along both rows.
struct Middle: Sendable {
    let count: Int
    let below: Double
    let median: Double
    let above: Double

    /// Nil unless every value is present, finite and at least 0.
    init?(_ values: [Double?]) {
        var sorted: [Double] = []
        sorted.reserveCapacity(values.count)
        for value in values {
            guard let value, value.isFinite, value >= 0 else { return nil }
            sorted.append(value)
        }
        // The same bound as `agree`'s early exit: more days apart than this and it says no.
        let apart = Int(((1 - DefinitionalPairs.agreement) * Double(values.count)).rounded(.down))
        let m = (values.count - 1) / 2
        guard values.count >= DefinitionalPairs.minimumDays, m - apart >= 0, m + apart < values.count else {
            return nil
        }
        sorted.sort()
        count = values.count
        (below, median, above) = (sorted[m - apart], sorted[m], sorted[m + apart])
    }

    /// False only when `a` and `b` cannot agree. With every day shared and at most k days apart,
    /// on the other days b ≥ 0.95·a and a ≥ 0.95·b (within 5% of the larger, both ≥ 0); the days
    /// where a is at least its i-th smallest value number n − i, at least n − i − k of them close,
    /// so at least that many b are ≥ 0.95·a₍ᵢ₎: b₍ᵢ₊ₖ₎ ≥ 0.95·a₍ᵢ₎, and the same with a and b
    /// swapped. Taken at i = m and i = m − k, with a margin for rounding.
    static func mayAgree(_ a: Middle?, _ b: Middle?) -> Bool {
        guard let a, let b, a.count == b.count else { return true }
        let factor = (1 - DefinitionalPairs.tolerance) * (1 - 1e-9)
        return b.above >= factor * a.median && a.above >= factor * b.median
            && a.median >= factor * b.below && b.median >= factor * a.below
    }
}
