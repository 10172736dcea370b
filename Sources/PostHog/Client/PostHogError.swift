/// A PostHog call that did not give usable data. Matched on `code`; `message` says what to do
/// and never contains the API key.
public struct PostHogError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        public init(_ name: String) { self.name = name }
        public var description: String { name }

        /// PostHog answered with a non-2xx status (see `status`).
        public static let http = Code("http")
        /// The body was not the JSON expected: the message names the source and JSON path.
        public static let decoding = Code("decoding")
        /// No dashboard or insight matched the name or id asked for.
        public static let notFound = Code("notFound")
        /// The configuration cannot form a request (base URL, project id).
        public static let configuration = Code("configuration")
        /// The host could not be reached, or did not answer in time, even after retries.
        public static let unreachable = Code("unreachable")
    }

    public var code: Code
    public var message: String
    public var status: Int?

    public init(_ code: Code, _ message: String, status: Int? = nil) {
        self.code = code
        self.message = message
        self.status = status
    }

    public var description: String { message }
}
