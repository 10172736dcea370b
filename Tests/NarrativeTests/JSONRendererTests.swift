import Analysis
import DashbriefTestSupport
import Foundation
import PostHog
import Testing

@testable import Narrative

/// The JSON renderer splices the findings and metrics, encoded on every core, into the rest of
/// the report: its bytes must be the ones one `JSONEncoder` gives for the whole report.
@Suite struct JSONRendererTests {
    static func plain(_ report: Report) throws -> [UInt8] { [UInt8](try JSONRenderer.encoder().encode(report)) }

    @Test func splicedBytesAreTheWholeReportsEncoding() throws {
        var empty = RenderingFixtures.hostile
        empty.findings = []
        empty.metrics = []
        var oneEach = RenderingFixtures.huge(count: 20, nameLength: 10)
        oneEach.findings = [oneEach.findings[0]]
        oneEach.metrics = [oneEach.metrics[0]]
        oneEach.narrative = NarrativeText(headline: "", sections: [])
        // Names holding what the splice looks for: a newline, a quoted key, four spaces, brackets.
        var lookalike = RenderingFixtures.huge(count: 70, nameLength: 20)
        lookalike.findings[3].series = "\n  \"findings\" : [\n\n  ]"
        lookalike.metrics[5].series = "\"metrics\" : [    ]\n"
        for report in [
            RenderingFixtures.hostile, RenderingFixtures.huge(), RenderingFixtures.huge(count: 1000, nameLength: 30),
            empty, oneEach, lookalike,
        ] {
            let spliced = try JSONRenderer.encoded(report)
            let whole = try Self.plain(report)
            #expect(spliced == whole, "\(report.findings.count) findings, \(report.metrics.count) metrics")
            #expect(try JSONRenderer().render(report) == String(decoding: whole, as: UTF8.self) + "\n")
        }
    }

    @Test func aValueJSONCannotHoldFailsAsTheWholeEncodingDoes() {
        var report = RenderingFixtures.huge(count: 200, nameLength: 10)
        report.metrics[150].value = .nan
        #expect(throws: EncodingError.self) { try JSONRenderer.encoded(report) }
        #expect(throws: EncodingError.self) { try Self.plain(report) }
    }
}

/// Chart coordinates are written by `vsnprintf` itself; they must read as `String(format:)` wrote
/// them, so that the HTML stays byte for byte the same.
@Suite struct OneDecimalTests {
    @Test func writesWhatStringFormatWrites() {
        var random = SplitMix64(seed: 3)
        // Ties in decimal that are not ties in binary (0.15, 0.25, 2.675), signs, zero and −0,
        // the chart's range and far beyond it, and a number longer than the stack buffer.
        var values: [Double] = [
            0, -0.0, 0.05, 0.15, 0.25, 0.35, 2.675, -2.675, 1e-9, -1e-9, 999.95, 1e15, 1e300, -1e300,
        ]
        values += (0..<5_000).map { _ in (Double(random.next() % 2_000_000) - 1_000_000) / 1_000 }
        values += (0..<2_000).map { _ in
            let significand = 1 + Double(random.next() % 1_000_000) / 1_000_000
            let value = Double(sign: .plus, exponent: Int(random.next() % 90) - 30, significand: significand)
            return random.next() % 2 == 0 ? value : -value
        }
        for value in values where value.isFinite {
            #expect(NumberFormatting.oneDecimal(value) == String(format: "%.1f", value), "\(value)")
        }
    }
}
