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

    /// Reference: every pair at lags −7…7 with Bartlett's effective length, Šidák over the lags and
    /// BH over the pairs tested (series 0 and 1 in one group, the pair (2, 3) excluded). r to 1e-10
    /// relative, effective length 1e-9, p-values 1e-8 (as above: BLAS sums in another order).
    @Test func laggedScan_matchesTheReference_withGroupsAndExclusions() throws {
        var groups = Array(0..<30)
        groups[1] = 0
        let scan = try Correlation.laggedScan(
            residuals(), groups: groups, excluding: [Correlation.SeriesPair(3, 2)], keep: 1000, blockSize: 7,
            tileWidth: 5)  // small tiles exercise the tiling
        #expect(try scan.pairCount == Int(reference.number("lagged_pair_count")))
        #expect(scan.lagCount == 15)
        #expect(!scan.pairs.contains { [$0.first, $0.second] == [0, 1] || [$0.first, $0.second] == [2, 3] })
        let expected = try reference.rows("lagged_top_pairs")
        try #require(scan.pairs.count >= expected.count)
        for (pair, row) in zip(scan.pairs, expected) {
            #expect(pair.first == Int(row[0]) && pair.second == Int(row[1]) && pair.lag == Int(row[2]))
            #expect(isApproximatelyEqual(pair.r, row[3], relativeTolerance: 1e-10))
            #expect(pair.overlap == Int(row[4]))
            #expect(isApproximatelyEqual(pair.effectiveLength, row[5], relativeTolerance: 1e-9))
            #expect(isApproximatelyEqual(pair.pValue, row[6], relativeTolerance: 1e-8))
            #expect(isApproximatelyEqual(pair.adjustedPValue, row[7], relativeTolerance: 1e-8))
        }
        let significant = scan.pairs.filter { $0.adjustedPValue < 0.05 }.count
        #expect(try significant == Int(reference.number("lagged_significant_count")))
    }

    @Test func laggedScan_doesNotDependOnTheTiling() throws {
        let columns = try residuals()
        let small = Correlation.laggedScan(columns, keep: 50, blockSize: 1, tileWidth: 3)
        let large = Correlation.laggedScan(columns, keep: 50)
        #expect(small.pairs == large.pairs)
        #expect(small.pairCount == 435)
    }

    @Test func laggedScan_findsAFollowerThatTheSameDayMisses() throws {
        // b repeats a white-noise a three days later, with as much noise of its own: r ≈ 0.7 at
        // lag 3 and nothing on the same day.
        var generator = SplitMix64(seed: 12)
        let a = (0..<90).map { _ in generator.nextGaussian() }
        let b = (0..<90).map { day in (day >= 3 ? a[day - 3] : 0) + generator.nextGaussian() }
        let c = (0..<90).map { _ in generator.nextGaussian() }
        let columns = [a, b, c].map { Correlation.standardisedResidual($0)! }
        let sameDay = Correlation.scan(columns, keep: 3)
        #expect(sameDay.pairs.allSatisfy { abs($0.r) < 0.3 })
        let scan = Correlation.laggedScan(columns, keep: 3)
        let pair = try #require(scan.pairs.first)
        #expect(pair.first == 0 && pair.second == 1 && pair.lag == 3)
        #expect(pair.r > 0.6 && pair.adjustedPValue < 1e-6)
        // Swapped, the follower comes first: the lag changes sign.
        let swapped = Correlation.laggedScan([columns[1], columns[0]], keep: 1)
        #expect(swapped.pairs.first?.lag == -3)
    }

    @Test func laggedScan_specials() {
        #expect(Correlation.laggedScan([]).pairs.isEmpty)
        #expect(Correlation.laggedScan([[1, 0, 0, -1]]).pairCount == 0)
        #expect(Correlation.laggedScan([[1, 0, 0, -1], [1, -1]]).pairs.isEmpty)  // lengths differ
        #expect(Correlation.laggedScan([[1, 0, 0, -1], [0, 1, -1, 0]], groups: [0]).pairs.isEmpty)  // groups miscounted
        // One group: nothing is tested.
        let columns = [[0.5, -0.5, 0.5, -0.5], [0.5, 0.5, -0.5, -0.5]]
        #expect(Correlation.laggedScan(columns, groups: [3, 3]).pairCount == 0)
        #expect(Correlation.laggedScan(columns, groups: [3, 3]).pairs.isEmpty)
        // A column of zeros (all missing) correlates with nothing.
        let scan = Correlation.laggedScan(columns + [[0, 0, 0, 0]], keep: 10)
        #expect(scan.pairs.filter { $0.second == 2 }.allSatisfy { $0.r == 0 && $0.pValue == 1 })
        #expect(Correlation.laggedScan(columns, keep: 0).pairs.isEmpty)
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
