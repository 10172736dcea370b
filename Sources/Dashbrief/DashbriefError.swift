import Analysis
import PostHog
import Transport

/// The one error the library API throws, whatever stage failed. Match on `code`; `message` is for
/// people: it names the file, variable, field or value at fault, says what to do, and never
/// contains a secret. `underlying` keeps the stage's own error (a `PostHogError` with its HTTP
/// status, a `TransportError`, a `CancellationError`) for callers that need more.
public struct DashbriefError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        public init(_ name: String) { self.name = name }
        public var description: String { name }

        /// A setting is missing or invalid (environment, `.env`, config file, flag).
        public static let configuration = Code("configuration")
        /// No dashboard has the name or id asked for; the message lists the closest names.
        public static let unknownDashboard = Code("unknownDashboard")
        /// No insight has the id or short id asked for.
        public static let notFound = Code("notFound")
        /// The data (a snapshot, a PostHog answer, a CSV file) could not be read: the message
        /// names the file or URL and the field.
        public static let dataSource = Code("dataSource")
        /// PostHog answered with an error status (see the underlying `PostHogError.status`).
        public static let posthog = Code("posthog")
        /// PostHog could not be reached, or did not answer in time, even after retries.
        public static let unreachable = Code("unreachable")
        /// A report could not be delivered to Slack (the message says what to do).
        public static let delivery = Code("delivery")
        /// The task was cancelled: nothing was reported, nothing partial is returned.
        public static let cancelled = Code("cancelled")
        /// Anything else: a bug to report.
        public static let `internal` = Code("internal")
    }

    public var code: Code
    public var message: String
    /// The error of the stage that failed, if it was not a `DashbriefError` to begin with.
    public var underlying: (any Error)?

    public init(_ code: Code, _ message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    public var description: String { message }

    /// Equal when code and message are: the underlying error is context, not identity.
    public static func == (lhs: DashbriefError, rhs: DashbriefError) -> Bool {
        lhs.code == rhs.code && lhs.message == rhs.message
    }

    /// Whether this failure is a cancellation.
    public var isCancellation: Bool { code == .cancelled }

    /// Any error of any stage as the library's one error type.
    public init(_ error: any Error) {
        switch error {
        case let error as DashbriefError:
            self = error
        case let error as CancellationError:
            self.init(.cancelled, "cancelled", underlying: error)
        case let error as PostHogError:
            let code: Code =
                switch error.code {
                case .http: .posthog
                case .decoding: .dataSource
                case .notFound: .notFound
                case .configuration: .configuration
                case .unreachable: .unreachable
                default: .internal
                }
            self.init(code, error.message, underlying: error)
        case let error as TransportError:
            let code: Code =
                switch error.code {
                case .cancelled: .cancelled
                case .notRecorded, .invalidSnapshot: .dataSource
                case .connectionFailed, .timedOut: .unreachable
                default: .internal
                }
            self.init(code, error.message, underlying: error)
        case let error as NormalisationError:
            self.init(.dataSource, error.reason, underlying: error)
        default:
            self.init(.internal, String(describing: error), underlying: error)
        }
    }

    /// Whether `error`, of any stage, is a cancellation (which must never be reported as data).
    public static func isCancellation(_ error: any Error) -> Bool {
        DashbriefError(error).isCancellation
    }
}

/// Runs `body`, turning whatever it throws into a `DashbriefError`: the library's public methods
/// all end here, so callers match one type.
func atTheBoundary<T>(_ body: () async throws -> T) async throws(DashbriefError) -> T {
    do {
        return try await body()
    } catch {
        throw DashbriefError(error)
    }
}

/// The synchronous form of `atTheBoundary`.
func synchronouslyAtTheBoundary<T>(_ body: () throws -> T) throws(DashbriefError) -> T {
    do {
        return try body()
    } catch {
        throw DashbriefError(error)
    }
}
