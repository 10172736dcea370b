/// A schedule that cannot be used: a cron expression that does not parse or never fires, or a
/// time zone Foundation does not know. Match on `code` (and `field`); `message` names the value at
/// fault and what was expected, e.g. `cron "0 25 * * *": hour 25 is out of range 0-23`.
public struct SchedulingError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        public init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The cron expression does not parse, or matches no day that exists.
        public static let invalidCron = Code("invalidCron")
        /// The time zone is not an identifier Foundation knows (`America/New_York`, `UTC`).
        public static let unknownTimeZone = Code("unknownTimeZone")
    }

    public var code: Code
    public var message: String
    /// The cron field at fault, when the fault lies in one (`hour` for `0 25 * * *`).
    public var field: CronField?

    public init(_ code: Code, _ message: String, field: CronField? = nil) {
        self.code = code
        self.message = message
        self.field = field
    }

    public var description: String { message }

    static func invalidCron(_ expression: String, _ problem: String, field: CronField? = nil) -> SchedulingError {
        SchedulingError(.invalidCron, "cron \"\(expression)\": \(problem)", field: field)
    }
}
