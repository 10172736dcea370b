import DashbriefTestSupport
import Foundation
import Stats
import Testing

/// Reference: scipy, statsmodels and pymannkendall (Fixtures/reference/robust_and_inference.json).
/// Tolerances are stated per test.
@Suite struct InferenceTests {
    let reference: [String: Any]

    init() throws { reference = try referenceJSON("robust_and_inference.json") }

    /// Order statistics and closed forms: 1e-12 relative.
    @Test func mad_matchesScipy() throws {
        let robust = try #require(reference["robust"] as? [String: Any])
        let sample = try robust.doubles("sample")
        let scaled = try #require(Robust.mad(sample))
        let raw = try #require(Robust.mad(sample, scaled: false))
        #expect(try isApproximatelyEqual(scaled, robust.number("mad_scaled"), relativeTolerance: 1e-12))
        #expect(try isApproximatelyEqual(raw, robust.number("mad_raw"), relativeTolerance: 1e-12))
    }

    @Test func robustScale_fallsBackWhenMADIsZero() {
        // Over half the values equal: MAD is 0, the mean absolute deviation is not.
        let values: [Double] = [5, 5, 5, 5, 5, 9, 1]
        #expect(Robust.mad(values) == 0)
        let mean = values.reduce(0, +) / 7
        let expected = 1.2533141373155001 * values.reduce(0) { $0 + abs($1 - mean) } / 7
        #expect(isApproximatelyEqual(Robust.scale(values)!, expected, relativeTolerance: 1e-12))
        #expect(Robust.scale([3, 3, 3]) == 0)
        #expect(Robust.mad([]) == nil)
    }

    /// OLS p-value and CI: dgels coefficients plus t quantiles, 1e-9 relative.
    @Test func olsSlopeInference_matchesScipy() throws {
        let ols = try #require(reference["ols"] as? [String: Any])
        let fit = try #require(LinearTrend.fit(ols.doubles("y")))
        let pValue = try #require(fit.slopePValue)
        #expect(try isApproximatelyEqual(pValue, ols.number("slope_p_value"), relativeTolerance: 1e-9))
        let interval = try #require(fit.slopeConfidenceInterval())
        let expected = try ols.doubles("slope_ci_95")
        try #require(expected.count == 2)
        #expect(isApproximatelyEqual(interval.lowerBound, expected[0], relativeTolerance: 1e-9))
        #expect(isApproximatelyEqual(interval.upperBound, expected[1], relativeTolerance: 1e-9))
    }

