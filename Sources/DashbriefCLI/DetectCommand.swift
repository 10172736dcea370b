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
            let rows = try Detection.read(URL(fileURLWithPath: file))
            return try Detection.render(Detection.detect(rows, period: period), csv: format == .csv)
        }
        try await emit(text, to: nil)
    }
}
