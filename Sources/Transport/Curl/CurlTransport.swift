import CCurl
import Dispatch
import Foundation
import Synchronization

/// HTTP over libcurl: TLS verification on, gzip, HTTP/2 where the server offers it, the
/// `HTTPS_PROXY`/`NO_PROXY` environment honoured (libcurl reads it), connect and total timeouts,
/// connections reused across requests (pooled easy handles).
///
/// `curl_easy_perform` blocks, so each request runs on a Dispatch thread, never on the Swift
/// cooperative pool; cancelling the calling task aborts the transfer from curl's progress callback
/// (called at least once a second) and `send` throws `CancellationError`.
public struct CurlTransport: Transport {
    public struct Options: Sendable {
        public var connectTimeout: Duration
        public var totalTimeout: Duration
        public var userAgent: String

        public init(
            connectTimeout: Duration = .seconds(10), totalTimeout: Duration = .seconds(90),
            userAgent: String = "dashbrief"
        ) {
            self.connectTimeout = connectTimeout
            self.totalTimeout = totalTimeout
            self.userAgent = userAgent
        }
    }

    public let options: Options
    private let pool = CurlHandlePool()

    public init(options: Options = Options()) {
        self.options = options
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try Task.checkCancellation()
        let cancellation = CancellationFlag()
        let options = options
        let pool = pool
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                DispatchQueue.global().async {
                    continuation.resume(
                        with: Result {
                            try CurlEasy.perform(request, options: options, pool: pool, cancellation: cancellation)
                        })
                }
            }
        } onCancel: {
            cancellation.cancel()
        }
    }
}

/// Set from the cancelling task, read from curl's progress callback on the transfer thread.
final class CancellationFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    func cancel() { flag.store(true, ordering: .relaxed) }
    var isCancelled: Bool { flag.load(ordering: .relaxed) }
}
