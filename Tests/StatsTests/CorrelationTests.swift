import DashbriefTestSupport
import Foundation
import Stats
import Testing

/// Reference: numpy corrcoef of the residuals, statsmodels BH over all pairs, numpy eigvalsh
/// (Fixtures/reference/correlation.json). BLAS sums in another order than numpy: 1e-10 relative
/// for r; p-values 1e-8 relative (they amplify r's last digits at r ≈ 0.91).
@Suite struct CorrelationTests {
    let reference = (try? referenceJSON("correlation.json")) ?? [:]

    func residuals() -> [[Double]] {
        (reference["series"] as! [[NSNumber]]).map {
            Correlation.standardisedResidual($0.map(\.doubleValue), period: 7)!
        }
    }

    @Test func residual_matchesTheDefinition() throws {
        let first = try #require(residuals().first)
        for (actual, expected) in zip(first, doubles(reference["residual_0"])) {
            #expect(isApproximatelyEqual(actual, expected, relativeTolerance: 1e-9, absoluteTolerance: 1e-12))
        }
        #expect(abs(first.reduce(0) { $0 + $1 * $1 } - 1) < 1e-12)
    }

    @Test func scan_findsTheStrongestPairs_withBHOverAllPairs() throws {
        let scan = Correlation.scan(residuals(), keep: 1000, blockSize: 7)  // small blocks exercise the blocking
        #expect(scan.pairCount == 435)
        let expected = try #require(reference["top_pairs"] as? [[NSNumber]])
        for (pair, row) in zip(scan.pairs, expected) {
            #expect(pair.first == row[0].intValue && pair.second == row[1].intValue)
            #expect(isApproximatelyEqual(pair.r, row[2].doubleValue, relativeTolerance: 1e-10))
            #expect(isApproximatelyEqual(pair.pValue, row[3].doubleValue, relativeTolerance: 1e-8))
            #expect(isApproximatelyEqual(pair.adjustedPValue, min(1, row[4].doubleValue), relativeTolerance: 1e-8))
        }
        let significant = scan.pairs.filter { $0.adjustedPValue < 0.05 }
        #expect(significant.count == reference["significant_count"] as! Int)
        let weakest = (reference["weakest_significant_r"] as! NSNumber).doubleValue
        let cutoff = try #require(scan.significantBelow)
        #expect(cutoff <= weakest && cutoff > weakest - 0.2)
        #expect(
            !scan.pairs.filter { abs($0.r) >= cutoff }.contains { $0.adjustedPValue >= 0.05 && abs($0.r) > weakest })
    }

    @Test func scan_keepsOnlyTheStrongest_whenAskedForFew() {
        let scan = Correlation.scan(residuals(), keep: 3, blockSize: 4)
        #expect(scan.pairs.count == 3)
        #expect(scan.pairs.map { [$0.first, $0.second] } == [[1, 2], [0, 1], [0, 2]])
    }

    @Test func bestLag_findsTheFollower() throws {
        let columns = residuals()
        let best = Correlation.bestLag(columns[0], columns[5])
        let expected = doubles(reference["best_lag_0_5"])
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
