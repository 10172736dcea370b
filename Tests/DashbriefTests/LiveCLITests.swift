import DashbriefTestSupport
import Foundation
import Testing

/// The CLI against a fake PostHog, configured only through the seed's environment variables.
@Suite struct LiveCLITests {
    func environment(_ fake: FakePostHog, key: String = FakePostHog.apiKey) -> [String: String] {
        [
            "POSTHOG_API_KEY": key, "POSTHOG_PROJECT_ID": fake.projectID,
            "POSTHOG_BASE_URL": fake.baseURL.absoluteString + "/api",
        ]
    }

    @Test func everyCommand_worksLive_despiteThrottlingOnFirstContact() async throws {
        let fake = try FakePostHog(fault: FakePostHog.throttleFirstContact)
        let env = environment(fake)
        let commands: [[String]] = [
            ["dashboards"], ["dashboard", "Product Dashboard"], ["insight", "2012"],
            ["insight", "Cv3pK7mZ", "--days", "7"],
            ["daily", "--dashboard", "Marketing Dashboard"], ["weekly", "--format", "markdown"],
        ]
        for arguments in commands {
            let outcome = try await CommandRunner.run(arguments, environment: env)
            #expect(outcome.status == 0, "\(arguments): \(outcome.standardError)")
            #expect(!outcome.standardOutput.isEmpty)
        }
        // The throttled first request was sent again.
        #expect(fake.requests.count >= 2 && fake.requests[0].target == fake.requests[1].target)
        let listing = try await CommandRunner.run(["dashboards", "--json"], environment: env)
        let dashboards = try JSONSerialization.jsonObject(with: Data(listing.standardOutput.utf8)) as! [[String: Any]]
        #expect(dashboards.count == 120)
    }

    @Test func liveDaily_matchesTheGoldenReplayedReport() async throws {
        let fake = try FakePostHog()
        // Live "now" differs from the recording's, so compare what does not depend on it.
        let outcome = try await CommandRunner.run(
            ["daily", "--dashboard", "Marketing Dashboard", "--format", "json"], environment: environment(fake))
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let report = try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as! [String: Any]
        #expect(report["dashboards"] as? [String] == ["Marketing Dashboard"])
        #expect((report["skipped"] as? [[String: String]])?.map { $0["insight"] } == ["Ad spend"])
    }

    @Test func wrongKey_isOneActionableLine_andExitOne() async throws {
        let fake = try FakePostHog()
        let outcome = try await CommandRunner.run(["daily"], environment: environment(fake, key: "phx_wrong_0000"))
        #expect(outcome.status == 1)
        let lines = outcome.standardError.split(separator: "\n")
        #expect(lines.count == 1, "\(outcome.standardError)")
        #expect(outcome.standardError.contains("check POSTHOG_API_KEY"))
        #expect(!outcome.standardError.contains("phx_wrong_0000"))
    }

    @Test func verbose_logsEachRequest_withoutTheKey() async throws {
        let fake = try FakePostHog()
        let outcome = try await CommandRunner.run(["daily", "--verbose"], environment: environment(fake))
        #expect(outcome.status == 0)
        #expect(outcome.standardError.contains("GET /api/projects/48213/dashboards/101/?refresh=blocking → 200 in"))
        #expect(!(outcome.standardError + outcome.standardOutput).contains(FakePostHog.apiKey))
    }

    @Test func record_thenReplay_withTheSnapshotFlag() async throws {
        let fake = try FakePostHog()
        let directory = try TestPaths.temporaryDirectory().appendingPathComponent("snap")
        let recorded = try await CommandRunner.run(["record", "--out", directory.path], environment: environment(fake))
        #expect(recorded.status == 0, "\(recorded.standardError)")
        #expect(recorded.standardOutput.hasPrefix("recorded "))
        let replay = try await CommandRunner.run(["weekly", "--format", "json", "--snapshot", directory.path])
        #expect(replay.status == 0, "\(replay.standardError)")
        let report = try JSONSerialization.jsonObject(with: Data(replay.standardOutput.utf8)) as! [String: Any]
        #expect(report["dashboards"] as? [String] == ["Marketing Dashboard", "Product Dashboard"])
    }

    @Test func record_withoutCredentials_saysWhatIsMissing() async throws {
        let outcome = try await CommandRunner.run(["record", "--out", "/tmp/never-written"])
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains("set POSTHOG_API_KEY and POSTHOG_PROJECT_ID"))
    }

    @Test func proxyVariables_areHonoured() async throws {
        let proxy = try FakePostHog()
        // posthog.invalid cannot resolve: only the proxy can answer for it.
        var env = environment(proxy)
        env["POSTHOG_BASE_URL"] = "http://posthog.invalid/api"
        env["http_proxy"] = proxy.baseURL.absoluteString
        // A plain-http host that is not this machine gets the key only when the user says so.
        let refused = try await CommandRunner.run(["dashboards", "--json"], environment: env)
        #expect(refused.status == 1)
        #expect(refused.standardError.contains("POSTHOG_API_KEY is sent only over https"))
        env["DASHBRIEF_ALLOW_HTTP_CREDENTIALS"] = "1"
        let viaProxy = try await CommandRunner.run(["dashboards", "--json"], environment: env)
        #expect(viaProxy.status == 0, "\(viaProxy.standardError)")
        #expect(proxy.requests.first?.target.hasPrefix("http://posthog.invalid/api/projects/") == true)

        env["NO_PROXY"] = "posthog.invalid"
        let bypassed = try await CommandRunner.run(["dashboards"], environment: env)
        #expect(bypassed.status == 1)
        #expect(bypassed.standardError.contains("check POSTHOG_BASE_URL"), "\(bypassed.standardError)")
    }
}
