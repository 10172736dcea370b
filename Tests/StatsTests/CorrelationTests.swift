import DashbriefTestSupport
import Foundation
import Stats
import Testing

/// Reference: numpy corrcoef of the residuals, statsmodels BH over all pairs, numpy eigvalsh
/// (Fixtures/reference/correlation.json). BLAS sums in another order than numpy: 1e-10 relative
/// for r; p-values 1e-8 relative (they amplify r's last digits at r ≈ 0.91).
@Suite struct CorrelationTests {
    let reference: [String: Any]

    init() throws { reference = try referenceJSON("correlation.json") }

    func residuals() throws -> [[Double]] {
        try reference.rows("series").map { try #require(Correlation.standardisedResidual($0, period: 7)) }
    }

    @Test func residual_matchesTheDefinition() throws {
        let first = try #require(residuals().first)
        let expected = try reference.doubles("residual_0")
        try #require(first.count == expected.count)
        for (actual, expected) in zip(first, expected) {
            #expect(isApproximatelyEqual(actual, expected, relativeTolerance: 1e-9, absoluteTolerance: 1e-12))
        }
        #expect(abs(first.reduce(0) { $0 + $1 * $1 } - 1) < 1e-12)
    }

    @Test func scan_findsTheStrongestPairs_withBHOverAllPairs() throws {
        let scan = try Correlation.scan(residuals(), keep: 1000, blockSize: 7)  // small blocks exercise the blocking
        #expect(scan.pairCount == 435)
        // The reference lists the strongest pairs only: they must head the scan's list, in order.
        let expected = try reference.rows("top_pairs")
        try #require(scan.pairs.count >= expected.count)
        for (pair, row) in zip(scan.pairs, expected) {
            #expect(pair.first == Int(row[0]) && pair.second == Int(row[1]))
            #expect(isApproximatelyEqual(pair.r, row[2], relativeTolerance: 1e-10))
            #expect(isApproximatelyEqual(pair.pValue, row[3], relativeTolerance: 1e-8))
            #expect(isApproximatelyEqual(pair.adjustedPValue, min(1, row[4]), relativeTolerance: 1e-8))
        }
        let significant = scan.pairs.filter { $0.adjustedPValue < 0.05 }
        #expect(try significant.count == Int(reference.number("significant_count")))
        let weakest = try reference.number("weakest_significant_r")
        let cutoff = try #require(scan.significantBelow)
        #expect(cutoff <= weakest && cutoff > weakest - 0.2)
        #expect(
            !scan.pairs.filter { abs($0.r) >= cutoff }.contains { $0.adjustedPValue >= 0.05 && abs($0.r) > weakest })
    }

    @Test func scan_keepsOnlyTheStrongest_whenAskedForFew() throws {
        let scan = try Correlation.scan(residuals(), keep: 3, blockSize: 4)
        #expect(scan.pairs.count == 3)
        #expect(scan.pairs.map { [$0.first, $0.second] } == [[1, 2], [0, 1], [0, 2]])
    }

    @Test func bestLag_findsTheFollower() throws {
        let columns = try residuals()
        let best = Correlation.bestLag(columns[0], columns[5])
        let expected = try reference.doubles("best_lag_0_5")
        try #require(expected.count == 2)
        #expect(best.lag == Int(expected[0]))
        #expect(isApproximatelyEqual(best.r, expected[1], relativeTolerance: 1e-10))
    }

    @Test func groups_putTheDrivenSeriesTogether() throws {
        let groups = try Correlation.groups(residuals())
        #expect(groups.first == [0, 1, 2, 3])
    }

    @Test func specials() {
        #expect(Correlation.standardisedResidual([1, 2, 3]) == nil)
        #expect(Correlation.standardisedResidual([5, 5, 5, 5, 5, 5]) == nil)  // constant
        #expect(Correlation.standardisedResidual([1, 2, 3, 4, 5, 6]) == nil)  // a pure line has no residual
        #expect(Correlation.standardisedResidual([1, .nan, 3, 2, 5, 4, 7]) != nil)
        #expect(Correlation.standardisedResidual([1e300, -1e300, 1e300, -1e300, 1e300]) == nil)  // overflows
        #expect(Correlation.scan([]).pairs.isEmpty)
        #expect(Correlation.scan([[1, 0, 0, 0]]).pairCount == 0)
        #expect(Correlation.scan([[1, 0, 0, 0], [1, 0]]).pairs.isEmpty)  // lengths differ
    }
}
