import Foundation

/// |a − b| ≤ max(absolute, relative · max(|a|, |b|)): relative agreement, with an absolute floor
/// for values at or near zero where a relative tolerance means nothing.
public func isApproximatelyEqual(
    _ a: Double, _ b: Double, relativeTolerance: Double, absoluteTolerance: Double = 1e-12
) -> Bool {
    if a == b { return true }
    guard a.isFinite, b.isFinite else { return false }
    return abs(a - b) <= max(absoluteTolerance, relativeTolerance * max(abs(a), abs(b)))
}
