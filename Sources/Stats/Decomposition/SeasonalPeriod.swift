/// Choosing a seasonal period from the data.
public enum SeasonalPeriod {
    /// Sample autocorrelation of the finite-filled series at `lag`; 0 when undefined.
    /// - Complexity: O(n).
    public static func autocorrelation(_ values: [Double], lag: Int) -> Double {
        let kept = values.filter(\.isFinite)
        guard lag > 0, lag < kept.count, let mean = Descriptive.mean(kept) else { return 0 }
        var denominator = 0.0
        for value in kept { denominator += (value - mean) * (value - mean) }
        guard denominator > 0 else { return 0 }
        var numerator = 0.0
        for index in 0..<(kept.count - lag) { numerator += (kept[index] - mean) * (kept[index + lag] - mean) }
        return numerator / denominator
    }

    /// The candidate with the strongest autocorrelation of at least `minimumCorrelation`, among
    /// those with at least two full periods of data; nil when none qualifies (no seasonality).
    /// A longer candidate must beat a shorter one by 0.05 to be preferred.
    public static func detect(_ values: [Double], candidates: [Int], minimumCorrelation: Double = 0.3) -> Int? {
        var best: (period: Int, correlation: Double)?
        for candidate in candidates.sorted() where candidate >= 2 && values.count >= 2 * candidate {
            let correlation = autocorrelation(values, lag: candidate)
            let bar = max(minimumCorrelation, (best?.correlation ?? 0) + (best == nil ? 0 : 0.05))
            if correlation >= bar { best = (candidate, correlation) }
        }
        return best?.period
    }
}
