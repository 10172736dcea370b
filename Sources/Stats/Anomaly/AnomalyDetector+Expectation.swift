extension AnomalyDetector {
    /// What the detector expects of a series, point by point, the seasonal part of it, and the
    /// range a normal value falls in: for charts that show a series beside its findings, and for
    /// root cause by breakdown, which reads how far each value was from its own expectation.
    public struct Expectation: Sendable, Equatable {
        /// Trend + season of the baseline at every point (see `AnomalyDetector`, step 1).
        public let expected: [Double]
        /// The seasonal part alone (zeros without a period): value − seasonal is deseasonalised.
        public let seasonal: [Double]
        /// `expected − settings.minimumScore · σ̂`, with σ̂ the detector's noise scale there.
        public let lower: [Double]
        /// `expected + settings.minimumScore · σ̂`.
        public let upper: [Double]
    }

    /// The baseline `detect` judges `values` against, and a band of `settings.minimumScore`
    /// (3.5 by default) robust standard deviations around it.
    ///
    /// - The expectation is the detector's own: robust STL with `settings.period` (a robust LOESS
    ///   trend without one), missing values interpolated for the fit. Where a spike or dip has an
    ///   expected value, this curve passes through it when given the same points.
    /// - σ̂ is the robust scale of the residual (the scaled MAD; see `Robust.scale`), floored as
    ///   `detect` floors it: at 1% of the series' level and, for counts, at √expected.
    /// - The band is a picture of ordinary noise, not the detection rule: a single point is
    ///   flagged only beyond `minimumPointScore` σ̂ (5 by default) and after further checks, so a
    ///   point may leave the band unflagged; a level shift is judged on the step between medians.
    ///
    /// - Parameter values: the series in time order; nil or non-finite = missing.
    /// - Returns: arrays as long as `values`, or nil when the detector would not judge the series
    ///   (a seasonal series shorter than two periods, fewer than 14 points without seasonality,
    ///   no finite value).
    /// - Complexity: one STL fit, O(n) for a fixed period and pass count.
    public func expectation(_ values: [Double?]) -> Expectation? {
        guard let fit = fit(values) else { return nil }
        let widths = fit.expected.indices.map { settings.minimumScore * fit.scale(at: $0) }
        let seasonal = fit.baseline.isSeasonal ? fit.baseline.decomposition.seasonal : fit.expected.map { _ in 0 }
        return Expectation(
            expected: fit.expected, seasonal: seasonal, lower: zip(fit.expected, widths).map { $0 - $1 },
            upper: zip(fit.expected, widths).map { $0 + $1 })
    }
}
