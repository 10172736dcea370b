import Analysis
import Foundation

/// Machine output: the `Report` as JSON with sorted keys, so equal reports are equal bytes.
///
/// The findings and the metrics table (nearly all the bytes of a large report) are encoded on
/// every core, each element on its own (64 to a task), and spliced into the rest, indented as one
/// encoding would indent them: the same bytes as `JSONEncoder` on the whole report (tested),
/// without its serial tail (about 90 ms of one core, 5% of a large weekly run, before).
public struct JSONRenderer: ReportRenderer {
    public init() {}

    public func render(_ report: Report) throws -> String {
        String(decoding: try Self.encoded(report), as: UTF8.self) + "\n"
    }

    /// The report's JSON, as `JSONEncoder` with `outputFormatting` writes it.
    static func encoded(_ report: Report) throws -> [UInt8] {
        var rest = report
        rest.findings = []
        rest.metrics = []
        // Where the two empty arrays are, found in the small rest before anything is spliced;
        // `metrics` sorts after `findings`, so it is filled first and the other place holds.
        guard let encodedRest = try? Self.encoder().encode(rest), case var text = [UInt8](encodedRest),
            let findingsAt = Self.emptyMember("findings", in: text),
            let metricsAt = Self.emptyMember("metrics", in: text), findingsAt.upperBound <= metricsAt.lowerBound,
            let findings = Self.elements(report.findings), let metrics = Self.elements(report.metrics)
        else {
            // A value that cannot be encoded (a non-finite number: the whole report's encoding
            // throws, with the path of the first value at fault), or an encoder that writes an
            // empty array otherwise than expected: the report encoded whole.
            return [UInt8](try Self.encoder().encode(report))
        }
        Self.fill(metricsAt, as: "metrics", with: metrics, in: &text)
        Self.fill(findingsAt, as: "findings", with: findings, in: &text)
        return text
    }

    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// Each element's JSON, indented as an element of a top-level member (two levels, four
    /// spaces; lines left empty by an empty array or object stay empty); nil when one fails.
    private static func elements<Element: Encodable & Sendable>(_ elements: [Element]) -> [[UInt8]]? {
        // Chunks of elements, so that each task is worth scheduling and has its own encoder.
        let chunk = 64
        let chunks = stride(from: 0, to: elements.count, by: chunk).map {
            Array(elements[$0..<min(elements.count, $0 + chunk)])
        }
        let encoded = chunks.parallelMap { chunk -> [[UInt8]]? in
            let encoder = Self.encoder()
            var texts: [[UInt8]] = []
            for element in chunk {
                guard let text = try? encoder.encode(element) else { return nil }
                texts.append(indented(text))
            }
            return texts
        }
        var all: [[UInt8]] = []
        all.reserveCapacity(elements.count)
        for texts in encoded {
            guard let texts else { return nil }
            all += texts
        }
        return all
    }

    private static func indented(_ text: Data) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(text.count + text.count / 4)
        let indent: [UInt8] = Array("    ".utf8)
        text.withUnsafeBytes { bytes in
            var start = 0
            while start < bytes.count {
                let newline = bytes[start...].firstIndex(of: UInt8(ascii: "\n"))
                let end = newline.map { $0 + 1 } ?? bytes.count
                if bytes[start] != UInt8(ascii: "\n") { result += indent }
                result.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
                start = end
            }
        }
        return result
    }

    /// Where top-level `key`'s empty array is. A raw newline occurs in the encoder's output only
    /// between tokens (strings escape theirs), and only a top-level key is indented by exactly two
    /// spaces, so the pattern cannot match inside a value.
    private static func emptyMember(_ key: String, in text: [UInt8]) -> Range<Int>? {
        let empty = Array("\n  \"\(key)\" : [\n\n  ]".utf8)
        guard text.count >= empty.count else { return nil }
        return text.withUnsafeBufferPointer { bytes in
            for start in 0...(bytes.count - empty.count) where bytes[start] == empty[0] {
                if bytes[start..<(start + empty.count)].elementsEqual(empty) { return start..<(start + empty.count) }
            }
            return nil
        }
    }

    /// Replaces `key`'s empty array at `place` with `elements` (nothing when there are none).
    private static func fill(_ place: Range<Int>, as key: String, with elements: [[UInt8]], in text: inout [UInt8]) {
        guard !elements.isEmpty else { return }
        var filled = Array("\n  \"\(key)\" : [\n".utf8)
        filled.reserveCapacity(elements.reduce(filled.count + 4) { $0 + $1.count + 2 })
        for (index, element) in elements.enumerated() {
            if index > 0 { filled += Array(",\n".utf8) }
            filled += element
        }
        filled += Array("\n  ]".utf8)
        text.replaceSubrange(place, with: filled)
    }
}
