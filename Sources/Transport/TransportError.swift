/// A request that got no HTTP response. Matched on `code`; `message` is for people and never
/// contains a secret.
public struct TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        public init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The host could not be reached (DNS, refused, TLS).
        public static let connectionFailed = Code("connectionFailed")
        /// The connect or total timeout passed.
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

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
