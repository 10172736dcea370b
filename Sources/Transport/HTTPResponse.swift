import Foundation

/// A complete HTTP response: status, headers and the whole body.
public struct HTTPResponse: Sendable, Equatable {
    public var status: Int
    /// Header fields with lower-cased names; a repeated field keeps its last value.
    public var headers: [String: String]
    public var body: Data
    /// Where the body came from, for error messages: the URL, or the snapshot file replayed.
    public var source: String
    /// How many times the request was sent to get this response (see `RetryingTransport`).
    public var attempts: Int = 1

    public init(status: Int, headers: [String: String] = [:], body: Data, source: String) {
        self.status = status
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { $1 })
        self.body = body
        self.source = source
    }

    public var isSuccess: Bool { (200..<300).contains(status) }
}
