import Testing

@testable import Stats

/// The running median slides one sorted window; every value must equal the median of the same
/// window computed from scratch, with ties and even lengths, and asked for out of order.
@Suite struct RollingMedianTests {
    @Test(arguments: [1, 2, 7, 28])
    func slidingMedians_equalFreshOnes(count: Int) {
        var state: UInt64 = 42
        let series = (0..<200).map { _ -> Double in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 58)  // 0...63: plenty of ties
        }
        var rolling = RollingMedian(series: series, count: count)
        for start in [5, 0, 17, 3, series.count - count, 100] {
            let expected = Descriptive.median(Array(series[start..<(start + count)]))
            #expect(rolling.median(from: start, in: series) == expected, "start \(start), count \(count)")
        }
    }
}
