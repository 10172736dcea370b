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

/// Reads a JSON file of reference values from `Fixtures/reference/`.
public func referenceJSON(_ name: String) throws -> [String: Any] {
    let url = TestPaths.fixtures.appendingPathComponent("reference/\(name)")
    guard let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] else {
        throw LoopbackServerError("\(url.path): not a JSON object")
    }
    return object
}

/// A JSON array of numbers where `null` stands for NaN and `"inf"` / `"-inf"` for infinities.
public func doubles(_ value: Any?) -> [Double] {
    (value as? [Any] ?? []).map { element in
        switch element {
        case let number as NSNumber: number.doubleValue
        case let text as String: text.hasPrefix("-") ? -.infinity : .infinity
        default: .nan
        }
    }
}
