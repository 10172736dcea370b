import Foundation

/// Wall-clock repetitions of one stage: every time kept, so the table can show median and spread.
struct Measurement: Encodable {
    var stage: String
    /// What one unit of work is (`MB`, `series`, `GFLOP`), and how many a repetition does.
    var unit: String
    var amount: Double
    var seconds: [Double]

    var median: Double {
        let sorted = seconds.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// Units per second at the median time.
    var rate: Double { amount / median }

    enum CodingKeys: String, CodingKey { case stage, unit, amount, seconds, median, rate }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(stage, forKey: .stage)
        try container.encode(unit, forKey: .unit)
        try container.encode(amount, forKey: .amount)
        try container.encode(seconds, forKey: .seconds)
        try container.encode(median, forKey: .median)
        try container.encode(rate, forKey: .rate)
    }
}

/// Runs `body` once to warm caches, then `repetitions` times, keeping each wall time.
func measure<T>(
    _ stage: String, unit: String, amount: Double, repetitions: Int, _ body: () throws -> T
) rethrows -> (Measurement, T) {
    var last = try body()
    var seconds: [Double] = []
    for _ in 0..<repetitions {
        let start = ContinuousClock.now
        last = try body()
        seconds.append(since(start))
    }
    return (Measurement(stage: stage, unit: unit, amount: amount, seconds: seconds), last)
}

/// The async twin of `measure`, for stages that go through the engine.
func measureAsync<T>(
    _ stage: String, unit: String, amount: Double, repetitions: Int, _ body: () async throws -> T
) async rethrows -> (Measurement, T) {
    var last = try await body()
    var seconds: [Double] = []
    for _ in 0..<repetitions {
        let start = ContinuousClock.now
        last = try await body()
        seconds.append(since(start))
    }
    return (Measurement(stage: stage, unit: unit, amount: amount, seconds: seconds), last)
}

/// Seconds from `start` to now.
private func since(_ start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
}
