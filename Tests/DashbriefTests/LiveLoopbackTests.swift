import DashbriefTestSupport
import Foundation
import Synchronization
import Testing

@testable import Dashbrief

/// Live mode end to end: libcurl → the PostHog transport stack → a fake PostHog on loopback
/// (120 dashboards over two pages, the demo snapshot's bodies, scripted faults).
@Suite struct LiveLoopbackTests {
    static let recordedAt = Timestamp.instant("2026-11-24T23:12:07.482Z")!

    /// An engine on `fake` whose retries and rate limits wait on `clock` (instantly).
    func engine(
        _ fake: FakePostHog, clock: ManualClock = ManualClock(), key: String = FakePostHog.apiKey,
        project: String? = nil,
        base: String = "/api", timeout: Duration = .seconds(10)
    ) throws -> Engine {
        let configuration = Configuration(
            posthogAPIKey: Secret(key), posthogProjectID: project ?? fake.projectID,
            posthogBaseURL: URL(string: fake.baseURL.absoluteString + base)!)
        let wire = CurlTransport(
            options: .init(totalTimeout: timeout, userAgent: "dashbrief/\(DashbriefVersion.current)"))
        return try Engine(
            configuration: configuration, transport: PostHogTransportStack.make(base: wire, clock: clock),
            clock: { Self.recordedAt })
    }

    func replayed() throws -> Engine {
        try Engine(configuration: Configuration(snapshotDirectory: TestPaths.demoSnapshot))
    }

