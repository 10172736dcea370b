/// Robust location and scale. Non-finite values are ignored; nil when none is left.
public enum Robust {
    /// 1/Φ⁻¹(3/4): makes the MAD a consistent estimator of σ for normal data.
    public static let madScale = 1.482602218505602
    /// √(π/2): makes the mean absolute deviation a consistent estimator of σ for normal data.
    public static let meanAbsoluteDeviationScale = 1.2533141373155001

    /// Median absolute deviation from the median, times 1.4826 when `scaled` (numpy/scipy's
    /// `median_abs_deviation(scale="normal")`). O(n log n).
    public static func mad(_ values: [Double], scaled: Bool = true) -> Double? {
        let kept = Descriptive.finite(values)
        guard let median = Descriptive.median(kept) else { return nil }
        let deviation = Descriptive.median(kept.map { abs($0 - median) })!
        return scaled ? deviation * madScale : deviation
    }

    /// A σ estimate that stays positive for quantised or mostly-flat data: the scaled MAD, or,
    /// when the MAD is 0 (over half the values equal), 1.2533 × the mean absolute deviation from
    /// the mean. 0 only for constant data.
    public static func scale(_ values: [Double]) -> Double? {
        let kept = Descriptive.finite(values)
        guard let mad = mad(kept) else { return nil }
        if mad > 0 { return mad }
        let mean = Descriptive.mean(kept)!
        return meanAbsoluteDeviationScale * kept.reduce(0) { $0 + abs($1 - mean) } / Double(kept.count)
    }
}
