import Foundation

extension Table {
    /// What a SQL column holds, as far as reading it as a metric goes.
    public enum ColumnRole: String, Sendable, Equatable {
        /// Dates or date-times (`Date`, `Date32`, `DateTime('UTC')`, `DateTime64(6, 'UTC')`).
        case date
        /// Whole numbers (`UInt64`, `Int32`, ...): counts, as far as dashbrief can tell.
        case integer
        /// Other numbers (`Float64`, `Decimal(38, 2)`, ...).
        case real
        /// Anything else: text, booleans, arrays, or a column that is null throughout.
        case other

        public var isNumeric: Bool { self == .integer || self == .real }

        /// The role a ClickHouse type names, through `Nullable(...)` and `LowCardinality(...)`;
        /// nil for an empty type (PostHog sent none).
        public init?(clickHouseType type: String) {
            var inner = type.trimmingCharacters(in: .whitespaces)
            while let wrapper = ["Nullable(", "LowCardinality("].first(where: { inner.hasPrefix($0) }),
                inner.hasSuffix(")")
            {
                inner = String(inner.dropFirst(wrapper.count).dropLast())
            }
            guard !inner.isEmpty else { return nil }
            if inner.hasPrefix("Date") {
                self = .date
            } else if inner.hasPrefix("Interval") {
                self = .other  // `IntervalDay` is a length of time, not a number to chart
            } else if inner.hasPrefix("Int") || inner.hasPrefix("UInt") {
                self = .integer
            } else if inner.hasPrefix("Float") || inner.hasPrefix("Decimal") {
                self = .real
            } else {
                self = .other
            }
        }

        /// The role of a column without a type, from its values: numbers (whole or not), or
        /// timestamps PostHog writes (`2026-11-24`, `2026-11-24T00:00:00Z`, ...); nulls are ignored.
        init(values: [JSONValue]) {
            let present = values.filter { $0 != .null }
            if present.isEmpty {
                self = .other
            } else if present.allSatisfy({ $0.number != nil }) {
                self = present.allSatisfy { $0.integer != nil } ? .integer : .real
            } else if present.allSatisfy({ $0.string.map { Timestamp.periodStart($0, in: .gmt) != nil } ?? false }) {
                self = .date
            } else {
                self = .other
            }
        }
    }
}
