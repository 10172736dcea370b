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
    /// Medians of windows by first index and length, computed once per series.
    private var medians: [Pair: Double] = [:]
    /// Scratch for one window's values (the series is finite: it is interpolated and filled).
    private var window: [Double] = []
    private struct Pair: Hashable {
        let start: Int
        let count: Int
    }

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
        let key = Pair(start: start, count: count)
        if let known = medians[key] { return known }
        window.removeAll(keepingCapacity: true)
        window.append(contentsOf: series[start..<(start + count)])
        let value = Descriptive.quantile(reordering: &window, 0.5) ?? 0
        medians[key] = value
        return value
    }
}
