import DashbriefTestSupport
import Foundation
import Stats
import Testing

/// Reference: scipy.stats.linregress (Fixtures/reference/linear_trend.json). Direct linear algebra,
/// so coefficients must agree to 1e-9 relative (absolute floor 1e-9 for values that are zero).
@Suite struct LinearTrendTests {
    static var cases: [[String: Any]] {
        (try? referenceJSON("linear_trend.json"))?["cases"] as? [[String: Any]] ?? []
    }
    static let caseNames: [String] = cases.compactMap { $0["name"] as? String }

    @Test func referenceFileHasCases() { #expect(Self.caseNames.count == 5) }

    @Test(arguments: caseNames)
    func fit_matchesScipyLinregress(name: String) throws {
        let reference = try #require(Self.cases.first { $0["name"] as? String == name })
        let y = try reference.doubles("y")
        let x = reference["x"] is NSNull ? nil : try reference.doubles("x")
        let fit = try #require(LinearTrend.fit(y, x: x))
        func check(_ actual: Double?, _ key: String) throws {
            let expected = try reference.number(key)
            #expect(
                isApproximatelyEqual(actual ?? .nan, expected, relativeTolerance: 1e-9, absoluteTolerance: 1e-9),
                "\(name).\(key): \(actual ?? .nan) vs \(expected)")
        }
        try check(fit.slope, "slope")
        try check(fit.intercept, "intercept")
        try check(fit.rSquared, "r_squared")
        try check(fit.slopeStandardError, "slope_standard_error")
        #expect(fit.count == y.filter(\.isFinite).count)
    }

    @Test func empty_andSinglePoint_giveNoLine() {
        #expect(LinearTrend.fit([]) == nil)
        #expect(LinearTrend.fit([4]) == nil)
    }

    @Test func twoPoints_giveExactLineWithoutStandardError() throws {
        let fit = try #require(LinearTrend.fit([1, 3]))
        #expect(isApproximatelyEqual(fit.slope, 2, relativeTolerance: 1e-12))
        #expect(fit.slopeStandardError == nil)
    }

    @Test func constantSeries_hasZeroSlopeAndZeroRSquared() throws {
        let fit = try #require(LinearTrend.fit([5, 5, 5, 5]))
        #expect(abs(fit.slope) < 1e-12)
        #expect(fit.rSquared == 0)
    }

    @Test func nonFiniteValues_areDropped_notTreatedAsZero() throws {
        let fit = try #require(LinearTrend.fit([1, .nan, 3, .infinity, 5, -.infinity]))
        #expect(fit.count == 3)
        #expect(isApproximatelyEqual(fit.slope, 1, relativeTolerance: 1e-12))
    }

    @Test func allNaN_orAllEqualX_giveNoLine() {
        #expect(LinearTrend.fit([.nan, .nan, .nan]) == nil)
        #expect(LinearTrend.fit([1, 2, 3], x: [7, 7, 7]) == nil)
    }
}
