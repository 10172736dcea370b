import DashbriefTestSupport
import Foundation
import Logging
import Testing

@testable import Transport

@Suite struct RecordingTransportTests {
    @Test func fileNames_dropTheProjectPrefix_andKeepQueryAndTag() {
        #expect(
            RecordingTransport.fileName(pathAndQuery: "/api/projects/48213/dashboards/101/?refresh=blocking", tag: nil)
                == "api/dashboards/101__refresh-blocking.json")
        #expect(
            RecordingTransport.fileName(pathAndQuery: "/api/environments/7/query/", tag: "history 2001")
                == "api/query__history-2001.json")
    }

    @Test func recordThenReplay_givesTheSameBodiesAndStatuses_withoutSecrets() async throws {
        let directory = try TestPaths.temporaryDirectory().appendingPathComponent("recorded")
        let live = StubTransport { request in
            let status = request.url.path.hasSuffix("missing/") ? 404 : 200
            return HTTPResponse(status: status, body: Data("{\"for\": \"\(request.url.path)\"}".utf8), source: "stub")
        }
        let recorder = try RecordingTransport(base: live, directory: directory)
        let requests = [
            HTTPRequest(
                url: URL(string: "https://us.posthog.com/api/projects/1/dashboards/?limit=100")!,
                headers: [("Authorization", "Bearer phx_secret")]),
            HTTPRequest(url: URL(string: "https://us.posthog.com/api/projects/1/missing/")!),
            HTTPRequest(
                method: "POST", url: URL(string: "https://us.posthog.com/api/projects/1/query/")!,
                body: Data("{}".utf8), replayTag: "result-7"),
        ]
        var recorded: [HTTPResponse] = []
        for request in requests { recorded.append(try await recorder.send(request)) }
        try recorder.finish(
            projectID: "1", timezone: "UTC", recordedAt: "2026-11-25T00:00:00.000Z", baseURL: "https://us.posthog.com")

        let replay = try ReplayTransport(directory: directory)
        for (request, original) in zip(requests, recorded) {
            let again = try await replay.send(request)
            #expect(again.status == original.status)
            #expect(again.body == original.body)
        }
        let everything = try FileManager.default.subpathsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".json") }
            .map { try String(contentsOf: directory.appendingPathComponent($0), encoding: .utf8) }
        #expect(everything.count == 4)  // three bodies and the manifest
        #expect(!everything.joined().contains("phx_secret"))
    }
}

@Suite struct LoggingTransportTests {
    @Test func secretQueryValues_areRedacted() {
        #expect(
            LoggingTransport.redacted("/api/x/?personal_api_key=phx_1&limit=100&token=t")
                == "/api/x/?personal_api_key=REDACTED&limit=100&token=REDACTED")
        #expect(LoggingTransport.redacted("/api/x/") == "/api/x/")
    }
}

@Suite struct ConnectionReuseTests {
    @Test func sequentialRequests_reuseOneConnection() async throws {
        let server = try LoopbackServer { _ in .json("{}") }
        defer { server.stop() }
        let transport = CurlTransport()
        for index in 0..<5 {
            _ = try await transport.send(HTTPRequest(url: server.baseURL.appendingPathComponent("r\(index)")))
        }
        #expect(server.requests.count == 5)
        #expect(server.connectionCount == 1)
    }

    @Test func truncatedBody_isAConnectionFailure() async throws {
        let server = try LoopbackServer { _ in
            ScriptedResponse(body: Data(repeating: 65, count: 1000), truncateBodyTo: 10)
        }
        defer { server.stop() }
        let error = await #expect(throws: TransportError.self) {
            try await CurlTransport().send(HTTPRequest(url: server.baseURL.appendingPathComponent("cut")))
        }
        #expect(error?.code == .connectionFailed)
    }
}
