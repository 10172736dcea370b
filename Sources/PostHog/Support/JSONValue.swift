/// Any JSON value, for the few places where PostHog's shape is open: HogQL rows, breakdown
/// values (string, number or list), legacy filters.
public enum JSONValue: Codable, Sendable, Hashable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// The value as a person reads it in a table cell: numbers without a spurious ".0".
    public var description: String {
        switch self {
        case .null: ""
        case .bool(let value): "\(value)"
        case .number(let value):
            value.rounded() == value && abs(value) < 1e15 ? "\(Int64(value))" : "\(value)"
        case .string(let value): value
        case .array(let values): values.map(\.description).joined(separator: ", ")
        case .object(let members): "{" + members.keys.sorted().joined(separator: ", ") + "}"
        }
    }

    public var number: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    /// The value as a whole number, when it is one (and small enough to be exact).
    public var integer: Int? {
        guard let number, number.rounded() == number, abs(number) < 1e15 else { return nil }
        return Int(number)
    }

    /// A number, or a string holding one (ClickHouse's wide integers and decimals may come as
    /// text); nil for anything else.
    public var numeric: Double? {
        switch self {
        case .number(let value): value
        case .string(let text): Double(text)
        default: nil
        }
    }

    public var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }
}
