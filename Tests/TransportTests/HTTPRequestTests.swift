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
