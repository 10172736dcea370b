import Foundation

/// A reference fixture that does not hold what a test asked of it: a missing file or key, or a
/// value of the wrong type. Thrown rather than answered with an empty value, so that a renamed key
/// fails the test instead of leaving it nothing to compare.
public struct ReferenceFixtureError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Reads a JSON file of reference values from `Fixtures/reference/`.
public func referenceJSON(_ name: String) throws -> [String: Any] {
    let url = TestPaths.fixtures.appendingPathComponent("reference/\(name)")
    guard let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] else {
        throw ReferenceFixtureError("\(url.path): not a JSON object")
    }
    return object
}

/// Typed reads of a reference object's values, each throwing `ReferenceFixtureError` when the key
/// is missing or holds something else.
extension [String: Any] {
    /// The JSON array of numbers under `key`, where `null` stands for NaN and `"inf"` / `"-inf"`
    /// for infinities (JSON has no literal for either).
    public func doubles(_ key: String) throws -> [Double] {
        guard let array = try value(key) as? [Any] else {
            throw ReferenceFixtureError("reference key \"\(key)\" is not an array")
        }
        return try array.enumerated().map { index, element in
            switch element {
            case is NSNull: return .nan
            case let text as String where text == "inf": return .infinity
            case let text as String where text == "-inf": return -.infinity
            case let number as NSNumber: return number.doubleValue
            default: throw ReferenceFixtureError("reference key \"\(key)\"[\(index)] is not a number: \(element)")
            }
        }
    }

    /// The number under `key`.
    public func number(_ key: String) throws -> Double {
        guard let number = try value(key) as? NSNumber else {
            throw ReferenceFixtureError("reference key \"\(key)\" is not a number")
        }
        return number.doubleValue
    }

    /// The JSON array of equally long arrays of numbers under `key` (a table of rows).
    public func rows(_ key: String) throws -> [[Double]] {
        guard let rows = try value(key) as? [[NSNumber]], !rows.isEmpty else {
            throw ReferenceFixtureError("reference key \"\(key)\" is not a non-empty array of arrays of numbers")
        }
        guard Set(rows.map(\.count)).count == 1 else {
            throw ReferenceFixtureError("reference key \"\(key)\" has rows of different lengths")
        }
        return rows.map { $0.map(\.doubleValue) }
    }

    private func value(_ key: String) throws -> Any {
        guard let value = self[key] else {
            throw ReferenceFixtureError(
                "reference key \"\(key)\" is missing; present: \(keys.sorted().joined(separator: ", "))")
        }
        return value
    }
}
