import Foundation

/// Machine output: the `Report` as JSON with sorted keys, so equal reports are equal bytes.
public struct JSONRenderer: ReportRenderer {
    public init() {}

    public func render(_ report: Report) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(report), as: UTF8.self) + "\n"
    }
}
