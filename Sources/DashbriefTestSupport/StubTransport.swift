import Foundation
import Synchronization
import Transport

/// A transport answering from a closure and recording every request, for client tests that need
/// no sockets.
public final class StubTransport: Transport, Sendable {
    public typealias Handler = @Sendable (HTTPRequest) throws -> HTTPResponse

    private let handler: Handler
    private let sent = Mutex<[HTTPRequest]>([])

    public init(_ handler: @escaping Handler) { self.handler = handler }

    public var requests: [HTTPRequest] { sent.withLock { $0 } }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        sent.withLock { $0.append(request) }
        return try handler(request)
    }

    /// A 200 response carrying `text`.
    public static func json(_ text: String, status: Int = 200, for request: HTTPRequest) -> HTTPResponse {
        HTTPResponse(status: status, body: Data(text.utf8), source: request.url.absoluteString)
    }
}
