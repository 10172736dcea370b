/// A state store operation that could not be done. Match on `code`; `message` names the run or
/// file and says what to do.
public struct StateStoreError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        public init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The state directory or database file could not be created or opened.
        public static let storage = Code("storage")
        /// SQLite failed (locked for longer than the busy timeout, disk full, corrupt file): see
        /// `underlying`. Nothing of the operation was written.
        public static let database = Code("database")
        /// The run was never claimed: a post must be claimed before it is recorded.
        public static let unknownRun = Code("unknownRun")
        /// The run is in a state that does not allow the operation (marking a posted run failed).
        public static let wrongState = Code("wrongState")
    }

    public var code: Code
    public var message: String
    /// The GRDB or file system error behind `storage` and `database` failures.
    public var underlying: (any Error)?

    public init(_ code: Code, _ message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    public var description: String { message }
}
