/// A failure of the library API that a caller may match on. `message` is for people: it names the
/// file, variable, field or value at fault and never contains a secret.
public struct DashbriefError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        public init(_ name: String) { self.name = name }
        public var description: String { name }

        /// A setting is missing or invalid (environment, `.env`, config file, flag).
        public static let configuration = Code("configuration")
        /// No dashboard has the name or id asked for; the message lists the closest names.
        public static let unknownDashboard = Code("unknownDashboard")
        /// The data source (snapshot or PostHog) could not be read.
        public static let dataSource = Code("dataSource")
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
