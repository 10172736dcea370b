import PostHog
import Stats

extension SeriesHistory {
    /// The expectation and the band of normal values at one period.
    struct Band {
        var expected: Double
        var lower: Double
        var upper: Double
    }

    /// What the anomaly detector expects of `series`, by period label, over the window the
    /// statistical method judges (`StatisticalAnalyser.detectionWindow`: the reviewed periods and
    /// eight seasons before them), fitted the way `detect` fits it: robust STL with period 7 for
    /// daily data (24 for hourly; a robust LOESS trend for weekly and monthly series), and a band
    /// of ± `minimumScore` (3.5) robust standard deviations of the residual
    /// (`AnomalyDetector.expectation`). Where a spike or dip finding has an expected value, the
    /// curve passes through it.
    ///
    /// Numbers are rounded to 6 significant digits (`Rounding.significant`), so charts are
    /// byte-stable whichever BLAS ran. A count's lower edge is held at 0, which a count cannot go
    /// below. Empty when the series is too short for the fit (less than two seasons).
    static func expectedBand(
        of series: TimeSeries, days: Int, detector settings: AnomalyDetector.Settings
    ) -> [String: Band] {
        let window = StatisticalAnalyser.detectionWindow(series, days: days)
        let detector = StatisticalAnalyser.detector(settings, for: series)
        guard let fit = detector.expectation(window.map(\.value)) else { return [:] }
        var band: [String: Band] = [:]
        for (index, point) in window.enumerated() {
            let lower = series.isCount ? max(0, fit.lower[index]) : fit.lower[index]
            band[point.period] = Band(
                expected: Rounding.significant(fit.expected[index]), lower: Rounding.significant(lower),
                upper: Rounding.significant(fit.upper[index]))
        }
        return band
    }
}
