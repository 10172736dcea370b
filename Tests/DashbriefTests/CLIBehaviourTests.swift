import DashbriefTestSupport
import Foundation
import Testing

/// The CLI contract: data source selection, exit codes, actionable errors, resilience.
@Suite struct CLIBehaviourTests {
    @Test func noCredentialsAndNoSnapshot_runsOnTheBundledDemo() async throws {
        let outcome = try await CommandRunner.run(["daily", "--dashboard", "Marketing Dashboard", "--format", "json"])
        #expect(outcome.status == 0, "stderr: \(outcome.standardError)")
        let report = try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any]
        #expect(report?["kind"] as? String == "daily")
        #expect((report?["narrative"] as? [String: Any])?["source"] as? String == "template")
        #expect((report?["window"] as? [String: String]) == ["from": "2026-11-10", "to": "2026-11-23"])
        // The demo is the CLI's choice, said once on stderr; the library never falls back to it.
        let notes = outcome.standardError.components(separatedBy: "using the bundled demo snapshot")
        #expect(notes.count == 2, "stderr: \(outcome.standardError)")
    }

    @Test func asOf_evaluatesAnEarlierDay_andABadValueIsAUsageError() async throws {
        let outcome = try await CommandRunner.run(["daily", "--as-of", "2026-11-19", "--format", "json"])
        #expect(outcome.status == 0, "stderr: \(outcome.standardError)")
        let report = try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any]
        #expect((report?["window"] as? [String: String]) == ["from": "2026-11-05", "to": "2026-11-18"])
        #expect(report?["as_of"] as? String == "2026-11-19T08:00:00.000Z")
        let bad = try await CommandRunner.run(["daily", "--as-of", "last tuesday"])
        #expect(bad.status == 2)
        #expect(bad.standardError.contains("\"last tuesday\""))
    }

    @Test func aProjectIDWithoutAKey_namesTheMissingVariable_insteadOfReportingTheDemo() async throws {
        let outcome = try await CommandRunner.run(["daily"], environment: ["POSTHOG_PROJECT_ID": "48213"])
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains("POSTHOG_API_KEY is not set"), "\(outcome.standardError)")
        #expect(outcome.standardOutput.isEmpty)
    }

    @Test func unknownDashboard_exitsOneAndListsClosestNames() async throws {
        let outcome = try await CommandRunner.run(["daily", "--dashboard", "Marketing Dashbord"])
        #expect(outcome.status == 1)
        #expect(outcome.standardOutput.isEmpty)
        #expect(
            outcome.standardError.contains(
                "no dashboard named \"Marketing Dashbord\" (closest: \"Marketing Dashboard\""),
            "\(outcome.standardError)")
    }

    @Test(arguments: [["daily", "--days", "0"], ["weekly", "--format", "pdf"], ["daily", "--bogus"], ["frobnicate"]])
    func usageErrors_exitTwo(arguments: [String]) async throws {
        let outcome = try await CommandRunner.run(arguments)
        #expect(outcome.status == 2, "stderr: \(outcome.standardError)")
        #expect(!outcome.standardError.isEmpty)
    }

    @Test(arguments: [
        (["schedule", "--daily", "0 25 * * *"], #"cron "0 25 * * *": hour 25 is out of range 0-23"#),
        (["schedule", "--weekly", "0 16 * * fry"], #"day-of-week "fry" is not a number or a name (sun-sat)"#),
        (["schedule", "--timezone", "Mars/Olympus"], #"time zone "Mars/Olympus" is unknown"#),
        (["schedule", "--after", "yesterday"], #"--after: "yesterday" is not an ISO-8601 instant"#),
        (["schedule", "--next", "0"], "--next must be at least 1, got 0"),
    ])
    func schedule_badValues_areUsageErrorsNamingTheValue(arguments: [String], message: String) async throws {
        let outcome = try await CommandRunner.run(arguments)
        #expect(outcome.status == 2)
        #expect(outcome.standardError.contains(message), "\(outcome.standardError)")
        #expect(outcome.standardOutput.isEmpty)
    }

    @Test func help_exitsZero() async throws {
        let outcome = try await CommandRunner.run(["--help"])
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput.contains("daily"))
    }

    @Test func apiKeyWithoutProjectID_namesTheVariable_andNeverPrintsTheKey() async throws {
        let outcome = try await CommandRunner.run(
            ["dashboards"], environment: ["POSTHOG_API_KEY": "phx_secret_value_123"])
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains("POSTHOG_PROJECT_ID is not set"))
        #expect(!(outcome.standardError + outcome.standardOutput).contains("phx_secret_value_123"))
    }

    @Test func dotEnvFile_isRead_withTheSeedsVariableNames() async throws {
        let directory = try TestPaths.temporaryDirectory()
        try "MARKETING_DASHBOARD_NAME=Product Dashboard\n".write(
            to: directory.appendingPathComponent(".env"), atomically: true, encoding: .utf8)
        let outcome = try await CommandRunner.run(["daily", "--format", "json"], in: directory)
        #expect(outcome.status == 0, "stderr: \(outcome.standardError)")
        #expect(outcome.standardOutput.contains("\"Product Dashboard\""))
    }

    @Test func output_writesTheReportToAFile() async throws {
        let directory = try TestPaths.temporaryDirectory()
        let file = directory.appendingPathComponent("report.md")
        let outcome = try await CommandRunner.run(["weekly", "--format", "markdown", "--output", file.path])
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput.isEmpty)
        let written = try String(contentsOf: file, encoding: .utf8)
        #expect(written.hasPrefix("# Weekly report: Marketing Dashboard, Product Dashboard"))
    }

    /// A copy of the demo snapshot to damage.
    func snapshotCopy() throws -> URL {
        let directory = try TestPaths.temporaryDirectory().appendingPathComponent("snapshot")
        try FileManager.default.copyItem(at: TestPaths.demoSnapshot, to: directory)
        return directory
    }

    @Test func snapshotMissingADashboardFile_weeklyStillReportsTheOtherDashboard() async throws {
        let snapshot = try snapshotCopy()
        try FileManager.default.removeItem(at: snapshot.appendingPathComponent("api/dashboards/102.json"))
        let outcome = try await CommandRunner.run(["weekly", "--format", "json", "--snapshot", snapshot.path])
        #expect(outcome.status == 0, "stderr: \(outcome.standardError)")
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any])
        #expect(report["dashboards"] as? [String] == ["Marketing Dashboard"])
        let skipped = try #require(report["skipped"] as? [[String: String]])
        #expect(
            skipped.contains {
                $0["insight"] == "dashboard Product Dashboard" && $0["reason"]!.contains("api/dashboards/102.json")
            })
        #expect(!(report["findings"] as? [Any] ?? []).isEmpty)
    }

    @Test func truncatedDashboardFile_failsNamingTheFile() async throws {
        let snapshot = try snapshotCopy()
        let file = snapshot.appendingPathComponent("api/dashboards/101.json")
        try Data(try Data(contentsOf: file).prefix(3000)).write(to: file)
        let outcome = try await CommandRunner.run([
            "daily", "--dashboard", "Marketing Dashboard", "--snapshot", snapshot.path,
        ])
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains("api/dashboards/101.json: invalid JSON"), "\(outcome.standardError)")
    }

    @Test func wrongTypeInAnInsight_skipsItWithItsPath_andTheRestReports() async throws {
        let snapshot = try snapshotCopy()
        let file = snapshot.appendingPathComponent("api/dashboards/102.json")
        var text = try String(contentsOf: file, encoding: .utf8)
        // The retention insight's first cohort date becomes a number.
        let range = try #require(text.range(of: "\"date\": \"2026-09-06T00:00:00-07:00\""))
        text.replaceSubrange(range, with: "\"date\": 20260906")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let outcome = try await CommandRunner.run([
            "daily", "--dashboard", "Product Dashboard", "--snapshot", snapshot.path,
        ])
        #expect(outcome.status == 0, "stderr: \(outcome.standardError)")
        #expect(
            outcome.standardOutput.contains(
                "tile 512: tiles[1].insight.result[0].date: expected a string, found number"),
            "\(outcome.standardOutput)")
        #expect(outcome.standardOutput.contains("Daily active users"))
    }

    @Test func missingSnapshotDirectory_namesTheManifest() async throws {
        let outcome = try await CommandRunner.run(["dashboards", "--snapshot", "/nonexistent/snapshot"])
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains("/nonexistent/snapshot/manifest.json"))
    }
}
