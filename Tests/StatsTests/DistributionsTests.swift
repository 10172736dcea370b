import DashbriefTestSupport
import Foundation
import Stats
import Testing

/// Reference: scipy.stats norm/t/chi2 (Fixtures/reference/distributions.json).
/// Tolerances: 1e-12 relative for the normal (erfc-based), 1e-10 relative for t and chi-squared
/// (continued fractions converge to ~1e-14; quantiles by bisection to 1e-13).
@Suite struct DistributionsTests {
    let reference: [String: Any]

    init() throws { reference = try referenceJSON("distributions.json") }

    /// The table under `key`, whose rows hold `columns` numbers each.
    func rows(_ key: String, columns: Int) throws -> [[Double]] {
        let rows = try reference.rows(key)
        try #require(rows[0].count == columns, "\(key): \(rows[0].count) columns, expected \(columns)")
        return rows
    }

    @Test func normalCDF_andQuantile_matchScipy() throws {
        let cdf = try rows("normal_cdf", columns: 2)
        #expect(cdf.count == 9)
        for row in cdf {
            #expect(
                isApproximatelyEqual(Normal.cdf(row[0]), row[1], relativeTolerance: 1e-12, absoluteTolerance: 1e-300),
                "Φ(\(row[0]))")
        }
        for row in try rows("normal_quantile", columns: 2) {
            #expect(isApproximatelyEqual(Normal.quantile(row[0]), row[1], relativeTolerance: 1e-12), "Φ⁻¹(\(row[0]))")
        }
    }

    @Test func studentT_matchesScipy() throws {
        let cdf = try rows("t_cdf", columns: 3)
        #expect(cdf.count == 25)
        for row in cdf {
            let t = StudentT(degreesOfFreedom: row[0])
            #expect(isApproximatelyEqual(t.cdf(row[1]), row[2], relativeTolerance: 1e-10), "T\(row[0]).cdf(\(row[1]))")
        }
        for row in try rows("t_two_sided", columns: 3) {
            let t = StudentT(degreesOfFreedom: row[0])
            #expect(
                isApproximatelyEqual(t.twoSidedPValue(row[1]), row[2], relativeTolerance: 1e-10),
                "p(\(row[1]); \(row[0]))")
        }
        for row in try rows("t_quantile", columns: 3) {
            let t = StudentT(degreesOfFreedom: row[0])
            #expect(
                isApproximatelyEqual(t.quantile(row[1]), row[2], relativeTolerance: 1e-10), "T\(row[0]).ppf(\(row[1]))")
        }
    }

    @Test func chiSquaredSurvival_matchesScipy() throws {
        let survival = try rows("chi2_sf", columns: 3)
        #expect(survival.count == 20)
        for row in survival {
            let chi = ChiSquared(degreesOfFreedom: row[0])
            #expect(
                isApproximatelyEqual(chi.survival(row[1]), row[2], relativeTolerance: 1e-10, absoluteTolerance: 1e-300),
                "χ²\(row[0]).sf(\(row[1]))")
            #expect(isApproximatelyEqual(chi.cdf(row[1]) + chi.survival(row[1]), 1, relativeTolerance: 1e-12))
        }
    }

    @Test func specials() {
        #expect(Normal.cdf(.nan).isNaN)
        #expect(Normal.cdf(.infinity) == 1)
        #expect(Normal.cdf(-.infinity) == 0)
        #expect(Normal.quantile(0) == -.infinity)
        #expect(Normal.quantile(1) == .infinity)
        #expect(Normal.quantile(1.5).isNaN)
        let t = StudentT(degreesOfFreedom: 4)
        #expect(t.cdf(.infinity) == 1)
        #expect(t.twoSidedPValue(0) == 1)
        #expect(t.quantile(0.5) == 0)
        #expect(ChiSquared(degreesOfFreedom: 3).survival(0) == 1)
    }
}
