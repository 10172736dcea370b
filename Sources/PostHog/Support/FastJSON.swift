import CSimdjson
import Foundation
import Synchronization

/// A JSON document parsed by simdjson (through the `CSimdjson` shim), for the payloads that are
/// most of a run's bytes: dashboards with their tiles' results. Reading one is a walk over a
/// parsed tape with no intermediate objects; numbers are parsed exactly (correctly rounded), as
/// Foundation's decoder parses them.
///
/// Values (`FastJSON.Value`) point into the document: use them only while it is alive, which
/// `withRoot` guarantees.
final class FastJSONDocument {
    /// The input is not JSON simdjson accepts, or is not the shape a fast reader expects; the
    /// caller decodes with Codable instead, which names the JSON path of the problem.
    struct Unreadable: Error {
        var reason: String
    }

    private let parser: OpaquePointer
    private let root: csj_value
    private let size: Int

    init(_ data: Data) throws(Unreadable) {
        guard let parser = ParserPool.shared.take() else { throw Unreadable(reason: "out of memory") }
        self.parser = parser
        size = data.count
        var root = csj_value()
        let code = data.withUnsafeBytes { bytes -> Int32? in
            guard let base = bytes.baseAddress?.assumingMemoryBound(to: CChar.self) else { return nil }
            // simdjson reads an integer -0 as 0, Foundation as -0.0: such a body is Codable's.
            if csj_may_hold_negative_integer_zero(base, bytes.count) { return -1 }
            return csj_parse(parser, base, bytes.count, &root)
        }
        guard code == 0 else {
            ParserPool.shared.give(parser, afterReading: data.count)
            let reason =
                switch code {
                case nil: "empty body"
                case -1: "an integer -0"
                case let code?: String(cString: csj_error_message(code))
                }
            throw Unreadable(reason: reason)
        }
        self.root = root
    }

    deinit { ParserPool.shared.give(parser, afterReading: size) }

    /// Runs `body` on the root value while the document is alive.
    func withRoot<T>(_ body: (FastJSON.Value) throws(Unreadable) -> T) throws(Unreadable) -> T {
        try withExtendedLifetime(self) { () throws(Unreadable) -> T in try body(FastJSON.Value(raw: root)) }
    }
}

/// Parsers waiting for their next document: a parser keeps its buffers, sized for the largest
/// body it has read, so reusing one saves allocating (and faulting in) a body's worth of memory
/// per dashboard. At most a few are kept, one per concurrent fetch, and none that read a large
/// body: its buffers (about 15 times the body) would stay resident while a daemon waits.
private final class ParserPool: Sendable {
    static let shared = ParserPool()
    private static let kept = 4
    private static let largestKeptBody = 4 << 20

    private let idle = Mutex<[Parser]>([])

    /// A parser, moved between threads only through the pool's lock.
    private struct Parser: @unchecked Sendable {
        let raw: OpaquePointer
    }

    func take() -> OpaquePointer? {
        idle.withLock { $0.popLast() }?.raw ?? csj_parser_create()
    }

    /// Takes back a parser whose document is no longer read.
    func give(_ parser: OpaquePointer, afterReading bodySize: Int) {
        let kept = idle.withLock { idle -> Bool in
            guard idle.count < Self.kept && bodySize <= Self.largestKeptBody else { return false }
            idle.append(Parser(raw: parser))
            return true
        }
        if !kept { csj_parser_destroy(parser) }
    }
}

enum FastJSON {
    typealias Unreadable = FastJSONDocument.Unreadable

    struct Value {
        let raw: csj_value

        var type: csj_type { csj_value_type(raw) }
        var isNull: Bool { type == CSJ_NULL }
        var isInteger: Bool { type == CSJ_INT64 }
        var isArray: Bool { type == CSJ_ARRAY }

        /// The members of an object; throws for anything else.
        func object() throws(Unreadable) -> Object {
            guard type == CSJ_OBJECT else { throw Unreadable(reason: "expected an object") }
            let count = csj_object_count(raw)
            var fields = [csj_field](repeating: csj_field(), count: count)
            // simdjson's stored count saturates at 2²⁴ − 1: a larger object is left to Codable.
            guard csj_object_fields(raw, &fields, count) == count else { throw Unreadable(reason: "too large") }
            return Object(fields: fields)
        }

