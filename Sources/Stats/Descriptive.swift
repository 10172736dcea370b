/// Summary statistics on plain arrays.
///
/// Missing data is explicit: every function here ignores NaN and ±∞ and returns nil when no
/// finite value is left, so a gap in a series never turns into a zero or a NaN downstream.
public enum Descriptive {
    /// The finite values of `values`, in order.
    public static func finite(_ values: [Double]) -> [Double] { values.filter(\.isFinite) }

    /// Arithmetic mean of the finite values; nil when there are none. O(n).
    public static func mean(_ values: [Double]) -> Double? {
        let kept = finite(values)
        guard !kept.isEmpty else { return nil }
        return kept.reduce(0, +) / Double(kept.count)
    }

    /// Sum of the finite values; 0 for none. O(n).
    public static func sum(_ values: [Double]) -> Double { finite(values).reduce(0, +) }

    /// Median of the finite values (mean of the middle two for an even count); nil when none.
    /// O(n log n).
    public static func median(_ values: [Double]) -> Double? { quantile(values, 0.5) }

    /// The q-quantile of the finite values by linear interpolation between order statistics
    /// (numpy's default, Hyndman & Fan type 7); nil when there are none.
    /// - Precondition: 0 ≤ q ≤ 1.
    /// - Complexity: O(n log n).
    public static func quantile(_ values: [Double], _ q: Double) -> Double? {
        precondition((0...1).contains(q), "quantile must lie in [0, 1]")
        let sorted = finite(values).sorted()
        guard !sorted.isEmpty else { return nil }
        let position = q * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        let fraction = position - Double(lower)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction
    }

    /// (current − reference) / |reference|: the relative change from `reference` to `current`.
    /// Nil when either is not finite or the reference is 0, where a relative change means nothing.
    public static func relativeChange(from reference: Double, to current: Double) -> Double? {
        guard reference.isFinite, current.isFinite, reference != 0 else { return nil }
        return (current - reference) / abs(reference)
    }
}
