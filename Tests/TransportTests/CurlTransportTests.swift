import DashbriefTestSupport
import Foundation
import Testing

@testable import Transport

@Suite struct CurlTransportTests {
    @Test func get_returnsStatusHeadersAndBody_andSendsHeaders() async throws {
        let server = try LoopbackServer { request in
            var response = ScriptedResponse.json("{\"path\": \"\(request.target)\"}")
            response.headers["X-Echo-Auth"] = request.headers["authorization"] ?? "none"
            return response
        }
        defer { server.stop() }
        let transport = CurlTransport(options: .init(userAgent: "dashbrief-test/1"))
        let url = server.baseURL.appendingPathComponent("api/projects/1/dashboards/")
        let response = try await transport.send(
            HTTPRequest(url: url, headers: [("Authorization", "Bearer phx_test")]))
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self) == "{\"path\": \"/api/projects/1/dashboards/\"}")
        #expect(response.headers["x-echo-auth"] == "Bearer phx_test")
        #expect(server.requests.count == 1)
        #expect(server.requests.first?.headers["user-agent"] == "dashbrief-test/1")
        #expect(server.requests.first?.headers["accept-encoding"]?.contains("gzip") == true)
    }

    @Test func post_sendsBodyAndMethod() async throws {
        let server = try LoopbackServer { request in
            .json("{\"method\": \"\(request.method)\", \"length\": \(request.body.count)}")
        }
        defer { server.stop() }
        let body = Data("{\"query\": {\"kind\": \"HogQLQuery\"}}".utf8)
        let response = try await CurlTransport().send(
            HTTPRequest(method: "POST", url: server.baseURL.appendingPathComponent("q"), body: body))
        #expect(String(decoding: response.body, as: UTF8.self) == "{\"method\": \"POST\", \"length\": \(body.count)}")
        #expect(server.requests.first?.body == body)
    }

    @Test func errorStatus_isAResponseNotAThrow() async throws {
        let server = try LoopbackServer { _ in .json("{\"detail\": \"Not found.\"}", status: 404) }
        defer { server.stop() }
        let response = try await CurlTransport().send(HTTPRequest(url: server.baseURL.appendingPathComponent("x")))
        #expect(response.status == 404)
        #expect(!response.isSuccess)
    }

    @Test func closedPort_throwsConnectionFailed() async throws {
        let server = try LoopbackServer { _ in .json("{}") }
        let url = server.baseURL.appendingPathComponent("x")
        server.stop()
        let error = await #expect(throws: TransportError.self) { try await CurlTransport().send(HTTPRequest(url: url)) }
        #expect(error?.code == .connectionFailed)
        #expect(error?.mayHaveBeenSent == false)
    }

    @Test func slowServer_hitsTotalTimeout() async throws {
        let server = try LoopbackServer { _ in ScriptedResponse(body: Data("{}".utf8), delay: .seconds(2)) }
        defer { server.stop() }
        let transport = CurlTransport(options: .init(totalTimeout: .milliseconds(300)))
        let error = await #expect(throws: TransportError.self) {
            try await transport.send(HTTPRequest(url: server.baseURL.appendingPathComponent("slow")))
        }
        #expect(error?.code == .timedOut)
        #expect(error?.mayHaveBeenSent == true)
    }

    @Test func cancellingTheTask_abortsTheTransfer_withCancellationError() async throws {
        let server = try LoopbackServer { _ in ScriptedResponse(body: Data("{}".utf8), delay: .seconds(60)) }
        defer { server.stop() }
        let url = server.baseURL.appendingPathComponent("slow")
        let started = ContinuousClock.now
        let task = Task { try await CurlTransport().send(HTTPRequest(url: url)) }
        try await Task.sleep(for: .milliseconds(200))
        task.cancel()
        let result = await task.result
        #expect(throws: CancellationError.self) { try result.get() }
        // The transfer stopped on cancel, long before the server's 60 s reply (libcurl checks for
        // cancellation about once a second while a transfer is idle; the loose bound allows for the
        // parallel suite keeping the 2-core cooperative pool busy).
        #expect(ContinuousClock.now - started < .seconds(30))
    }
}
