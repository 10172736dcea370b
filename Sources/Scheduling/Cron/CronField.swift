/// The five fields of a cron expression, in the order they are written.
public enum CronField: Int, Sendable, CaseIterable, CustomStringConvertible {
    case minute, hour, dayOfMonth, month, dayOfWeek

    /// The name errors use: `minute`, `hour`, `day-of-month`, `month`, `day-of-week`.
    public var description: String {
        switch self {
        case .minute: "minute"
        case .hour: "hour"
        case .dayOfMonth: "day-of-month"
        case .month: "month"
        case .dayOfWeek: "day-of-week"
        }
    }

    /// The values the field may be written with. Day-of-week takes 0-7: 0 and 7 are both Sunday.
    public var range: ClosedRange<Int> {
        switch self {
        case .minute: 0...59
        case .hour: 0...23
        case .dayOfMonth: 1...31
        case .month: 1...12
        case .dayOfWeek: 0...7
        }
    }

    /// What `*` stands for: the whole range, except that day-of-week stops at 6 (7 would repeat
    /// Sunday).
    var wildcardRange: ClosedRange<Int> { self == .dayOfWeek ? 0...6 : range }

    /// Three-letter names, case-insensitive, with the number each stands for: `jan`=1 … `dec`=12,
    /// `sun`=0 … `sat`=6. Other fields take numbers only.
    var names: [String: Int] {
        switch self {
        case .month: Self.monthNames
        case .dayOfWeek: Self.weekdayNames
        default: [:]
        }
    }

    private static let monthNames: [String: Int] = Dictionary(
        uniqueKeysWithValues: ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
            .enumerated().map { ($0.element, $0.offset + 1) })
    private static let weekdayNames: [String: Int] = Dictionary(
        uniqueKeysWithValues: ["sun", "mon", "tue", "wed", "thu", "fri", "sat"].enumerated().map {
            ($0.element, $0.offset)
        })
}
