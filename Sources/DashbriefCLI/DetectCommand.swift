import ArgumentParser
import Dashbrief
import Foundation

struct Detect: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find anomalies in a timestamp,value CSV with the same detector and defaults as the reports.")

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case json, csv }

    @Argument(help: "CSV file with a timestamp,value header (NAB's format).") var file: String
    @Option(name: .long, help: "Seasonal period in rows (default: a day or a week of rows, whichever fits).")
    var period: Int?
    @Option(name: .long, help: "Output format: json or csv.") var format: OutputFormat = .json

    func validate() throws {
        if let period, period < 2 { throw ValidationError("--period must be at least 2, got \(period)") }
    }

    func run() async throws {
        let text = try await reportingFailures {
            let csv = try TimestampValueCSV(contentsOf: URL(fileURLWithPath: file))
            let result = Detection.detect(timestamps: csv.timestamps, values: csv.values, period: period)
            return try Self.render(result, as: format)
        }
        try await emit(text, to: nil)
    }

    /// `{"anomalies":[{"expected","kind","score","timestamp","value"}],"period":N}` (keys sorted,
    /// pretty-printed) or CSV with a header. `scripts/evaluate-nab.py` reads the CSV form.
    static func render(_ result: Detection.Result, as format: OutputFormat) throws -> String {
        switch format {
        case .csv:
            return "timestamp,value,expected,score,kind\n"
                + result.anomalies.map { "\($0.timestamp),\($0.value),\($0.expected),\($0.score),\($0.kind)\n" }
                .joined()
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            return String(decoding: try encoder.encode(result), as: UTF8.self) + "\n"
        }
    }
}
