import CSimdjson
import DashbriefTestSupport
import Testing

/// The pre-scan that sends bodies with an integer `-0` to Codable (simdjson reads it as 0,
/// Foundation as −0.0) finds exactly the texts the rule names, wherever the `-0` lies.
@Suite struct NegativeZeroScanTests {
    /// The rule, one position at a time: a `-0` followed by nothing, or by a byte other than a
    /// digit, `.`, `e` or `E`.
    static func holdsNegativeIntegerZero(_ text: [UInt8]) -> Bool {
        guard text.count >= 2 else { return false }
        for index in 0..<(text.count - 1) where text[index] == UInt8(ascii: "-") && text[index + 1] == UInt8(ascii: "0")
        {
            guard index + 2 < text.count else { return true }
            let next = text[index + 2]
            let continues = (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(next) || ".eE".utf8.contains(next)
            if !continues { return true }
        }
        return false
    }

    static func scan(_ text: [UInt8]) -> Bool {
        text.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { csj_may_hold_negative_integer_zero($0.baseAddress, $0.count) }
        }
    }

    @Test func findsWhatTheRuleFinds_atEveryPositionAndLength() {
        // Short texts over an alphabet of the bytes that matter, so that hits, near misses and
        // both ends of every 64-byte chunk all occur; lengths 0…200 cross three chunks.
        let alphabet = Array("-0-0-05.eE ,]x".utf8)
        var random = SplitMix64(seed: 11)
        var hits = 0
        for length in 0...200 {
            for _ in 0..<40 {
                let text = (0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }
                let expected = Self.holdsNegativeIntegerZero(text)
                #expect(Self.scan(text) == expected, "\(String(decoding: text, as: UTF8.self))")
                if expected { hits += 1 }
            }
        }
        #expect(hits > 1000 && hits < 201 * 40 - 1000)
    }

    @Test func oneNegativeZeroAnywhereInALongBodyOfDates() {
        let dates = Array(String(repeating: #""2026-11-05", "2026-10-30", -0.5, -01, "#, count: 20).utf8)
        #expect(!Self.scan(dates))
        for position in stride(from: 0, through: dates.count, by: 7) {
            var text = dates
            text.insert(contentsOf: Array("-0,".utf8), at: position)
            #expect(Self.scan(text), "at \(position)")
        }
        #expect(Self.scan(dates + Array("-0".utf8)))
    }
}
