import ArgumentParser
import Dashbrief
import Foundation

@main
struct DashbriefCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashbrief",
        abstract: "Daily alerts and weekly reports from PostHog dashboards.",
        discussion: """
            Data source: --snapshot DIR; else PostHog when POSTHOG_API_KEY and POSTHOG_PROJECT_ID are \
            set (one without the other is an error); with nothing configured, the bundled demo \
            snapshot (Fixtures/demo), said on stderr. Settings come from flags, the environment and \
            .env (the seed's variable names), then dashbrief.json.
            """,
        version: DashbriefVersion.current,
        subcommands: [
            Dashboards.self, DashboardCommand.self, InsightCommand.self, Daily.self, Weekly.self, Record.self,
            Detect.self, ScheduleCommand.self, Serve.self, RunDue.self, BacktestCommand.self,
        ])

    /// Exit codes: 0 ok, 1 runtime failure (message names the cause), 2 usage error.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var command = command as? AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
