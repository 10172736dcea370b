import ArgumentParser
import Dashbrief
import Foundation

struct Record: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record what daily and weekly reports fetch from PostHog as a snapshot to replay offline.",
        discussion: "Needs POSTHOG_API_KEY and POSTHOG_PROJECT_ID. Replay with --snapshot DIR; no secret is written.")

    @OptionGroup var global: GlobalOptions
    @Option(name: .long, help: "Directory to write the snapshot to.") var out: String
    @Option(name: .long, help: "Dashboard name or id; repeat for several (default: every configured dashboard).")
    var dashboard: [String] = []

    func run() async throws {
        LoggingSetup.bootstrap(verbose: global.verbose)
        let manifest = try await reportingFailures {
            try await Engine.record(
                configuration: try global.configuration(), to: URL(fileURLWithPath: out), dashboards: dashboard,
                progress: ProgressDisplay.handler())
        }
        ProgressDisplay.finish()
        try await emit("recorded \(manifest.exchanges.count) responses to \(out)\n", to: nil)
    }
}
