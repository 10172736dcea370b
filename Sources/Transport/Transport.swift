/// The seam between the API clients and the wire: libcurl for live runs, a recorded snapshot for
/// offline runs and tests. Clients build `HTTPRequest`s and decode `HTTPResponse`s the same way
/// whichever transport carries them, so replaying a snapshot exercises the same decoders as a
/// live fetch.
public protocol Transport: Sendable {
    /// Sends one request and returns the complete response, whatever its status.
    /// - Throws: `TransportError` when no response could be had (connection, timeout, replay miss);
    ///   `CancellationError` when the calling task is cancelled, before or during the transfer. A
    ///   cancelled request is never reported as a network failure: callers would retry it, or tell a
    ///   person to check a network that is fine.
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}
