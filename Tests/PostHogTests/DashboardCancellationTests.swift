import DashbriefTestSupport
import Foundation
import Synchronization
import Testing
import Transport

@testable import PostHog

/// A cancelled dashboard fetch throws `CancellationError` and returns nothing, wherever the
/// cancellation lands: on the dashboard request or on one of the extra requests (refetch, history,
/// previous period) whose ordinary failures are only noted on the tile.
@Suite struct DashboardCancellationTests {
    /// A request of the demo snapshot's dashboards, and the dashboard whose fetch sends it.
    struct Target: Sendable, CustomTestStringConvertible {
        var name: String
        var dashboard: Int
        /// Part of the request's replay key.
        var key: String
        var testDescription: String { name }
    }

    static let targets = [
        Target(name: "dashboard", dashboard: 101, key: "/dashboards/101/"),
        Target(name: "history query", dashboard: 102, key: "#history-2013"),
        Target(name: "previous-period query", dashboard: 101, key: "#previous-2004"),
        Target(name: "refetch through the insight", dashboard: 101, key: "/insights/2007/"),
        Target(name: "refetch through query", dashboard: 101, key: "#result-2007"),
    ]

    static func client(_ transport: any Transport) -> PostHogClient {
        PostHogClient(transport: transport, baseURL: URL(string: "https://us.posthog.com")!, projectID: "48213")
    }

    @Test func demoDashboards_sendEveryTargetedRequest() async throws {
        let transport = try InterruptingTransport(at: "(none)", by: .cancelledInFlight)
        for dashboard in Set(Self.targets.map(\.dashboard)) {
            _ = try await Self.client(transport).dashboardWithResults(id: dashboard)
        }
        let keys = transport.requests.map(\.replayKey)
        for target in Self.targets {
            #expect(keys.contains { $0.contains(target.key) }, "\(target.name) is never sent")
        }
    }

    @Test(arguments: targets, InterruptingTransport.Interruption.allCases)
    func cancellation_throwsCancellationError_andStopsThere(
        target: Target, interruption: InterruptingTransport.Interruption
    ) async throws {
        let transport = try InterruptingTransport(at: target.key, by: interruption)
        let client = Self.client(transport)
        let result = await Task { try await client.dashboardWithResults(id: target.dashboard) }.result
        #expect(throws: CancellationError.self) { try result.get() }
        #expect(transport.requests.last?.replayKey.contains(target.key) == true, "a request was sent after it")
    }

    @Test func ordinaryFailuresOfExtraRequests_stillKeepWhatTheTileHas() async throws {
        let transport = try InterruptingTransport(
            at: "/query/", by: .fails(TransportError(.timedOut, "POST query/: timed out")))
        let dashboard = try await Self.client(transport).dashboardWithResults(id: 101)
        let insights = dashboard.tiles.compactMap { tile -> Insight? in
            if case .insight(let insight) = tile.content { return insight }
            return nil
        }
        let funnel = try #require(insights.first { $0.id == 2004 })
        #expect(funnel.result.isAvailable)
        #expect(funnel.previousResult == nil)
        let missing = try #require(insights.first { $0.id == 2007 })
        guard case .unavailable(let reason) = missing.result else {
            Issue.record("2007 should stay unavailable")
            return
        }
        #expect(reason.contains("query endpoint: PostHog at https://us.posthog.com did not answer"), "\(reason)")
    }

    /// A real `Task.cancel()` while a query waits on a slow server, through the live stack (retry,
    /// throttle, log, libcurl): the fetch ends with `CancellationError`, promptly.
    @Test func taskCancel_duringASlowQuery_endsPromptlyWithCancellationError() async throws {
        let fake = try FakePostHog { request, _ in
            request.target.contains("/query/") ? ScriptedResponse(body: Data("{}".utf8), delay: .seconds(60)) : nil
        }
        let client = PostHogClient(
            transport: PostHogTransportStack.make(base: CurlTransport(), clock: ContinuousClock()),
            baseURL: fake.baseURL, projectID: fake.projectID, apiKey: Secret(FakePostHog.apiKey))
        let task = Task { try await client.dashboardWithResults(id: 101) }
        let deadline = ContinuousClock.now + .seconds(120)  // generous: a loaded 2-core machine is slow
        while !fake.requests.contains(where: { $0.target.contains("/query/") }), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        try #require(fake.requests.contains { $0.target.contains("/query/") })
        let cancelled = ContinuousClock.now
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        // libcurl looks at cancellation about once a second while a transfer waits; the bound is
        // loose because the parallel suite can keep the 2-core cooperative pool busy for seconds,
        // and still far below the server's 60 s.
        #expect(ContinuousClock.now - cancelled < .seconds(20))
        #expect(fake.requests.filter { $0.target.contains("/query/") }.count == 1)
    }
}

/// Replays the demo snapshot and interrupts each request whose replay key contains `key`.
final class InterruptingTransport: Transport, Sendable {
    enum Interruption: Sendable, CaseIterable, CustomTestStringConvertible {
        /// The task is cancelled while the request is in flight; the transport aborts.
        case cancelledInFlight
        /// The task is cancelled as a complete answer arrives.
        case cancelledAsItAnswers
        /// The task is cancelled, and the aborted transfer surfaces as a timeout.
        case cancelledAsATimeout
        /// Not the task, only the transport reports cancellation, as Swift's error.
        case throwsCancellationError
        /// Not the task, only the transport reports cancellation, as a transport written
        /// elsewhere may: `TransportError` `.cancelled`.
        case throwsTransportCancelled
        /// An ordinary failure, no cancellation.
        case fails(TransportError)

        static let allCases: [Interruption] = [
            .cancelledInFlight, .cancelledAsItAnswers, .cancelledAsATimeout, .throwsCancellationError,
            .throwsTransportCancelled,
        ]

        var testDescription: String {
            switch self {
            case .cancelledInFlight: "cancelled in flight"
            case .cancelledAsItAnswers: "cancelled as it answers"
            case .cancelledAsATimeout: "cancelled, seen as a timeout"
            case .throwsCancellationError: "CancellationError"
            case .throwsTransportCancelled: "TransportError .cancelled"
            case .fails(let error): "fails: \(error)"
            }
        }
    }

    private let replay: ReplayTransport
    private let key: String
    private let interruption: Interruption
    private let sent = Mutex<[HTTPRequest]>([])

    init(at key: String, by interruption: Interruption) throws {
        replay = try ReplayTransport(directory: TestPaths.demoSnapshot)
        self.key = key
        self.interruption = interruption
    }

    var requests: [HTTPRequest] { sent.withLock { $0 } }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        sent.withLock { $0.append(request) }
        guard request.replayKey.contains(key) else { return try await replay.send(request) }
        switch interruption {
        case .cancelledInFlight:
            withUnsafeCurrentTask { $0?.cancel() }
            return try await replay.send(request)  // which checks, as every transport here does
        case .cancelledAsItAnswers:
            let response = try await replay.send(request)
            withUnsafeCurrentTask { $0?.cancel() }
            return response
        case .cancelledAsATimeout:
            withUnsafeCurrentTask { $0?.cancel() }
            throw TransportError(.timedOut, "\(request.method) \(request.url): timed out")
        case .throwsCancellationError:
            throw CancellationError()
        case .throwsTransportCancelled:
            throw TransportError(.cancelled, "\(request.method) \(request.url): cancelled")
        case .fails(let error):
            throw error
        }
    }
}
