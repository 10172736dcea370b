/// A request that got no HTTP response. Matched on `code`; `message` is for people and never
/// contains a secret.
///
/// `mayHaveBeenSent` says whether the server may have received the request, which decides whether
/// a request that is not idempotent may be sent again. A failure to resolve the host, to connect,
/// or to complete the TLS handshake happens before the first byte of the request goes out, so the
/// server cannot have acted on it. A timeout, a reset, an empty or cut-off reply can come after the
/// server received the request and even acted on it.
public struct TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        public init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The host could not be reached (DNS, refused, TLS), or the connection broke before a
        /// whole response came back; `mayHaveBeenSent` tells which.
        public static let connectionFailed = Code("connectionFailed")
        /// The connect or total timeout passed. Always `mayHaveBeenSent`: libcurl reports both
        /// timeouts with one code.
        public static let timedOut = Code("timedOut")
        /// The task was cancelled while the request was in flight. This module's transports throw
        /// `CancellationError` instead, as Swift does everywhere; the code remains for transports
        /// written elsewhere, and callers that must stop on cancellation treat both alike.
        public static let cancelled = Code("cancelled")
        /// A snapshot holds no response for this request.
        public static let notRecorded = Code("notRecorded")
        /// A snapshot's manifest or one of its files is missing or unreadable.
        public static let invalidSnapshot = Code("invalidSnapshot")
        /// libcurl failed in another way.
        public static let other = Code("other")
    }

    public var code: Code
    public var message: String
    /// false only when the transport knows that no byte of the request reached the server, so that
    /// sending it again cannot repeat an effect; true when it may have, or when it cannot tell.
    public var mayHaveBeenSent: Bool

    /// - Parameter mayHaveBeenSent: leave true unless the request certainly never went out.
    public init(_ code: Code, _ message: String, mayHaveBeenSent: Bool = true) {
        self.code = code
        self.message = message
        self.mayHaveBeenSent = mayHaveBeenSent
    }

    public var description: String { message }
}
