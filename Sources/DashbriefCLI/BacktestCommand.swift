import ArgumentParser
import Dashbrief
import Foundation

extension BacktestFormat: ExpressibleByArgument {}

struct BacktestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Replay the last weeks: the alerts and reports each channel would have received.",
        discussion: """
            Each day the daily alert of every dashboard as of that day, and on the weekly schedule's \
            day the weekly report, with the alert state carried from day to day as delivery keeps it. \
            Nothing is posted and no state is written.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(name: .long, help: "Dashboard name or id; repeat for several (default: every configured dashboard).")
    var dashboard: [String] = []
    @Option(name: .long, help: "Weeks to replay, ending today (default 8).") var weeks = 8
    @Option(name: .long, help: "Ground truth file of planted changes (the demo's: Fixtures/demo/ground_truth.json).")
    var truth: String?
    @Option(name: .long, help: "Output format: \(BacktestFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: BacktestFormat = .text
    @Option(name: .shortAndLong, help: "Write the backtest to this file instead of stdout.") var output: String?
    @Option(
        name: .customLong("compare-config"),
        help: "Replay again under this config file and print both side by side (messages, found, false findings).")
    var compareConfig: String?

    func validate() throws {
        if weeks < 1 || weeks > 520 { throw ValidationError("--weeks must be between 1 and 520, got \(weeks)") }
    }

    func run() async throws {
        let engine = try await global.engine()
        // Both configurations are read before anything is replayed: a typo in the second file is
        // told at once, not after the first replay.
        var compared: Engine?
        if let compareConfig { compared = try await global.engine(configFile: compareConfig) }
        let text = try await reportingFailures {
            let truth = try truth.map { path throws(DashbriefError) in try GroundTruth.load(URL(fileURLWithPath: path))
            }
            let backtest = try await engine.backtest(dashboards: dashboard, weeks: weeks, truth: truth)
            guard let compared, let compareConfig else { return try backtest.rendered(as: format) }
            let other = try await compared.backtest(dashboards: dashboard, weeks: weeks, truth: truth)
            return try BacktestComparison(
                base: backtest, label: engine.configuration.configFile?.relativePath ?? "no config file (defaults)",
                other: other, label: compareConfig
            ).rendered(as: format)
        }
        try await emit(text, to: output)
    }
}
