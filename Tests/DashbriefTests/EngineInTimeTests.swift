import DashbriefTestSupport
import Foundation
import Synchronization
import Testing

@testable import Dashbrief

/// An engine that lives in time (a clock read per report, `asOf`), chooses its data source
/// explicitly, throws one error type, and never reports a cancelled run.
@Suite struct EngineInTimeTests {
    static let demo = Configuration(snapshotDirectory: TestPaths.demoSnapshot)

    /// A copy of the demo snapshot as if it had been recorded at the first moment of `day`
    /// (America/Los_Angeles): periods after the day cut, every `last_refresh` and the recording
    /// time set to that moment. What a real recording made then would have held.
    static func snapshot(cutAt day: String) throws -> URL {
        let directory = try TestPaths.temporaryDirectory().appendingPathComponent("cut-\(day)")
        try FileManager.default.copyItem(at: TestPaths.demoSnapshot, to: directory)
        let zone = TimeZone(identifier: "America/Los_Angeles")!
        let instant = Timestamp.format(Timestamp.localStart(day, in: zone)!)
        func cut(_ value: Any) -> Any {
            if var object = value as? [String: Any] {
                for (key, member) in object { object[key] = cut(member) }
                if object["last_refresh"] is String { object["last_refresh"] = instant }
                if let days = object["days"] as? [Any], let data = object["data"] as? [Any], days.count == data.count {
                    let keep = days.indices.filter { !(((days[$0] as? String) ?? "").prefix(10) > day) }
                    object["days"] = keep.map { days[$0] }
                    object["data"] = keep.map { data[$0] }
                    if let labels = object["labels"] as? [Any], labels.count == days.count {
                        object["labels"] = keep.map { labels[$0] }
                    }
                }
                return object
            }
            if let array = value as? [Any] {
                // Retention cohorts that had not started are not in a result computed then.
                return array.map(cut).filter { element in
                    guard let row = element as? [String: Any], row["values"] != nil, let date = row["date"] as? String
                    else { return true }
                    return !(date.prefix(10) > day)
                }
            }
            return value
        }
        let files = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)!
        for case let file as URL in files where file.pathExtension == "json" {
            let object = try JSONSerialization.jsonObject(with: Data(contentsOf: file), options: [.fragmentsAllowed])
            var updated = cut(object)
            if file.lastPathComponent == "manifest.json", var manifest = updated as? [String: Any] {
                manifest["recorded_at"] = instant
                updated = manifest
            }
            try JSONSerialization.data(withJSONObject: updated, options: [.sortedKeys]).write(to: file)
        }
        return directory
    }

    /// An engine on the fake PostHog. `waits` is the retry and rate-limit clock (a manual one
    /// never sleeps); `clock` is the engine's "now".
    static func live(
        _ fake: FakePostHog, waits: some Clock<Duration> = ManualClock(),
        clock: @escaping @Sendable () -> Date = { Date() }
    ) throws -> Engine {
        let configuration = Configuration(
            posthogAPIKey: Secret(FakePostHog.apiKey), posthogProjectID: fake.projectID,
            posthogBaseURL: fake.baseURL)
        return try Engine(
            configuration: configuration,
            transport: PostHogTransportStack.make(base: CurlTransport(), clock: waits), clock: clock)
    }

    static func essence(_ report: Report) -> [String] {
        report.findings.filter { $0.kind != .funnel }.map {
            "\($0.id) \($0.value) \($0.expected) \(String(describing: $0.change)) \($0.severity)"
        }.sorted()
    }

    @Test(arguments: AnalysisMethod.allCases)
    func asOf_reproducesThePastDaysReport_ofASnapshotRecordedThen(method: AnalysisMethod) async throws {
        let day = "2026-11-19"
        let full = try Engine(configuration: Self.demo)
        let then = try Engine(configuration: Configuration(snapshotDirectory: try Self.snapshot(cutAt: day)))
        for dashboard in ["Marketing Dashboard", "Product Dashboard"] {
            let rewound = try await full.dailyReport(dashboard: dashboard, method: method, asOf: .day(day))
            let recorded = try await then.dailyReport(dashboard: dashboard, method: method)
            #expect(rewound.window == recorded.window)
            #expect(rewound.window?.to == "2026-11-18")
            #expect(rewound.asOf == recorded.asOf)
            #expect(Self.essence(rewound) == Self.essence(recorded), "\(dashboard) \(method)")
            #expect(!Self.essence(recorded).isEmpty, "\(dashboard) \(method): nothing to compare")
            #expect(!rewound.findings.contains { $0.date > "2026-11-18" && $0.kind != .funnel })
        }
    }

    @Test func asOf_seesThePlantedDropOnItsNextMorning_andNothingLater() async throws {
        let report = try await Engine(configuration: Self.demo).dailyReport(
            dashboard: "Marketing Dashboard", asOf: .day("2026-11-19"))
        #expect(report.asOf == "2026-11-19T08:00:00.000Z")
        #expect(report.findings.contains { $0.id == "anomaly:2001:s=0:2026-11-18" })
        #expect(!report.findings.contains { $0.date == "2026-11-20" })  // the newsletter spike is in the future
        // Funnel totals span the whole recorded range: they cannot be seen as of an earlier day.
        let skipped = report.skipped.first { $0.insight == "Signup funnel" }
        #expect(skipped?.reason.contains("cannot be seen as of 2026-11-19") == true, "\(report.skipped)")
    }

    @Test func asOf_laterThanTheRecording_isAnErrorNamingBoth() async throws {
        let engine = try Engine(configuration: Self.demo)
        let error = await #expect(throws: DashbriefError.self) {
            try await engine.dailyReport(dashboard: "Marketing Dashboard", asOf: .day("2026-12-01"))
        }
        #expect(error?.code == .configuration)
        #expect(error?.message.contains("--as-of 2026-12-01 is after the snapshot's recording time") == true)
    }

    @Test func asOf_onALiveProject_cutsTheDataAsOnASnapshot() async throws {
        let fake = try FakePostHog()
        let live = try Self.live(fake) { Timestamp.instant("2026-11-24T23:12:07.482Z")! }
        let replayed = try Engine(configuration: Self.demo)
        let fromLive = try await live.dailyReport(dashboard: "Marketing Dashboard", asOf: .day("2026-11-19"))
        let fromSnapshot = try await replayed.dailyReport(dashboard: "Marketing Dashboard", asOf: .day("2026-11-19"))
        #expect(fromLive.window?.to == "2026-11-18")
        #expect(Self.essence(fromLive) == Self.essence(fromSnapshot))
        #expect(fromLive.skipped.contains { $0.insight == "Signup funnel" })
        // History is asked for further back, by the days between the as-of day and now.
        let history = fake.requests.map { String(decoding: $0.body, as: UTF8.self) }.filter { $0.contains("history-") }
        #expect(history.allSatisfy { $0.contains("-97d") }, "\(history)")
    }

    @Test func asOf_beforeTheData_isAnError_notAnAllClear() async throws {
        let error = await #expect(throws: DashbriefError.self) {
            try await Engine(configuration: Self.demo).dailyReport(
                dashboard: "Marketing Dashboard", asOf: .day("2020-01-01"))
        }
        #expect(error?.message.contains("is before the data") == true, "\(error?.message ?? "")")
    }

    @Test func asOf_parsesDaysAndInstants_andNamesABadValue() async throws {
        #expect(try AsOf.parse("2026-11-19") == .day("2026-11-19"))
        #expect(throws: DashbriefError.self) { try AsOf.parse("2026-02-30") }  // not a day; not 2 March
        #expect(try AsOf.parse("2026-11-19T09:00:00-08:00") == .instant(Timestamp.instant("2026-11-19T17:00:00Z")!))
        let error = #expect(throws: DashbriefError.self) { try AsOf.parse("yesterday") }
        #expect(error?.message.contains("\"yesterday\"") == true)
    }

    @Test func aLiveEngine_readsItsClockAtEveryReport() async throws {
        let fake = try FakePostHog()
        let now = Mutex(Timestamp.instant("2026-11-24T23:12:07.482Z")!)
        let engine = try Self.live(fake) { now.withLock { $0 } }
        let first = try await engine.dailyReport(dashboard: "Product Dashboard")
        now.withLock { $0 = Timestamp.instant("2026-11-25T17:00:00Z")! }
        let second = try await engine.dailyReport(dashboard: "Product Dashboard")
        #expect(first.asOf == "2026-11-24T23:12:07.482Z")
        #expect(second.asOf == "2026-11-25T17:00:00.000Z")
    }

    @Test func theLibrary_neverFallsBackToTheDemo() {
        let nothing = #expect(throws: DashbriefError.self) { try Engine(configuration: Configuration()) }
        #expect(nothing?.code == .configuration)
        #expect(nothing?.message.contains("no data source") == true)
        let keyOnly = #expect(throws: DashbriefError.self) {
            try Engine(configuration: Configuration(posthogAPIKey: "phx_secret_value"))
        }
        #expect(keyOnly?.message.contains("POSTHOG_PROJECT_ID is not set") == true)
        let projectOnly = #expect(throws: DashbriefError.self) {
            try Engine(configuration: Configuration(posthogProjectID: "48213"))
        }
        #expect(projectOnly?.message.contains("POSTHOG_API_KEY is not set") == true)
        #expect(DataSource.isUnconfigured(Configuration()))
        #expect(!DataSource.isUnconfigured(Configuration(posthogProjectID: "1")))
    }

    @Test func aCancelledWeeklyRun_throws_andNeverReportsDashboardsAsSkipped() async throws {
        let fake = try FakePostHog { request, _ in
            // The second dashboard is slow: the run is cancelled while it loads.
            guard request.target.contains("/dashboards/102/") else { return nil }
            return ScriptedResponse(body: Data("{}".utf8), delay: .seconds(60))
        }
        let engine = try Self.live(fake, waits: ContinuousClock())
        let started = ContinuousClock.now
        let task = Task { try await engine.weeklyReport() }
        while !fake.requests.contains(where: { $0.target.contains("/dashboards/102/") }) {
            try await Task.sleep(for: .milliseconds(20))
            if ContinuousClock.now - started > .seconds(120) { break }
        }
        let cancelledAt = ContinuousClock.now
        task.cancel()
        let result = await task.result
        guard case .failure(let error) = result else {
            Issue.record("a cancelled run returned a report")
            return
        }
        #expect((error as? DashbriefError)?.code == .cancelled, "\(error)")
        // Promptly: long before the slow dashboard (60 s) would have answered; loose, because the
        // parallel suite can keep a 2-core machine's cooperative pool busy for seconds.
        #expect(ContinuousClock.now - cancelledAt < .seconds(20))
    }

    /// Dashboards are fetched concurrently; the report keeps the configured order, whichever
    /// answer comes first.
    @Test func aSlowFirstDashboard_keepsItsPlaceInTheReport() async throws {
        let quick = try FakePostHog()
        let marketing = try Data(contentsOf: TestPaths.demoSnapshot.appendingPathComponent("api/dashboards/101.json"))
        let slow = try FakePostHog { request, _ in
            guard request.target.contains("/dashboards/101/") else { return nil }
            return ScriptedResponse(body: marketing, delay: .milliseconds(800))
        }
        // One fixed "now", so that the two reports can be compared byte for byte.
        let now = Timestamp.instant("2026-11-24T23:12:07.482Z")!
        let inOrder = try await Self.live(quick, waits: ContinuousClock(), clock: { now }).weeklyReport()
        let reordered = try await Self.live(slow, waits: ContinuousClock(), clock: { now }).weeklyReport()
        #expect(reordered.dashboards == ["Marketing Dashboard", "Product Dashboard"])
        #expect(try reordered.rendered(as: ReportFormat.json) == (try inOrder.rendered(as: ReportFormat.json)))
    }

    @Test func sharedSettings_reachTheStatisticalMethodToo() async throws {
        var strict = Self.demo
        strict.thresholds.trendPerWeek = 10  // 1000% a week: no trend qualifies
        strict.thresholds.retentionAges = [1]
        let report = try await Engine(configuration: strict).weeklyReport()
        #expect(report.method == .statistical)
        #expect(!report.findings.contains { $0.kind == .trend })
        let retention = report.findings.filter { $0.kind == .retention }.map(\.seriesKey.description)
        #expect(Set(retention).isSubset(of: ["age=1"]))
        let defaults = try await Engine(configuration: Self.demo).weeklyReport()
        #expect(defaults.findings.contains { $0.kind == .trend })
        #expect(defaults.findings.contains { $0.kind == .retention && $0.seriesKey.description != "age=1" })
    }

    @Test func secrets_neverAppearInAValuesDescription() {
        let configuration = Configuration(
            posthogAPIKey: "phx_secret_posthog", posthogProjectID: "1", openAIAPIKey: "sk-secret-openai",
            slackBotToken: "xoxb-secret-slack")
        var dumped = ""
        dump(configuration, to: &dumped)
        for text in [String(describing: configuration), String(reflecting: configuration), dumped, "\(configuration)"] {
            for secret in ["phx_secret_posthog", "sk-secret-openai", "xoxb-secret-slack"] {
                #expect(!text.contains(secret), "\(text)")
            }
        }
        #expect(configuration.posthogAPIKey?.revealed == "phx_secret_posthog")
    }

    @Test func everyStagesError_becomesOneErrorType() {
        let http = DashbriefError(PostHogError(.http, "PostHog refused /x (403)", status: 403))
        #expect(http.code == .posthog)
        #expect((http.underlying as? PostHogError)?.status == 403)
        #expect(DashbriefError(CancellationError()).code == .cancelled)
        #expect(DashbriefError(TransportError(.notRecorded, "not in the snapshot")).code == .dataSource)
        #expect(DashbriefError(PostHogError(.unreachable, "cannot reach")).code == .unreachable)
    }
}

