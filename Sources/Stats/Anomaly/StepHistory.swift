/// How far the level of a series has stepped before: the change of the median between
/// consecutive windows as long as those of the step in question,
/// median(x[t..<t+a]) − median(x[t−b..<t]), on a grid of t. A wandering
/// series (a temperature, a random walk) makes such steps all the time; a step no larger than ones
/// it made before is routine, as a recurring spike is.
struct StepHistory {
    let series: [Double]
    let stride: Int
    let episodeGap: Int
    let share: Double
    let recurrences: Int
    /// Running medians of windows of each length, by first index, extended as far as asked
    /// (a short list: a series has few distinct window lengths).
    private var rolling: [RollingMedian] = []

    init(series: [Double], stride: Int, episodeGap: Int, share: Double, recurrences: Int) {
        self.series = series
        self.stride = stride
        self.episodeGap = episodeGap
        self.share = share
        self.recurrences = recurrences
    }

    /// Whether `recurrences` separate episodes, each over by `index`, stepped the
    /// same way by at least `share` of `step`, between windows of `before` and `after` points.
    mutating func isRoutine(_ step: Double, at index: Int, before: Int, after: Int) -> Bool {
        guard step != 0, recurrences > 0, before > 0, after > 0 else { return false }
        let bar = share * abs(step)
        var episodes = 0
        var lastPeer = Int.min / 2
        var t = before
        while t + after <= index {
            let past = median(from: t, count: after) - median(from: t - before, count: before)
            if past.sign == step.sign && abs(past) >= bar {
                if t - lastPeer > episodeGap {
                    episodes += 1
                    if episodes >= recurrences { return true }
                }
                lastPeer = t
            }
            t += stride
        }
        return false
    }

    private mutating func median(from start: Int, count: Int) -> Double {
        let slot =
            rolling.firstIndex { $0.count == count }
            ?? {
                rolling.append(RollingMedian(series: series, count: count))
                return rolling.count - 1
            }()
        // Mutated in place in the list, so its arrays are never copied.
        return rolling[slot].median(from: start, in: series)
    }
}

/// The medians of series[s..<s + count] for s = 0, 1, 2, …: one sorted window slid along the
/// series (a removal and an insertion per step) instead of a selection per window. The values
/// are the same order statistics, combined by the same formula as `Descriptive.quantile`.
struct RollingMedian {
    let count: Int
    private var sorted: [Double]
    private var medians: [Double] = []

    init(series: [Double], count: Int) {
        self.count = count
        sorted = Array(series[0..<min(count, series.count)]).sorted()
    }

    mutating func median(from start: Int, in series: [Double]) -> Double {
        while medians.count <= start {
            let next = medians.count
            if next > 0 {
                sorted.remove(at: position(of: series[next - 1]))
                sorted.insert(series[next + count - 1], at: position(of: series[next + count - 1]))
            }
            medians.append(middle())
        }
        return medians[start]
    }

    /// The first index whose value is not below `value` (binary search).
    private func position(of value: Double) -> Int {
        var low = 0
        var high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low
    }

    private func middle() -> Double { Descriptive.quantile(sortedCount: sorted.count, 0.5) { sorted[$0] } }
}
