/// Robust location and scale. Non-finite values are ignored; nil when none is left.
public enum Robust {
    /// 1/Φ⁻¹(3/4): makes the MAD a consistent estimator of σ for normal data.
    public static let madScale = 1.482602218505602
    /// √(π/2): makes the mean absolute deviation a consistent estimator of σ for normal data.
    public static let meanAbsoluteDeviationScale = 1.2533141373155001

    /// Median absolute deviation from the median, times 1.4826 when `scaled` (numpy/scipy's
    /// `median_abs_deviation(scale="normal")`). O(n) expected.
    public static func mad(_ values: [Double], scaled: Bool = true) -> Double? {
        var kept = Descriptive.finite(values)
        return medianAndMAD(reordering: &kept, scaled: scaled)?.mad
    }

    /// The median and the MAD of finite values, computed in place in one buffer (which ends up
    /// holding the absolute deviations): the same order statistics as `median` and `mad`.
    static func medianAndMAD(reordering kept: inout [Double], scaled: Bool = true) -> (median: Double, mad: Double)? {
        guard let median = Descriptive.quantile(reordering: &kept, 0.5) else { return nil }
        for index in kept.indices { kept[index] = abs(kept[index] - median) }
        let deviation = Descriptive.quantile(reordering: &kept, 0.5)!
        return (median, scaled ? deviation * madScale : deviation)
    }

    /// A σ estimate that stays positive for quantised or mostly-flat data: the scaled MAD, or,
    /// when the MAD is 0 (over half the values equal), 1.2533 × the mean absolute deviation from
    /// the mean. 0 only for constant data.
    public static func scale(_ values: [Double]) -> Double? {
        let kept = Descriptive.finite(values)
        var scratch = kept
        guard let mad = medianAndMAD(reordering: &scratch)?.mad else { return nil }
        if mad > 0 { return mad }
        let mean = Descriptive.mean(kept)!
        return meanAbsoluteDeviationScale * kept.reduce(0) { $0 + abs($1 - mean) } / Double(kept.count)
    }
}
