import DashbriefTestSupport
import Testing

@testable import Stats

/// The proportional season's level: a centred running median over a period, the window shifted
/// inwards at the ends. Kept sorted as it slides; it must equal each window's median as
/// `Descriptive.median` takes it, exactly (odd and even periods, ties).
@Suite struct LocalLevelTests {
    @Test(arguments: [7, 24, 4])
    func slidingMedian_equalsEachWindowsMedian(period: Int) throws {
        var random = SplitMix64(seed: UInt64(period))
        for trial in 0..<50 {
            let n = period + trial * 3
            let values = (0..<n).map { _ -> Double in
                let value = 100 + 30 * random.nextGaussian()
                return trial % 2 == 0 ? max(1, value.rounded(.down) / 10) : max(0.5, value)  // ties when rounded
            }
            let level = try #require(STL.localLevel(values, period: period))
            for i in 0..<n {
                let start = min(max(0, i - period / 2), n - period)
                #expect(level[i] == Descriptive.median(Array(values[start..<(start + period)])), "trial \(trial), \(i)")
            }
        }
    }

    @Test func noLevel_whenAValueIsNegative_orAWindowsMedianIsZero() {
        #expect(STL.localLevel([3, 4, -1, 5, 6, 7, 8, 9], period: 7) == nil)
        #expect(STL.localLevel([0, 0, 0, 0, 5, 6, 7, 8, 9, 10], period: 7) == nil)
        #expect(STL.localLevel([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], period: 7) != nil)
    }
}
