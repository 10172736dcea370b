/// Summary statistics on plain arrays.
///
/// Missing data is explicit: every function here ignores NaN and ±∞ and returns nil when no
/// finite value is left, so a gap in a series never turns into a zero or a NaN downstream.
public enum Descriptive {
    /// The finite values of `values`, in order: usually all of them, and then `values` itself
    /// (its storage shared, not copied).
    public static func finite(_ values: [Double]) -> [Double] {
        values.allSatisfy { $0.isFinite } ? values : values.filter { $0.isFinite }
    }

    /// Arithmetic mean of the finite values; nil when there are none. O(n).
    public static func mean(_ values: [Double]) -> Double? {
        var count = 0
        let total = finiteSum(values, count: &count)
        return count > 0 ? total / Double(count) : nil
    }

    /// Sum of the finite values; 0 for none. O(n).
    public static func sum(_ values: [Double]) -> Double {
        var count = 0
        return finiteSum(values, count: &count)
    }

    /// The finite values added from 0 in order (as `reduce(0, +)` over them), and how many there
    /// are, without gathering them first.
    private static func finiteSum(_ values: [Double], count: inout Int) -> Double {
        var total = 0.0
        for value in values where value.isFinite {
            total += value
            count += 1
        }
        return total
    }

    /// Median of the finite values (mean of the middle two for an even count); nil when none.
    /// O(n) expected.
    public static func median(_ values: [Double]) -> Double? { quantile(values, 0.5) }

    /// The q-quantile of the finite values by linear interpolation between order statistics
    /// (numpy's default, Hyndman & Fan type 7); nil when there are none.
    /// - Precondition: 0 ≤ q ≤ 1.
    /// - Complexity: O(n) expected: the two order statistics are selected, not sorted for (the
    ///   anomaly detector takes many medians of every series).
    public static func quantile(_ values: [Double], _ q: Double) -> Double? {
        precondition((0...1).contains(q), "quantile must lie in [0, 1]")
        var kept = finite(values)
        return quantile(reordering: &kept, q)
    }

    /// `quantile` of values known to be finite, reordering them in place instead of copying: for
    /// callers that take many medians of windows through one scratch buffer.
    static func quantile(reordering kept: inout [Double], _ q: Double) -> Double? {
        guard !kept.isEmpty else { return nil }
        let (lower, fraction) = quantilePosition(count: kept.count, q)
        let lowerValue = select(&kept, rank: lower)
        guard lower + 1 < kept.count, fraction > 0 else { return lowerValue }
        // After selection nothing past `lower` is smaller: the next order statistic is their minimum.
        return interpolate(lowerValue, kept[(lower + 1)...].min()!, fraction)
    }

    /// Where the q-quantile of `count` sorted values lies: the rank below it and the fraction of
    /// the way to the next (type 7).
    static func quantilePosition(count: Int, _ q: Double) -> (lower: Int, fraction: Double) {
        let position = q * Double(count - 1)
        let lower = Int(position.rounded(.down))
        return (lower, position - Double(lower))
    }

    /// The q-quantile of `count` values already sorted ascending, `value(rank)` reading the one of
    /// each rank: for the running medians that keep their values sorted (ESD's remainder, STL's
    /// proportional level, the step history). The same order statistics and interpolation as
    /// `quantile`.
    @inline(__always)
    static func quantile(sortedCount count: Int, _ q: Double, _ value: (Int) -> Double) -> Double {
        let (lower, fraction) = quantilePosition(count: count, q)
        guard lower + 1 < count, fraction > 0 else { return value(lower) }
        return interpolate(value(lower), value(lower + 1), fraction)
    }

    /// The value `fraction` of the way from `lower` to `upper`, as every quantile here is formed.
    @inline(__always)
    static func interpolate(_ lower: Double, _ upper: Double, _ fraction: Double) -> Double {
        lower + (upper - lower) * fraction
    }

    /// The value of rank `rank` (0-based) of `values`, reordered so that no larger value lies
    /// before it and no smaller one after it (Hoare's quickselect with a median-of-three pivot).
    static func select(_ values: inout [Double], rank: Int) -> Double {
        values.withUnsafeMutableBufferPointer { a in
            var low = 0
            var high = a.count - 1
            while high > low {
                let middle = low + (high - low) / 2
                // Median of three as the pivot, which also keeps sorted input linear.
                if a[middle] < a[low] { a.swapAt(middle, low) }
                if a[high] < a[low] { a.swapAt(high, low) }
                if a[high] < a[middle] { a.swapAt(high, middle) }
                let pivot = a[middle]
                var i = low
                var j = high
                while i <= j {
                    while a[i] < pivot { i += 1 }
                    while a[j] > pivot { j -= 1 }
                    if i <= j {
                        a.swapAt(i, j)
                        i += 1
                        j -= 1
                    }
                }
                if rank <= j {
                    high = j
                } else if rank >= i {
                    low = i
                } else {
                    break
                }
            }
            return a[rank]
        }
    }

    /// (current − reference) / |reference|: the relative change from `reference` to `current`.
    /// Nil when either is not finite or the reference is 0, where a relative change means nothing.
    public static func relativeChange(from reference: Double, to current: Double) -> Double? {
        guard reference.isFinite, current.isFinite, reference != 0 else { return nil }
        return (current - reference) / abs(reference)
    }
}
