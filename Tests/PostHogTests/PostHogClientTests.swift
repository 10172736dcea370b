import DashbriefTestSupport
import Foundation
import Synchronization
import Testing
import Transport

@testable import PostHog

@Suite struct PostHogClientTests {
    static let dashboardsPage = """
        {"count": 3, "next": "https://us.posthog.com/api/projects/7/dashboards/?limit=100&offset=100",
         "previous": null, "results": [{"id": 1, "name": "A"}, {"id": 2, "name": "B", "deleted": true}]}
        """
    static let lastPage = """
        {"count": 3, "next": null, "previous": "x", "results": [{"id": 3, "name": null}]}
        """

    @Test(arguments: [
        "https://us.posthog.com", "https://us.posthog.com/", "https://us.posthog.com/api",
        "https://us.posthog.com/api/",
    ])
    func baseURL_withOrWithoutApiSuffix_buildsTheSamePaths(base: String) async throws {
        let transport = StubTransport { request in StubTransport.json(Self.lastPage, for: request) }
        let client = PostHogClient(transport: transport, baseURL: URL(string: base)!, projectID: "7", apiKey: "phx_k")
        _ = try await client.dashboards()
        #expect(
            transport.requests.map(\.url.absoluteString) == [
                "https://us.posthog.com/api/projects/7/dashboards/?limit=100"
            ])
    }

    @Test func selfHostedUnderAPathPrefix_keepsThePrefix() {
        let client = PostHogClient(
            transport: StubTransport { _ in throw TransportError(.other, "unused") },
            baseURL: URL(string: "https://analytics.example.com/posthog/api")!, projectID: "3")
        #expect(
            client.endpoint("insights/1/", query: []).absoluteString
                == "https://analytics.example.com/posthog/api/projects/3/insights/1/")
    }

    @Test func dashboards_followNextToTheLastPage_andDropDeleted() async throws {
        let transport = StubTransport { request in
            StubTransport.json(
                request.url.query?.contains("offset=100") == true ? Self.lastPage : Self.dashboardsPage, for: request)
        }
        let client = PostHogClient(
            transport: transport, baseURL: URL(string: "https://us.posthog.com")!, projectID: "7")
        let dashboards = try await client.dashboards()
        #expect(dashboards.map(\.name) == ["A", "Untitled"])
        #expect(transport.requests.count == 2)
    }

    @Test func requests_carryBearerKey_andAcceptJSON() async throws {
        let transport = StubTransport { request in StubTransport.json(Self.lastPage, for: request) }
        let client = PostHogClient(
            transport: transport, baseURL: URL(string: "https://eu.posthog.com")!, projectID: "7", apiKey: "phx_secret")
        _ = try await client.dashboards()
        let headers = try #require(transport.requests.first?.headers)
        #expect(headers.contains { $0.name == "Authorization" && $0.value == "Bearer phx_secret" })
        #expect(headers.contains { $0.name == "Accept" && $0.value == "application/json" })
    }

    @Test(.enabled(if: TestPaths.sharedMaterialExpected))
    func insightByShortID_usesTheShortIDFilter() async throws {
        let body = try Data(contentsOf: TestPaths.posthogShapes.appendingPathComponent("insights_list_short_id.json"))
        let transport = StubTransport { request in HTTPResponse(status: 200, body: body, source: "stub") }
        let client = PostHogClient(
            transport: transport, baseURL: URL(string: "https://us.posthog.com")!, projectID: "12345")
        let insight = try await client.insight("Xy7pQ2aB")
        #expect(insight.id == 1002)
        #expect(
            transport.requests.first?.replayKey
                == "GET /api/projects/12345/insights/?refresh=blocking&short_id=Xy7pQ2aB")
    }

    @Test(.enabled(if: TestPaths.sharedMaterialExpected))
    func insightByNumericID_usesTheDetailEndpoint() async throws {
        let body = try Data(contentsOf: TestPaths.posthogShapes.appendingPathComponent("trends_insight.json"))
        let transport = StubTransport { _ in HTTPResponse(status: 200, body: body, source: "stub") }
        let client = PostHogClient(
            transport: transport, baseURL: URL(string: "https://us.posthog.com")!, projectID: "12345")
        _ = try await client.insight("1001")
        #expect(transport.requests.first?.replayKey == "GET /api/projects/12345/insights/1001/?refresh=blocking")
    }

    @Test func queryRequests_arePOSTsDeclaredIdempotent() async throws {
        let transport = StubTransport { request in StubTransport.json(#"{"results": [], "columns": []}"#, for: request)
        }
        let client = PostHogClient(
            transport: transport, baseURL: URL(string: "https://us.posthog.com")!, projectID: "7")
        _ = try await client.query(.object(["kind": .string("HogQLQuery")]), kind: .table, tag: "t")
        let request = try #require(transport.requests.first)
        #expect(request.method == "POST")
        #expect(request.url.absoluteString == "https://us.posthog.com/api/projects/7/query/")
        #expect(request.isIdempotent)
    }

    @Test func queryTimingOutOnce_isRetriedThroughTheLiveStack() async throws {
        let calls = Counter()
        let base = StubTransport { request in
            if request.url.path.contains("/query") && calls.next() == 0 {
                throw TransportError(.timedOut, "POST query/: timed out")
            }
            return StubTransport.json(#"{"results": [], "columns": []}"#, for: request)
        }
        let client = PostHogClient(
            transport: PostHogTransportStack.make(base: base, clock: ManualClock()),
            baseURL: URL(string: "https://us.posthog.com")!, projectID: "7")
        _ = try await client.query(.object(["kind": .string("HogQLQuery")]), kind: .table, tag: "t")
        #expect(base.requests.count == 2)
    }

    @Test func reads_areIdempotent() async throws {
        let transport = StubTransport { request in StubTransport.json(Self.lastPage, for: request) }
        let client = PostHogClient(
            transport: transport, baseURL: URL(string: "https://us.posthog.com")!, projectID: "7")
        _ = try await client.dashboards()
        #expect(transport.requests.allSatisfy { $0.isIdempotent })
    }

    @Test func relativeDays_readsOnlyDayOffsets() {
        #expect(PostHogClient.relativeDays("-14d") == 14)
        #expect(PostHogClient.relativeDays("-7h") == nil)
        #expect(PostHogClient.relativeDays("2026-01-01") == nil)
        #expect(PostHogClient.relativeDays("-0d") == nil)
    }

    @Test func unknownShortID_isNotFound() async throws {
        let transport = StubTransport { request in
            StubTransport.json(#"{"count":0,"next":null,"results":[]}"#, for: request)
        }
        let client = PostHogClient(
            transport: transport, baseURL: URL(string: "https://us.posthog.com")!, projectID: "1")
        let error = await #expect(throws: PostHogError.self) { try await client.insight("Nope1234") }
        #expect(error?.code == .notFound)
    }

    @Test func httpError_carriesStatusAndPostHogsDetail_butNotTheKey() async throws {
        let transport = StubTransport { request in
            StubTransport.json(
                #"{"type":"authentication_error","code":"invalid_personal_api_key","detail":"Invalid Personal API key.","attr":null}"#,
                status: 401, for: request)
        }
        let client = PostHogClient(
            transport: transport, baseURL: URL(string: "https://us.posthog.com")!, projectID: "1", apiKey: "phx_secret")
        let error = await #expect(throws: PostHogError.self) { try await client.dashboards() }
        #expect(error?.status == 401)
        #expect(error?.message.contains("Invalid Personal API key.") == true)
        #expect(error?.message.contains("phx_secret") == false)
    }
}
