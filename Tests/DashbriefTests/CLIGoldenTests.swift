import DashbriefTestSupport
import Foundation
import Testing

/// The built CLI on the bundled demo snapshot, compared byte for byte with golden files.
/// Regenerate after an intended change: `DASHBRIEF_UPDATE_GOLDEN=1 swift test`, then read the diff.
@Suite struct CLIGoldenTests {
    static let snapshot = TestPaths.demoSnapshot.path

    static let cases: [(golden: String, arguments: [String])] = [
        ("daily_marketing.txt", ["daily", "--dashboard", "Marketing Dashboard", "--method", "threshold"]),
        (
            "daily_marketing.json",
            ["daily", "--dashboard", "Marketing Dashboard", "--format", "json", "--method", "threshold"]
        ),
        (
            "daily_product.md",
            ["daily", "--dashboard", "Product Dashboard", "--format", "markdown", "--method", "threshold"]
        ),
        ("weekly_all.txt", ["weekly", "--method", "threshold"]),
        ("weekly_all.json", ["weekly", "--format", "json", "--method", "threshold"]),
        ("weekly_all.md", ["weekly", "--format", "markdown", "--method", "threshold"]),
        ("statistical_daily_marketing.txt", ["daily", "--dashboard", "Marketing Dashboard"]),
        ("statistical_daily_product.json", ["daily", "--dashboard", "Product Dashboard", "--format", "json"]),
        ("statistical_weekly_all.md", ["weekly", "--format", "markdown"]),
        ("statistical_weekly_all.json", ["weekly", "--format", "json"]),
        (
            "statistical_daily_marketing_slack.json",
            ["daily", "--dashboard", "Marketing Dashboard", "--format", "slack"]
        ),
        ("statistical_weekly_all_slack.json", ["weekly", "--format", "slack"]),
        ("statistical_daily_marketing.html", ["daily", "--dashboard", "Marketing Dashboard", "--format", "html"]),
        ("statistical_weekly_all.html", ["weekly", "--format", "html"]),
        (
            "daily_product_slack.json",
            ["daily", "--dashboard", "Product Dashboard", "--format", "slack", "--method", "threshold"]
        ),
        ("dashboards.txt", ["dashboards"]),
        ("dashboards.json", ["dashboards", "--json"]),
        ("dashboard_product.txt", ["dashboard", "Product Dashboard"]),
        ("dashboard_marketing.json", ["dashboard", "101", "--json"]),
        ("insight_retention.txt", ["insight", "2012"]),
        ("insight_funnel_by_browser.txt", ["insight", "2006"]),
        ("insight_short_id_days7.json", ["insight", "Cv3pK7mZ", "--days", "7", "--json"]),
        ("insight_lifecycle_days7.txt", ["insight", "Lc2mN6oP", "--days", "7"]),
    ]

    @Test(arguments: cases)
    func command_matchesGoldenFile(golden: String, arguments: [String]) async throws {
        let outcome = try await CommandRunner.run(arguments + ["--snapshot", Self.snapshot])
        #expect(outcome.status == 0, "stderr: \(outcome.standardError)")
        // Without a configured zone the project's is used: here, the bundled demo's, said on stderr.
        #expect(!outcome.standardError.contains("error"))
        let mismatch = try GoldenFile.mismatch(outcome.standardOutput, name: golden, target: "DashbriefTests")
        #expect(mismatch == nil, "\(mismatch ?? "")")
    }

    /// `schedule` reads no data, so it takes no `--snapshot`; `--after` fixes "now".
    static let scheduleCases: [(golden: String, arguments: [String])] = [
        ("schedule_defaults.txt", ["schedule", "--next", "3", "--after", "2026-11-30T12:00:00Z"]),
        (
            "schedule_new_york_spring_forward.txt",
            [
                "schedule", "--next", "3", "--timezone", "America/New_York", "--daily", "30 2 * * *", "--weekly",
                "0 16 * * fri", "--after", "2026-03-06T12:00:00Z",
            ]
        ),
    ]

    @Test(arguments: scheduleCases)
    func schedule_matchesGoldenFile(golden: String, arguments: [String]) async throws {
        let outcome = try await CommandRunner.run(arguments)
        #expect(outcome.status == 0, "stderr: \(outcome.standardError)")
        // Without a configured zone the project's is used: here, the bundled demo's, said on stderr.
        #expect(!outcome.standardError.contains("error"))
        let mismatch = try GoldenFile.mismatch(outcome.standardOutput, name: golden, target: "DashbriefTests")
        #expect(mismatch == nil, "\(mismatch ?? "")")
    }

    @Test func reports_areByteStableAcrossRuns() async throws {
        let arguments = ["weekly", "--format", "json", "--snapshot", Self.snapshot]
        let first = try await CommandRunner.run(arguments)
        let second = try await CommandRunner.run(arguments)
        #expect(first.standardOutput == second.standardOutput)
        #expect(!first.standardOutput.isEmpty)
    }
}