/// Credentials never follow a base URL in the clear to another host, and absurd sizes are usage
/// errors rather than crashes.
@Suite struct CredentialAndLimitTests {
    @Test func keysAndTokens_goOnlyOverHTTPSOrToThisMachine() async throws {
        let posthog = try Engine(
            configuration: Configuration(
                posthogAPIKey: "phx_secret", posthogProjectID: "1",
                posthogBaseURL: URL(string: "http://posthog.example.invalid")!))
        let error = await #expect(throws: DashbriefError.self) { try await posthog.dashboards() }
        #expect(error?.message.contains("POSTHOG_API_KEY is sent only over https") == true, "\(error?.message ?? "")")
        let slack = SlackClient(
            settings: SlackSettings(
                botToken: "xoxb-secret", apiBaseURL: URL(string: "http://slack.example.invalid/api")!))
        let refused = await #expect(throws: DeliveryError.self) {
            try await slack.post(SlackMessage(text: "x", blocks: []), to: "C1")
        }
        #expect(refused?.message.contains("SLACK_BOT_TOKEN is sent only over https") == true)
        #expect(URL(string: "http://127.0.0.1:8000")!.mayCarryCredentials)
        #expect(!URL(string: "http://192.168.1.5")!.mayCarryCredentials)
    }

    @Test(arguments: [
        ["daily", "--days", "9223372036854775807"], ["weekly", "--days", "100000"], ["backtest", "--weeks", "100000"],
        ["schedule", "--next", "100000000"],
    ])
    func absurdSizes_areUsageErrors(arguments: [String]) async throws {
        let outcome = try await CommandRunner.run(arguments)
        #expect(outcome.status == 2, "\(outcome.standardError)")
    }

    @Test func sendWithoutSlack_failsBeforeTheReportIsMade() async throws {
        let outcome = try await CommandRunner.run(["daily", "--send"])
        #expect(outcome.status == 1)
        #expect(outcome.standardOutput.isEmpty)
        #expect(outcome.standardError.contains("--send needs SLACK_BOT_TOKEN"))
    }
}
