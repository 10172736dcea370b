import DashbriefTestSupport
import Foundation
import Testing

@testable import Transport

@Suite struct ReplayTransportTests {
    @Test func replayKey_sortsQueryParametersAndDropsHost() throws {
        let a = HTTPRequest(url: URL(string: "https://us.posthog.com/api/x/?b=2&a=1")!)
        let b = HTTPRequest(url: URL(string: "http://127.0.0.1:9/api/x/?a=1&b=2")!)
        #expect(a.replayKey == "GET /api/x/?a=1&b=2")
        #expect(a.replayKey == b.replayKey)
        #expect(HTTPRequest(method: "post", url: URL(string: "https://h/api/q/")!).replayKey == "POST /api/q/")
    }

    @Test func demoSnapshot_servesRecordedBodyForRequestedPath() async throws {
        let transport = try ReplayTransport(directory: TestPaths.demoSnapshot)
        #expect(transport.manifest.projectID == "48213")
        let url = URL(string: "https://eu.posthog.com/api/projects/48213/dashboards/?limit=100")!
        let response = try await transport.send(HTTPRequest(url: url))
        #expect(response.status == 200)
        #expect(response.source.hasSuffix("api/dashboards.json"))
        let object = try JSONSerialization.jsonObject(with: response.body) as? [String: Any]
        #expect(object?["count"] as? Int == 5)
    }

    @Test func unrecordedRequest_failsWithNotRecordedNamingTheRequest() async throws {
        let transport = try ReplayTransport(directory: TestPaths.demoSnapshot)
        let url = URL(string: "https://us.posthog.com/api/projects/48213/dashboards/999/?refresh=blocking")!
        let error = await #expect(throws: TransportError.self) { try await transport.send(HTTPRequest(url: url)) }
        #expect(error?.code == .notRecorded)
        #expect(error?.message.contains("GET /api/projects/48213/dashboards/999/?refresh=blocking") == true)
    }

    @Test func missingBodyFile_failsNamingTheFile() async throws {
        let directory = try TestPaths.temporaryDirectory()
        let manifest = SnapshotManifest(
            projectID: "1", timezone: "UTC", recordedAt: "2026-01-01T00:00:00Z", baseURL: "https://x",
            exchanges: [.init(method: "GET", path: "/api/a/", status: 200, file: "api/a.json")])
        try JSONEncoder().encode(manifest).write(to: directory.appendingPathComponent("manifest.json"))
        let transport = try ReplayTransport(directory: directory)
        let error = await #expect(throws: TransportError.self) {
            try await transport.send(HTTPRequest(url: URL(string: "https://x/api/a/")!))
        }
        #expect(error?.code == .invalidSnapshot)
        #expect(error?.message.contains("api/a.json") == true)
    }

    @Test(arguments: [
        ("", "cannot read the snapshot manifest"),
        ("{\"format\": \"dashbrief-snapshot\"", "invalid JSON"),
        ("{\"format\": \"dashbrief-snapshot\", \"version\": \"one\"}", "version: expected a number"),
        (
            "{\"format\": \"other\", \"version\": 1, \"project_id\": \"1\", \"timezone\": \"UTC\", \"recorded_at\": \"x\", \"base_url\": \"x\", \"exchanges\": []}",
            "expected \"dashbrief-snapshot\""
        ),
    ])
    func badManifest_failsNamingFileAndProblem(text: String, expected: String) throws {
        let directory = try TestPaths.temporaryDirectory()
        if !text.isEmpty {
            try Data(text.utf8).write(to: directory.appendingPathComponent("manifest.json"))
        }
        let error = #expect(throws: TransportError.self) { try ReplayTransport(directory: directory) }
        #expect(error?.code == .invalidSnapshot)
        #expect(error?.message.contains("manifest.json") == true)
        #expect(error?.message.contains(expected) == true, "\(error?.message ?? "")")
    }
}