    @Test(arguments: ["/api", "/api/", "", "/"])
    func dashboards_acrossTwoPages_withEitherBaseURLForm(base: String) async throws {
        let fake = try FakePostHog()
        let dashboards = try await engine(fake, base: base).dashboards()
        #expect(dashboards.count == 120)
        #expect(
            fake.requests.map(\.target) == [
                "/api/projects/48213/dashboards/?limit=100", "/api/projects/48213/dashboards/?limit=100&offset=100",
            ])
    }

    @Test func throttledOnFirstContact_waitsAsPostHogSays_thenSucceeds() async throws {
        let fake = try FakePostHog(fault: FakePostHog.throttleFirstContact)
        let clock = ManualClock()
        let dashboards = try await engine(fake, clock: clock).dashboards()
        #expect(dashboards.count == 120)
        #expect(clock.sleeps == [.seconds(1)])  // "Expected available in 1 seconds.", no Retry-After
        #expect(fake.requests.count == 3)
    }

    @Test func serverErrorOnce_isRetried() async throws {
        let flaky = try FakePostHog(fault: Self.failOnce(path: "/dashboards/101/", with: .json("{}", status: 500)))
        let report = try await engine(flaky).dailyReport(dashboard: "Marketing Dashboard")
        #expect(!report.findings.isEmpty)
        #expect(flaky.requests.filter { $0.target.contains("/dashboards/101/") }.count == 2)
    }

    @Test func dailyReport_equalsTheReplayedReport_andCostsFewRequests() async throws {
        let fake = try FakePostHog(fault: FakePostHog.throttleFirstContact)
        let live = try await engine(fake).dailyReport(dashboard: "Marketing Dashboard")
        let replayed = try await replayed().dailyReport(dashboard: "Marketing Dashboard")
        #expect(try live.rendered(as: .json) == (try replayed.rendered(as: .json)))
        // Throttled list, 2 list pages, the dashboard, the missing tile's two fallbacks, and the
        // previous period of the two funnels.
        #expect(fake.requests.count == 8)
        #expect(fake.requests.count <= 12)
    }

    @Test func weeklyReport_fetchesLongerHistoryForShortDailyTiles() async throws {
        let fake = try FakePostHog()
        let live = try await engine(fake).weeklyReport()
        let replayed = try await replayed().weeklyReport()
        #expect(try live.rendered(as: .json) == (try replayed.rendered(as: .json)))
        let history = try #require(
            fake.requests.first {
                $0.method == "POST" && String(decoding: $0.body, as: UTF8.self).contains("history-2013")
            })
        let body = try JSONSerialization.jsonObject(with: history.body) as! [String: Any]
        let query = body["query"] as! [String: Any]
        #expect(query["kind"] as? String == "LifecycleQuery")
        #expect((query["dateRange"] as? [String: Any])?["date_from"] as? String == "-90d")
        #expect(body["refresh"] as? String == "blocking")
        #expect(fake.requests.allSatisfy { $0.headers["user-agent"]?.hasPrefix("dashbrief/") == true })
    }

    @Test func progress_countsEachDashboardsInsights() async throws {
        let fake = try FakePostHog()
        let events = Events()
        var engine = try engine(fake)
        engine.progress = { events.append($0) }
        _ = try await engine.weeklyReport()
        // Dashboards are fetched concurrently: each one's events count up from 0 to all of its
        // insights, whatever the interleaving.
        let seen = events.all
        for name in ["Marketing Dashboard", "Product Dashboard"] {
            let own = seen.filter { $0.dashboard == name }
            #expect(own.map(\.insightsDone) == Array(0...7), "\(name)")
            #expect(own.allSatisfy { $0.insightsTotal == 7 })
        }
        #expect(seen.count == 16)
    }

    @Test func tilesOnlyHistory_asksForNoLongerRange() async throws {
        let fake = try FakePostHog()
        var engine = try engine(fake)
        engine.history = .tilesOnly
        _ = try await engine.dailyReport(dashboard: "Product Dashboard")
        #expect(!fake.requests.contains { String(decoding: $0.body, as: UTF8.self).contains("history-") })
        #expect(fake.requests.contains { $0.target.contains("/dashboards/102/") })
    }

    @Test func slowServer_timesOut_retries_thenSaysSo() async throws {
        let fake = try FakePostHog { _, _ in ScriptedResponse(body: Data("{}".utf8), delay: .milliseconds(600)) }
        let error = await #expect(throws: DashbriefError.self) {
            try await engine(fake, timeout: .milliseconds(150)).dashboards()
        }
        #expect(error?.code == .unreachable)
        #expect(error?.message.contains("did not answer in time") == true)
        #expect(error?.message.contains("gave up after 4 attempts") == true)
    }

    @Test func truncatedBodyOnce_isRetried() async throws {
        let fake = try FakePostHog(
            fault: Self.failOnce(
                path: "/dashboards/?",
                with: ScriptedResponse(body: Data(repeating: 32, count: 4000), truncateBodyTo: 100)))
        let dashboards = try await engine(fake).dashboards()
        #expect(dashboards.count == 120)
    }

    @Test func invalidJSON_namesTheURL_andIsNotRetried() async throws {
        let fake = try FakePostHog { request, _ in
            request.target.contains("/dashboards/?") ? .json("{\"count\": 1, \"results\": [") : nil
        }
        let error = await #expect(throws: DashbriefError.self) { try await engine(fake).dashboards() }
        #expect(error?.code == .dataSource)
        #expect(
            error?.message.contains("/api/projects/48213/dashboards/?limit=100: invalid JSON") == true,
            "\(error?.message ?? "")")
        #expect(fake.requests.count == 1)
    }

    @Test func wrongKey_isOneActionableLine_withoutTheKey_andNotRetried() async throws {
        let fake = try FakePostHog()
        let error = await #expect(throws: DashbriefError.self) {
            try await engine(fake, key: "phx_wrong_secret_value").dashboards()
        }
        let message = try #require(error?.message)
        #expect(message.contains("check POSTHOG_API_KEY"))
        #expect(!message.contains("phx_wrong_secret_value"))
        #expect(!message.contains("\n"))
        #expect(fake.requests.count == 1)
    }

    @Test func missingScope_namesTheScope() async throws {
        let fake = try FakePostHog { request, _ in
            request.target.contains("/dashboards/")
                ? .json(
                    #"{"type":"authentication_error","code":"permission_denied","detail":"API key missing required scope 'dashboard:read'","attr":null}"#,
                    status: 403)
                : nil
        }
        let error = await #expect(throws: DashbriefError.self) { try await engine(fake).dashboards() }
        #expect(error?.message.contains("needs the dashboard:read scope") == true, "\(error?.message ?? "")")
    }

    @Test func wrongProject_namesPOSTHOG_PROJECT_ID() async throws {
        let fake = try FakePostHog()
        let error = await #expect(throws: DashbriefError.self) { try await engine(fake, project: "999").dashboards() }
        #expect(error?.message.contains("check POSTHOG_PROJECT_ID") == true, "\(error?.message ?? "")")
    }

    @Test func unreachableHost_namesPOSTHOG_BASE_URL() async throws {
        let fake = try FakePostHog()
        let engine = try engine(fake)
        fake.server.stop()
        let error = await #expect(throws: DashbriefError.self) { try await engine.dashboards() }
        #expect(error?.message.contains("check POSTHOG_BASE_URL") == true, "\(error?.message ?? "")")
    }

    @Test func recordThenReplay_givesByteIdenticalReports_andNoSecretOnDisk() async throws {
        let fake = try FakePostHog()
        let directory = try TestPaths.temporaryDirectory().appendingPathComponent("recorded")
        let configuration = Configuration(
            posthogAPIKey: Secret(FakePostHog.apiKey), posthogProjectID: fake.projectID,
            posthogBaseURL: fake.baseURL.appendingPathComponent("api"))
        let manifest = try await Engine.record(
            configuration: configuration, to: directory,
            transport: PostHogTransportStack.make(base: CurlTransport(), clock: ManualClock()), now: Self.recordedAt)
        #expect(manifest.recordedAt == "2026-11-24T23:12:07.482Z")
        #expect(manifest.timezone == "America/Los_Angeles")
        #expect(manifest.baseURL == fake.baseURL.absoluteString)

        let live = try engine(fake)
        let fromRecording = try Engine(configuration: Configuration(snapshotDirectory: directory))
        let liveWeekly = try await live.weeklyReport().rendered(as: .json)
        #expect(try await fromRecording.weeklyReport().rendered(as: .json) == liveWeekly)
        for name in ["Marketing Dashboard", "Product Dashboard"] {
            let liveDaily = try await live.dailyReport(dashboard: name).rendered(as: .json)
            #expect(try await fromRecording.dailyReport(dashboard: name).rendered(as: .json) == liveDaily)
        }
        let files = try FileManager.default.subpathsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".json") }
        for file in files {
            let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            #expect(!text.contains(FakePostHog.apiKey), "\(file) holds the key")
        }
    }

    /// Answers `response` to the first request whose target contains `path`, then behaves.
    static func failOnce(path: String, with response: ScriptedResponse) -> FakePostHog.Fault {
        let failed = Flag()
        return { request, _ in
            guard request.target.contains(path), failed.setOnce() else { return nil }
            return response
        }
    }
}

/// Progress events, collected from any thread.
final class Events: Sendable {
    private let events = Mutex<[FetchProgress]>([])
    func append(_ event: FetchProgress) { events.withLock { $0.append(event) } }
    var all: [FetchProgress] { events.withLock { $0 } }
}

/// Set once, from any thread.
final class Flag: Sendable {
    private let value = Mutex(false)
    /// True the first time only.
    func setOnce() -> Bool {
        value.withLock { was in
            defer { was = true }
            return !was
        }
    }
}
