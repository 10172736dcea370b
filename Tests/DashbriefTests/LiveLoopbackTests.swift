import DashbriefTestSupport
import Foundation
import Testing

@testable import Dashbrief

/// Live mode end to end: libcurl → a loopback PostHog serving the demo snapshot's bodies → the
/// same report as replaying the snapshot.
@Suite struct LiveLoopbackTests {
    /// Serves each recorded exchange of `snapshot` at its path; unknown paths get PostHog's 404.
    static func fakePostHog(_ snapshot: URL, requireKey key: String = "phx_test") throws -> LoopbackServer {
        let manifest = try SnapshotManifest.load(from: snapshot)
        let files = Dictionary(
            manifest.exchanges.map { (HTTPRequest.replayKey(method: $0.method, pathAndQuery: $0.path), $0.file) },
            uniquingKeysWith: { $1 })
        return try LoopbackServer { request in
            guard request.headers["authorization"] == "Bearer \(key)" else {
                return .json(
                    #"{"type":"authentication_error","code":"invalid_personal_api_key","detail":"Invalid Personal API key.","attr":null}"#,
                    status: 401)
            }
            let key = HTTPRequest.replayKey(method: request.method, pathAndQuery: request.target)
            guard let file = files[key], let body = try? Data(contentsOf: snapshot.appendingPathComponent(file)) else {
                return .json(
                    #"{"type":"invalid_request","code":"not_found","detail":"Not found.","attr":null}"#, status: 404)
            }
            return ScriptedResponse(body: body)
        }
    }

    func liveEngine(_ server: LoopbackServer, key: String = "phx_test") throws -> Engine {
        let manifest = try SnapshotManifest.load(from: TestPaths.demoSnapshot)
        let configuration = Configuration(
            posthogAPIKey: key, posthogProjectID: manifest.projectID,
            posthogBaseURL: server.baseURL.appendingPathComponent("api"))
        return try Engine(configuration: configuration, now: Timestamp.instant(manifest.recordedAt)!)
    }

    @Test func weeklyReport_overLibcurl_equalsTheReplayedReport() async throws {
        let server = try Self.fakePostHog(TestPaths.demoSnapshot)
        defer { server.stop() }
        let live = try await liveEngine(server).weeklyReport()
        let replayed = try await Engine(configuration: Configuration(snapshotDirectory: TestPaths.demoSnapshot))
            .weeklyReport()
        #expect(try live.rendered(as: .json) == (try replayed.rendered(as: .json)))
        #expect(server.requests.allSatisfy { $0.headers["user-agent"]?.hasPrefix("dashbrief/") == true })
    }

    @Test func dailyReport_costsTwoRequests() async throws {
        let server = try Self.fakePostHog(TestPaths.demoSnapshot)
        defer { server.stop() }
        _ = try await liveEngine(server).dailyReport(dashboard: "Marketing Dashboard")
        #expect(
            server.requests.map(\.target) == [
                "/api/projects/48213/dashboards/?limit=100", "/api/projects/48213/dashboards/101/?refresh=blocking",
            ])
    }

    @Test func wrongKey_givesPostHogsMessage_withoutTheKey() async throws {
        let server = try Self.fakePostHog(TestPaths.demoSnapshot)
        defer { server.stop() }
        let engine = try liveEngine(server, key: "phx_wrong_secret")
        let error = await #expect(throws: PostHogError.self) { try await engine.dashboards() }
        #expect(error?.status == 401)
        #expect(error?.message.contains("Invalid Personal API key.") == true)
        #expect(error?.message.contains("phx_wrong_secret") == false)
    }
}
