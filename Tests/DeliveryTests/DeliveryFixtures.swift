import DashbriefTestSupport
import Foundation

@testable import Delivery

/// Days as the demo's reports name them.
enum Days {
    /// `count` consecutive local days from `first` (`YYYY-MM-DD`).
    static func from(_ first: String, count: Int) -> [String] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        let formatter = DateFormatter()
        formatter.calendar = calendar
        formatter.timeZone = .gmt
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd"
        let start = formatter.date(from: first)!
        return (0..<count).map { formatter.string(from: calendar.date(byAdding: .day, value: $0, to: start)!) }
    }
}

extension StateStore {
    /// A store in a fresh temporary directory.
    static func temporary(_ configuration: Configuration = Configuration()) throws -> StateStore {
        try StateStore(directory: try TestPaths.temporaryDirectory("dashbrief-state"), configuration: configuration)
    }
}

/// A fixed instant, so that ledger times compare exactly (GRDB stores milliseconds).
let noon = Date(timeIntervalSince1970: 1_795_435_200)