    /// Theil–Sen: medians and order statistics of exact slopes, 1e-12 relative.
    @Test func theilSen_matchesScipyTheilslopes() throws {
        let cases = try #require(reference["theil_sen"] as? [[String: Any]])
        #expect(cases.count == 2)
        for item in cases {
            let fit = try #require(TheilSen.fit(item.doubles("y")))
            let name = item["name"] as! String
            #expect(
                try isApproximatelyEqual(fit.slope, item.number("slope"), relativeTolerance: 1e-12), "\(name) slope")
            #expect(
                try isApproximatelyEqual(fit.intercept, item.number("intercept"), relativeTolerance: 1e-12),
                "\(name) intercept")
            #expect(
                try isApproximatelyEqual(fit.lowerSlope, item.number("low_slope"), relativeTolerance: 1e-12),
                "\(name) low")
            #expect(
                try isApproximatelyEqual(fit.upperSlope, item.number("high_slope"), relativeTolerance: 1e-12),
                "\(name) high")
        }
        #expect(TheilSen.fit([1]) == nil)
        #expect(TheilSen.fit([1, 2, 3], x: [4, 4, 4]) == nil)
    }

    /// `line` (selection, no interval) gives `fit`'s slope and intercept bit for bit, odd and even
    /// slope counts, ties, missing values and given x included.
    @Test func theilSenLine_isFitsSlopeAndIntercept() throws {
        var random = SplitMix64(seed: 5)
        for count in 2...40 {
            var y = (0..<count).map { _ in Double(random.next() % 1000) / 7 }
            if count > 5 { y[count / 2] = .nan }  // a missing value
            if count > 8 { y[3] = y[4] }  // a tie
            let x = count % 3 == 0 ? (0..<count).map { Double($0 / 2) } : nil  // repeated x
            let fit = try #require(TheilSen.fit(y, x: x))
            let line = try #require(TheilSen.line(y, x: x))
            #expect(line.slope.bitPattern == fit.slope.bitPattern, "slope, \(count) points")
            #expect(line.intercept.bitPattern == fit.intercept.bitPattern, "intercept, \(count) points")
        }
        #expect(TheilSen.line([1]) == nil)
        #expect(TheilSen.line([1, 2, 3], x: [4, 4, 4]) == nil)
    }

    /// Mann–Kendall: exact S and Var(S), normal tail for p, 1e-12 relative.
    @Test func mannKendall_matchesPymannkendall() throws {
        let cases = try #require(reference["mann_kendall"] as? [[String: Any]])
        #expect(cases.count == 3)
        for item in cases {
            let name = item["name"] as! String
            let result = try #require(MannKendall.test(item.doubles("y")))
            #expect(try result.s == item.number("s"), "\(name) S")
            #expect(
                try isApproximatelyEqual(result.variance, item.number("var_s"), relativeTolerance: 1e-12), "\(name) var"
            )
            #expect(try isApproximatelyEqual(result.z, item.number("z"), relativeTolerance: 1e-12), "\(name) z")
            #expect(try isApproximatelyEqual(result.pValue, item.number("p"), relativeTolerance: 1e-10), "\(name) p")
            #expect(try isApproximatelyEqual(result.tau, item.number("tau"), relativeTolerance: 1e-12), "\(name) tau")
        }
        #expect(MannKendall.test([1, .nan]) == nil)
        #expect(MannKendall.test([4, 4, 4, 4])?.pValue == 1)
    }

    /// Var(S) corrects for every tied group, wherever its values lie (0 and −0 are one value).
    @Test func mannKendall_varianceCorrectsForEveryTiedGroup() throws {
        let values: [Double] = [3, 1, 3, 2, 0, -0.0, 3, 5, 2, 0, 7, 3, 7]
        // Groups of 4 (3), 3 (0, −0, 0), 2 (2) and 2 (7, the largest); 1 and 5 alone.
        func term(_ t: Double) -> Double { t * (t - 1) * (2 * t + 5) }
        let expected: Double = (term(13) - term(4) - term(3) - term(2) - term(2)) / 18
        #expect(MannKendall.test(values)?.variance == expected)
        #expect(MannKendall.test([1, 2, 2])?.variance == (term(3) - term(2)) / 18)
        #expect(MannKendall.test([1, 2, 3, 4])?.variance == term(4) / 18)
    }

    @Test func seasonalMannKendall_matchesPymannkendall() throws {
        let item = try #require(reference["seasonal_mann_kendall"] as? [String: Any])
        let result = try #require(MannKendall.seasonalTest(item.doubles("y"), period: Int(item.number("period"))))
        #expect(try result.s == item.number("s"))
        #expect(try isApproximatelyEqual(result.variance, item.number("var_s"), relativeTolerance: 1e-12))
        #expect(try isApproximatelyEqual(result.z, item.number("z"), relativeTolerance: 1e-12))
        #expect(
            try isApproximatelyEqual(
                result.pValue, item.number("p"), relativeTolerance: 1e-10, absoluteTolerance: 1e-15))
        #expect(try isApproximatelyEqual(result.tau, item.number("tau"), relativeTolerance: 1e-12))
    }

    /// Two proportions: closed forms and the normal quantile, 1e-12 relative.
    @Test func twoProportions_matchStatsmodels() throws {
        let cases = try #require(reference["two_proportions"] as? [[String: Any]])
        #expect(cases.count == 3)
        for item in cases {
            let result = try #require(
                TwoProportionTest.test(
                    successes1: item.number("x1"), trials1: item.number("n1"), successes2: item.number("x2"),
                    trials2: item.number("n2")))
            #expect(try isApproximatelyEqual(result.z, item.number("z"), relativeTolerance: 1e-12))
            #expect(try isApproximatelyEqual(result.pValue, item.number("p"), relativeTolerance: 1e-10))
            let interval = try item.doubles("ci_95")
            try #require(interval.count == 2)
            #expect(isApproximatelyEqual(result.confidenceInterval.lowerBound, interval[0], relativeTolerance: 1e-12))
            #expect(isApproximatelyEqual(result.confidenceInterval.upperBound, interval[1], relativeTolerance: 1e-12))
        }
        #expect(TwoProportionTest.test(successes1: 0, trials1: 10, successes2: 0, trials2: 10) == nil)
        #expect(TwoProportionTest.test(successes1: 11, trials1: 10, successes2: 1, trials2: 10) == nil)
        #expect(TwoProportionTest.test(successes1: 1, trials1: 0, successes2: 1, trials2: 10) == nil)
    }

    /// Mann–Whitney effect size: exact rank arithmetic, 1e-12 relative.
    @Test func mannWhitneyEffectSize_matchesScipy() throws {
        let cases = try #require(reference["mann_whitney"] as? [[String: Any]])
        #expect(cases.count == 3)
        for item in cases {
            let result = try #require(
                MannWhitney.probabilityOfSuperiority(item.doubles("first"), item.doubles("second")))
            #expect(
                try isApproximatelyEqual(result, item.number("probability_of_superiority"), relativeTolerance: 1e-12))
        }
        #expect(MannWhitney.probabilityOfSuperiority([1, 2], [3, .nan]) == 1)
        #expect(MannWhitney.probabilityOfSuperiority([], [1]) == nil)
        #expect(MannWhitney.probabilityOfSuperiority([.nan], [1]) == nil)
    }

    /// Benjamini–Hochberg: exact arithmetic, 1e-12 relative.
    @Test func benjaminiHochberg_matchesStatsmodels() throws {
        let item = try #require(reference["benjamini_hochberg"] as? [String: Any])
        let adjusted = try MultipleTesting.benjaminiHochberg(item.doubles("p"))
        let expected = try item.doubles("adjusted")
        try #require(adjusted.count == expected.count)
        for (actual, expected) in zip(adjusted, expected) {
            #expect(isApproximatelyEqual(actual, expected, relativeTolerance: 1e-12))
        }
        #expect(MultipleTesting.benjaminiHochberg([]).isEmpty)
        let withNaN = MultipleTesting.benjaminiHochberg([0.01, .nan, 0.04])
        #expect(withNaN[1].isNaN)
        #expect(withNaN[0] == 0.02 && withNaN[2] == 0.04)
    }

    /// Generalized ESD: statistics are closed forms (1e-12), critical values use t quantiles (1e-10).
    @Test(arguments: [true, false])
    func generalizedESD_matchesRosnersDefinition(robust: Bool) throws {
        let item = try #require(reference["generalized_esd"] as? [String: Any])
        let result = try GeneralizedESD.test(
            item.doubles("values"), maximumOutliers: Int(item.number("max_outliers")), alpha: item.number("alpha"),
            robust: robust)
        let expected = try item.rows(robust ? "robust" : "classic")
        try #require(result.outliers.count == expected.count)
        #expect(Set(result.outliers.map(\.index)) == [7, 30, 44])
        for (outlier, row) in zip(result.outliers, expected) {
            #expect(outlier.index == Int(row[0]))
            #expect(isApproximatelyEqual(outlier.statistic, row[1], relativeTolerance: 1e-12))
            #expect(isApproximatelyEqual(outlier.critical, row[2], relativeTolerance: 1e-10))
        }
    }

    /// The robust ESD keeps its values sorted between rounds; each round must give the same
    /// candidate and statistic, bit for bit, as taking the median and MAD of what is left and the
    /// first farthest value in index order. Quantised data (many ties, at both ends) and NaNs
    /// included, where the tie rule decides.
    @Test func robustESD_equalsSelectingEachRound() {
        var random = SplitMix64(seed: 7)
        var compared = 0
        for trial in 0..<400 {
            let count = 4 + trial % 90
            let quantised = trial % 3 == 0
            var values = (0..<count).map { _ -> Double in
                let value = random.nextGaussian() * 10
                return quantised ? value.rounded() : value
            }
            if trial % 5 == 0 { values[trial % count] = .nan }
            if trial % 7 == 0 { values[(trial * 3) % count] = 200 }
            let budget = 1 + trial % 12
            // A lax α, so that most rounds' candidates are returned and compared.
            let outliers = GeneralizedESD.test(values, maximumOutliers: budget, alpha: 0.99).outliers
            let expected = Self.robustCandidates(values, budget: budget)
            compared += outliers.count
            #expect(outliers.map(\.index) == Array(expected.map(\.index).prefix(outliers.count)), "trial \(trial)")
            for (outlier, candidate) in zip(outliers, expected) {
                #expect(outlier.statistic == candidate.statistic, "trial \(trial)")
            }
        }
        #expect(compared > 1000)
        // The farthest values tie at both ends: the first in index order goes first, whichever
        // end it is at.
        let symmetric: [Double] = [30, 10, 11, 9, 10, -10, 10, 9, 11, 10, 30, 10]
        let expected = Self.robustCandidates(symmetric, budget: 3)
        #expect(expected.first?.index == 0)
        let outliers = GeneralizedESD.test(symmetric, maximumOutliers: 3, alpha: 0.99).outliers
        #expect(outliers.map(\.index) == Array(expected.map(\.index).prefix(outliers.count)) && outliers.count >= 2)
    }

    /// Every robust round's candidate by the definition: median and MAD (scaled) of the values
    /// left, the first in index order among the farthest.
    static func robustCandidates(_ values: [Double], budget: Int) -> [(index: Int, statistic: Double)] {
        var remaining = values.indices.filter { values[$0].isFinite }
        var candidates: [(index: Int, statistic: Double)] = []
        for _ in 0..<max(0, min(budget, remaining.count - 3)) {
            let sample = remaining.map { values[$0] }
            guard let centre = Descriptive.median(sample), let scale = Robust.mad(sample), scale > 0 else { break }
            var position = 0
            for candidate in remaining.indices
            where abs(values[remaining[candidate]] - centre) > abs(values[remaining[position]] - centre) {
                position = candidate
            }
            candidates.append((remaining[position], abs(values[remaining[position]] - centre) / scale))
            remaining.remove(at: position)
        }
        return candidates
    }

    @Test func generalizedESD_specials() {
        #expect(GeneralizedESD.test([], maximumOutliers: 3).outliers.isEmpty)
        #expect(GeneralizedESD.test([1, 2, 3], maximumOutliers: 3).outliers.isEmpty)
        #expect(GeneralizedESD.test(Array(repeating: 7, count: 20), maximumOutliers: 3).outliers.isEmpty)
        #expect(
            GeneralizedESD.test([1, 2, .nan, 3, 2, 1, 2, 3, 2, 40], maximumOutliers: 2).outliers.map(\.index) == [9])
        #expect(GeneralizedESD.test([1, 2, 3, 4], maximumOutliers: 0).outliers.isEmpty)
    }
}