        /// The elements of an array; throws for anything else.
        func array() throws(Unreadable) -> [Value] {
            guard type == CSJ_ARRAY else { throw Unreadable(reason: "expected an array") }
            let count = csj_array_count(raw)
            var items = [csj_value](repeating: csj_value(), count: count)
            guard csj_array_elements(raw, &items, count) == count else { throw Unreadable(reason: "too large") }
            return items.map(Value.init(raw:))
        }

        func string() throws(Unreadable) -> String {
            guard type == CSJ_STRING else { throw Unreadable(reason: "expected a string") }
            var bytes: UnsafePointer<CChar>?
            var length = 0
            csj_value_string(raw, &bytes, &length)
            guard let bytes else { return "" }
            return String(decoding: UnsafeRawBufferPointer(start: bytes, count: length), as: UTF8.self)
        }

        /// Whether this and `other` are arrays of strings, the same strings byte for byte.
        func hasSameStrings(as other: Value) -> Bool { csj_string_arrays_equal(raw, other.raw) }

        func bool() throws(Unreadable) -> Bool {
            guard type == CSJ_BOOL else { throw Unreadable(reason: "expected true or false") }
            return csj_value_bool(raw)
        }

        /// An integer that fits `Int`, written without a fraction or exponent.
        func int() throws(Unreadable) -> Int {
            guard type == CSJ_INT64 else { throw Unreadable(reason: "expected an integer") }
            return Int(csj_value_int64(raw))
        }

        func double() throws(Unreadable) -> Double {
            switch type {
            case CSJ_INT64, CSJ_UINT64, CSJ_DOUBLE:
                return csj_value_double(raw)
            default: throw Unreadable(reason: "expected a number")
            }
        }

        /// An array of numbers and nulls, in one pass over the tape.
        func optionalDoubles() throws(Unreadable) -> [Double?] {
            guard type == CSJ_ARRAY else { throw Unreadable(reason: "expected an array") }
            let count = csj_array_count(raw)
            var values = [Double](repeating: 0, count: count)
            var present = [UInt8](repeating: 0, count: count)
            guard count < 0xFF_FFFF, csj_array_numbers(raw, &values, &present, count) else {
                throw Unreadable(reason: "expected numbers and nulls")
            }
            return (0..<count).map { present[$0] != 0 ? values[$0] : nil }
        }

        /// Any JSON value, as `JSONValue` decodes it.
        func jsonValue() throws(Unreadable) -> JSONValue {
            switch type {
            case CSJ_NULL: return .null
            case CSJ_BOOL: return .bool(csj_value_bool(raw))
            case CSJ_INT64, CSJ_UINT64, CSJ_DOUBLE: return .number(try double())
            case CSJ_STRING: return .string(try string())
            case CSJ_ARRAY: return .array(try array().map { (item) throws(Unreadable) in try item.jsonValue() })
            default:
                var members: [String: JSONValue] = [:]
                for field in try object().fields {
                    // Codable keeps the first of two equal keys (equal as Swift strings): left to it.
                    let key = Object.key(field)
                    guard members[key] == nil else { throw Unreadable(reason: "duplicate key \(key)") }
                    members[key] = try Value(raw: field.value).jsonValue()
                }
                return .object(members)
            }
        }

        /// The value as minified JSON text.
        func minified() throws(Unreadable) -> Data {
            var length = 0
            guard let text = csj_minify(raw, &length) else { throw Unreadable(reason: "out of memory") }
            defer { csj_free(text) }
            return Data(bytes: text, count: length)
        }
    }

    struct Object {
        let fields: [csj_field]

        static func key(_ field: csj_field) -> String {
            String(decoding: UnsafeRawBufferPointer(start: field.key, count: field.key_length), as: UTF8.self)
        }

        /// The value of `key`; nil when it is absent. Two members named `key` make the document
        /// one for Codable to judge.
        func value(_ key: StaticString) throws(Unreadable) -> Value? {
            var found: Value?
            for field in fields where field.key_length == key.utf8CodeUnitCount {
                guard memcmp(field.key, key.utf8Start, field.key_length) == 0 else { continue }
                guard found == nil else { throw Unreadable(reason: "duplicate key \(key)") }
                found = Value(raw: field.value)
            }
            return found
        }

        /// The value of `key` unless it is absent or null (Codable's `decodeIfPresent`).
        func present(_ key: StaticString) throws(Unreadable) -> Value? {
            guard let value = try value(key), !value.isNull else { return nil }
            return value
        }
    }
}
