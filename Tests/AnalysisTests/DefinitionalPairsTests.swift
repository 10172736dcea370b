import DashbriefTestSupport
import Foundation
import PostHog
import Stats
import Testing

@testable import Analysis

/// Which pairs are one quantity counted twice, on raw values (`DefinitionalPairs`).
@Suite struct DefinitionalPairsTests {
    typealias Series = DefinitionalPairs.Series

    /// 60 days around `level` with a weekly cycle and seeded noise of `noise` × level.
    static func values(level: Double, noise: Double, seed: UInt64) -> [Double?] {
        var generator = SplitMix64(seed: seed)
        return (0..<60).map { day in
            level * CorrelationScanTests.weekday[day % 7] * (1 + noise * generator.nextGaussian())
        }
    }

    static func pairs(_ series: [Series]) -> [[Int]] {
        DefinitionalPairs.find(series).map { [$0.first, $0.second] }.sorted { $0.lexicographicallyPrecedes($1) }
    }

    @Test func copiesAndNearCopies_inOtherInsights_areOneQuantity() {
        let original = Self.values(level: 1000, noise: 0.05, seed: 1)
        var generator = SplitMix64(seed: 2)
        let near = original.map { $0.map { $0 * (1 + 0.01 * generator.nextGaussian()) } }
        let scaled = original.map { $0.map { $0 * 0.5 } }  // half as much: a different quantity
        let other = Self.values(level: 1000, noise: 0.05, seed: 3)  // the same level, other noise
        let series = [
            Series(group: 1, key: SeriesKey(order: 0), values: original),
            Series(group: 2, key: SeriesKey(order: 0), values: original),
            Series(group: 3, key: SeriesKey(order: 0), values: near),
            Series(group: 4, key: SeriesKey(order: 0), values: scaled),
            Series(group: 5, key: SeriesKey(order: 0), values: other),
            Series(group: 1, key: SeriesKey(order: 1), values: original),  // same insight: never paired here
        ]
        #expect(Self.pairs(series) == [[0, 1], [0, 2], [1, 2], [1, 5], [2, 5]])
    }

    @Test func breakdownValues_andTheirTotal_areOneQuantity_andSoAreTheTotalsCopies() {
        let parts = (0..<3).map { Self.values(level: [500, 300, 100][$0], noise: 0.1, seed: 10 + UInt64($0)) }
        let total = (0..<60).map { day in parts.reduce(0) { $0 + $1[day]! } as Double? }
        let keys = ["Chrome", "Safari", "Other"].map { SeriesKey(order: 0, breakdown: $0) }
        var series = (0..<3).map { Series(group: 1, key: keys[$0], values: parts[$0]) }
        series.append(Series(group: 2, key: SeriesKey(order: 0), values: total))
        series.append(Series(group: 3, key: SeriesKey(order: 0), values: total))
        // A second event of the breakdown insight is not part of the total.
        series.append(
            Series(
                group: 1, key: SeriesKey(order: 1, breakdown: "Chrome"),
                values: Self.values(level: 500, noise: 0.1, seed: 20)))
        #expect(Self.pairs(series) == [[0, 3], [0, 4], [1, 3], [1, 4], [2, 3], [2, 4], [3, 4]])
    }

    @Test func aColumnThatSumsTheOthers_isTheirTotal() {
        // A SQL insight with `total`, `web` and `app` columns; another insight charts `web` alone.
        let web = Self.values(level: 700, noise: 0.1, seed: 30)
        let app = Self.values(level: 300, noise: 0.1, seed: 31)
        let total = zip(web, app).map { $0! + $1! as Double? }
        let series = [
            Series(group: 1, key: SeriesKey([.init("col", "total")]), values: total),
            Series(group: 1, key: SeriesKey([.init("col", "web")]), values: web),
            Series(group: 1, key: SeriesKey([.init("col", "app")]), values: app),
            Series(group: 2, key: SeriesKey(order: 0), values: web),
        ]
        // The copy of `web` is a part of `total` too; `web` and its copy are one quantity.
        #expect(Self.pairs(series) == [[0, 3], [1, 3]])
    }

    @Test func aRunningTotal_andItsDailyValues_areOneQuantity() {
        let daily = Self.values(level: 200, noise: 0.1, seed: 40)
        var running = 5000.0
        let cumulative = daily.map { value -> Double? in
            running += value!
            return running
        }
        let series = [
            Series(group: 1, key: SeriesKey(order: 0), values: daily),
            Series(group: 2, key: SeriesKey(order: 0), values: cumulative),
            Series(group: 3, key: SeriesKey(order: 0), values: Self.values(level: 200, noise: 0.1, seed: 41)),
        ]
        #expect(Self.pairs(series) == [[0, 1]])
        // A series that ever falls is not a running total.
        var falling = cumulative
        falling[30] = falling[29]! - 1
        #expect(DefinitionalPairs.increases(falling) == nil)
    }

    @Test func missingDays_areLeftOut_andTooFewSharedDaysDecideNothing() {
        let original = Self.values(level: 1000, noise: 0.05, seed: 50)
        var gappy = original
        for day in stride(from: 0, to: 60, by: 3) { gappy[day] = nil }
        #expect(DefinitionalPairs.agree(original, gappy))
        let short = original.indices.map { $0 < 10 ? original[$0] : nil }
        #expect(!DefinitionalPairs.agree(original, short))  // 10 shared days: too few
        #expect(DefinitionalPairs.rawCorrelation(original, [Double?](repeating: 5, count: 60)) == nil)
    }
}
