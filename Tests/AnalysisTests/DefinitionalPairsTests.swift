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
    /// `agree` compares eight days at a time; it must decide as the day-by-day loop it replaced
    /// did (reports stay the same), on pairs near the 5% and 90% lines, with missing and infinite
    /// days on either side, ragged lengths, and every day shared.
    @Test func agree_decidesAsTheDayByDayLoop() {
        var random = SplitMix64(seed: 60)
        var agreeing = 0
        for trial in 0..<600 {
            let days = 10 + trial % 85
            let gaps = trial % 3 != 0  // a third of the trials share every day
            let a: [Double?] = (0..<days).map { day in
                gaps && (day + trial) % 23 == 0 ? nil : 100 + 20 * random.nextGaussian()
            }
            let b: [Double?] = a.enumerated().map { day, value -> Double? in
                guard let value else { return gaps && day % 2 == 0 ? .nan : 100 }
                if gaps && (day + trial) % 17 == 0 { return nil }
                if gaps && (day + trial) % (trial % 2 == 0 ? 5 : 29) == 0 { return .infinity }
                // Within or just beyond 5% on most days, far apart on a share of them that
                // puts the pairs on both sides of the 90% line.
                let far = Double(random.next() % 1000) / 1000 < [0, 0.05, 0.1, 0.2][trial % 4]
                let spread = far ? 0.3 : [0.02, 0.049, 0.049, 0.051][Int(random.next() % 4)]
                return value * (1 + spread * (random.next() % 2 == 0 ? 1 : -1))
            }
            let shorter = trial % 4 == 0 ? Array(b.prefix(days - trial % 9)) : b
            let expected = Self.agreeDayByDay(a, shorter)
            #expect(DefinitionalPairs.agree(a, shorter) == expected, "trial \(trial)")
            agreeing += expected ? 1 : 0
        }
        #expect(agreeing > 30 && agreeing < 570)  // both answers are exercised
        // 20 of 20 days shared, 2 apart: exactly 90%, but (1 − 0.9)·20 is just under 2 in binary,
        // so the early exit says no, as it always did.
        let twenty: [Double?] = (0..<20).map { Double(100 + $0) }
        let twoApart = twenty.enumerated().map { day, value in day < 2 ? value.map { $0 * 2 } : value }
        #expect(!DefinitionalPairs.agree(twenty, twoApart) && !Self.agreeDayByDay(twenty, twoApart))
    }

    /// The loop `agree` was before it compared eight days at a time: within 5% of the larger
    /// value on 90% of at least 14 shared finite days, stopping once more than a tenth of all
    /// days (as (1 − 0.9) · days is in binary) are apart.
    static func agreeDayByDay(_ a: [Double?], _ b: [Double?]) -> Bool {
        var shared = 0
        var close = 0
        let apartAllowed = (1 - 0.9) * Double(min(a.count, b.count))
        for (x, y) in zip(a, b) {
            guard let x, let y, x.isFinite, y.isFinite else { continue }
            shared += 1
            if abs(x - y) <= 0.05 * max(abs(x), abs(y)) { close += 1 }
            if Double(shared - close) > apartAllowed { return false }
        }
        return shared >= 14 && Double(close) >= 0.9 * Double(shared)
    }
    /// The copy sweep's quick test never turns away a pair that agrees (it is a consequence of
    /// agreeing), and turns away most of those whose middles sit apart.
    @Test func middlesThatCannotInterleave_ruleOutAgreement_andNothingThatAgrees() throws {
        var random = SplitMix64(seed: 70)
        var (agreeing, ruledOut) = (0, 0)
        for trial in 0..<2_000 {
            let days = 14 + trial % 80
            let a: [Double?] = (0..<days).map { _ in max(0, 100 + 25 * random.nextGaussian()) }
            let shift = [1.0, 1.02, 1.049, 1.1, 1.3][trial % 5]
            let b: [Double?] = a.map { value in
                let far = random.next() % 100 < [0, 5, 9, 12][trial % 4]
                return value.map { far ? $0 * 1.5 : $0 * shift * (1 + 0.03 * (random.next() % 2 == 0 ? 1 : -1)) }
            }
            let (ma, mb) = (try #require(Middle(a)), try #require(Middle(b)))
            if DefinitionalPairs.agree(a, b) {
                agreeing += 1
                #expect(Middle.mayAgree(ma, mb) && Middle.mayAgree(mb, ma), "trial \(trial)")
            } else if !Middle.mayAgree(ma, mb) {
                ruledOut += 1
            }
        }
        #expect(agreeing > 100 && ruledOut > 300)
        // Rows with a gap, a negative value or of other lengths are left to `agree` itself.
        #expect(Middle([1, nil, 3] + Array(repeating: 2, count: 20)) == nil)
        #expect(Middle([-1] + Array(repeating: 2, count: 20)) == nil)
        #expect(Middle.mayAgree(Middle(Array(repeating: 1, count: 20)), Middle(Array(repeating: 9, count: 30))))
    }
}
