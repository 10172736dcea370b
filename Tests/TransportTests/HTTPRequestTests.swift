import Foundation
import Testing

@testable import Transport

@Suite struct HTTPRequestTests {
    let url = URL(string: "https://example.test/api/x/")!

    @Test(arguments: ["GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE", "get", "Delete"])
    func idempotentMethods_areIdempotentByDefault(method: String) {
        #expect(HTTPRequest(method: method, url: url).isIdempotent)
    }

    @Test(arguments: ["POST", "PATCH", "CONNECT", "PROPFIND", "post"])
    func otherMethods_areNotIdempotentByDefault(method: String) {
        #expect(!HTTPRequest(method: method, url: url).isIdempotent)
    }

    @Test func idempotency_followsTheMethodUntilDeclared() {
        var request = HTTPRequest(method: "POST", url: url)
        request.method = "GET"
        #expect(request.isIdempotent)
        request.isIdempotent = false
        #expect(!request.isIdempotent)
        #expect(HTTPRequest(method: "POST", url: url, isIdempotent: true).isIdempotent)
        #expect(!HTTPRequest(method: "GET", url: url, isIdempotent: false).isIdempotent)
    }

    @Test func idempotency_isPartOfEquality_butNotOfTheReplayKey() {
        let declared = HTTPRequest(method: "POST", url: url, replayTag: "q", isIdempotent: true)
        let plain = HTTPRequest(method: "POST", url: url, replayTag: "q")
        #expect(declared != plain)
        #expect(declared.replayKey == plain.replayKey)
        #expect(HTTPRequest(method: "GET", url: url, isIdempotent: true) == HTTPRequest(method: "GET", url: url))
    }
}

@Suite struct HTTPRequestRedactionTests {
    @Test func aRequest_printsWithoutItsCredentials() {
        let request = HTTPRequest(
            url: URL(string: "https://user:pa55@eu.posthog.com/api/projects/1/dashboards/")!,
            headers: [
                ("Authorization", "Bearer phx_secret_value"), ("X-Api-Key", "k_secret_value"),
                ("Accept", "application/json"),
            ])
        var dumped = ""
        dump(request, to: &dumped)
        for text in [String(describing: request), String(reflecting: request), "\(request)", dumped] {
            #expect(!text.contains("phx_secret_value") && !text.contains("k_secret_value") && !text.contains("pa55"))
            #expect(text.contains("application/json"), "\(text)")
        }
        // Sending still uses the real value.
        #expect(request.headers[0].value == "Bearer phx_secret_value")
    }
}
