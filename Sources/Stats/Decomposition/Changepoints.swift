/// Changes in the mean of a series, found by PELT (Killick, Fearnhead & Eckley, 2012).
public enum Changepoints {
    /// The exact minimiser of Σ over segments of Σ (x − segment mean)² + penalty × (segments − 1),
    /// with every segment at least `minimumSegment` long, by Pruned Exact Linear Time search.
    ///
    /// - Parameters:
    ///   - values: finite values, evenly spaced.
    ///   - penalty: the cost of one more change; `defaultPenalty` is the usual choice.
    ///   - minimumSegment: shortest segment allowed (e.g. 7 days, so a weekend is not a "level").
    /// - Returns: the start index of each segment after the first, ascending.
    /// - Complexity: O(n) expected when changes keep coming, O(n²) worst case; O(n) memory.
    public static func pelt(_ values: [Double], penalty: Double, minimumSegment: Int = 2) -> [Int] {
        let n = values.count
        let minimum = max(1, minimumSegment)
        guard n >= 2 * minimum, penalty.isFinite, penalty >= 0 else { return [] }
        // Prefix sums make any segment's cost O(1).
        var sum = [Double](repeating: 0, count: n + 1)
        var squares = [Double](repeating: 0, count: n + 1)
        for i in 0..<n {
            sum[i + 1] = sum[i] + values[i]
            squares[i + 1] = squares[i] + values[i] * values[i]
        }
        var best = [Double](repeating: .infinity, count: n + 1)
        var previous = [Int](repeating: 0, count: n + 1)
        best[0] = -penalty
        // Live segment starts, and each one's total for the current end (NaN: too close to the
        // end to start a segment yet), in fixed buffers: there are never more than n + 1.
        var candidates = [Int](repeating: 0, count: n + 1)
        var totals = [Double](repeating: 0, count: n + 1)
        var candidateCount = 1
        // The hot loop runs on raw buffers: Array subscripts keep their bounds checks in -O.
        sum.withUnsafeBufferPointer { sum in
            squares.withUnsafeBufferPointer { squares in
                best.withUnsafeMutableBufferPointer { best in
                    previous.withUnsafeMutableBufferPointer { previous in
                        candidates.withUnsafeMutableBufferPointer { candidates in
                            totals.withUnsafeMutableBufferPointer { totals in
                                func cost(_ start: Int, _ end: Int) -> Double {  // values[start..<end]
                                    let length = Double(end - start)
                                    let total = sum[end] - sum[start]
                                    return max(0, squares[end] - squares[start] - total * total / length)
                                }
                                for end in minimum...n {
                                    var bestValue = Double.infinity
                                    var bestStart = 0
                                    for position in 0..<candidateCount {
                                        let start = candidates[position]
                                        guard end - start >= minimum else {
                                            totals[position] = .nan
                                            continue
                                        }
                                        let value = best[start] + cost(start, end) + penalty
                                        totals[position] = value
                                        if value < bestValue {
                                            bestValue = value
                                            bestStart = start
                                        }
                                    }
                                    best[end] = bestValue
                                    previous[end] = bestStart
                                    // Prune starts that can never win again (their cost without
                                    // the penalty already loses); starts too recent to have been
                                    // tried stay.
                                    var kept = 0
                                    for position in 0..<candidateCount {
                                        let total = totals[position]
                                        if total.isNaN || total - penalty <= bestValue {
                                            candidates[kept] = candidates[position]
                                            kept += 1
                                        }
                                    }
                                    candidateCount = kept
                                    if end + 1 - minimum >= minimum {
                                        candidates[candidateCount] = end + 1 - minimum
                                        candidateCount += 1
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        var changes: [Int] = []
        var end = n
        while end > 0 {
            let start = previous[end]
            if start > 0 { changes.append(start) }
            end = start
        }
        return changes.sorted()
    }

    /// β = 2 σ̂² ln n, the BIC-style penalty for a change in mean, with σ̂ estimated robustly from
    /// first differences (MAD(Δx)/√2), so that the shifts being looked for do not inflate it.
    /// nil for fewer than 3 values.
    public static func defaultPenalty(_ values: [Double]) -> Double? {
        guard values.count >= 3 else { return nil }
        let differences = zip(values.dropFirst(), values).map { $0 - $1 }
        guard let scale = Robust.scale(differences) else { return nil }
        return defaultPenalty(differenceScale: scale, count: values.count)
    }

    /// `defaultPenalty` from the robust scale of the first differences, for callers that have it.
    public static func defaultPenalty(differenceScale: Double, count: Int) -> Double {
        let sigma = differenceScale / 2.0.squareRoot()
        return 2 * sigma * sigma * log(Double(count))
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
