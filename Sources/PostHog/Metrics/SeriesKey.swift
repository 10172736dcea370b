/// What identifies a series within its insight, independently of what it is called.
///
/// Display names change when someone renames a metric in PostHog, and two names can differ only
/// in punctuation; finding ids (a public contract) must survive both. A key is an ordered list of
/// `name=value` parts: PostHog's series order (`s`), the raw breakdown value (`b`), the compare
/// label (`c`), or what a part of a chart is (`status=new`, `step=2`, `age=1`, `m=quick_ratio`).
///
/// Its text form is canonical: parts joined by `;`, each value percent-encoded outside RFC 3986's
/// unreserved characters (`A–Z a–z 0–9 - . _ ~`), so `:`, `;`, `=`, `%`, spaces and non-ASCII
/// letters never collide with a separator: `s=0;b=Safari`, `s=1;b=Chrome%20OS;c=previous`.
public struct SeriesKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    public struct Part: Hashable, Sendable {
        public let name: String
        public let value: String

        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    public let parts: [Part]

    public init(_ parts: [Part]) { self.parts = parts }

    /// A query series: its order among the query's series, then breakdown value and compare label.
    public init(order: Int?, breakdown: String? = nil, compare: String? = nil) {
        var parts: [Part] = []
        if let order { parts.append(Part("s", String(order))) }
        if let breakdown { parts.append(Part("b", breakdown)) }
        if let compare { parts.append(Part("c", compare)) }
        self.parts = parts
    }

    /// This key with one more part.
    public func appending(_ name: String, _ value: String) -> SeriesKey {
        SeriesKey(parts + [Part(name, value)])
    }

    /// The canonical text form; `-` for a key without parts (an insight with one unnamed series).
    public var description: String {
        guard !parts.isEmpty else { return "-" }
        return parts.map { "\(Self.escape($0.name))=\(Self.escape($0.value))" }.joined(separator: ";")
    }

    public static func < (lhs: SeriesKey, rhs: SeriesKey) -> Bool { lhs.description < rhs.description }

    /// Percent-encodes every byte outside RFC 3986's unreserved set, in upper-case hex.
    public static func escape(_ text: String) -> String {
        var escaped = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                escaped.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                escaped += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return escaped
    }
}
