import Foundation

/// What a backtest replayed (`Engine.backtest`): the messages each channel would have received
/// over the last weeks, day by day, and against a ground truth how well they caught what was
/// planted. Encodes with the JSON keys of `dashbrief backtest --format json`.
public struct Backtest: Sendable, Encodable {
    /// How often one metric was announced new.
    public struct MetricAlerts: Sendable, Encodable, Equatable {
        public var dashboard: String
        public var insight: String
        public var series: String
        public var alerts: Int
    }

    /// One report's decision in one channel on one replayed day.
    public struct Entry: Sendable, Encodable, Equatable {
        /// The replayed day: the report as of its first moment (every earlier day complete).
        public var date: String
        /// The report's dashboards (`A + B` for a weekly report of several).
        public var dashboard: String
        /// `daily` or `weekly`.
        public var kind: String
        public var channel: String
        /// Finding ids announced new, still ongoing, and resolved.
        public var new: [String]
        public var ongoing: [String]
        public var resolved: [String]
        /// Whether a message would have been posted.
        public var posted: Bool
    }

    /// A planted change found.
    public struct Hit: Sendable, Encodable, Equatable {
        public var id: String
        /// The planted date (`cohorts_from` for retention).
        public var date: String
        /// The replayed day it was first announced new.
        public var foundOn: String
        /// Days between the first day it could have been seen and `foundOn`: the day after `date`
        /// (the planted day must be complete); for weekly retention cohorts, 14 days after
        /// `cohorts_from` (the first cohort's week 1 complete).
        public var delayDays: Int
        /// The finding that announced it.
        public var finding: String

        enum CodingKeys: String, CodingKey {
            case id, date, finding
            case foundOn = "found_on"
            case delayDays = "delay_days"
        }
    }

    /// A planted change never announced.
    public struct Miss: Sendable, Encodable, Equatable {
        public var id: String
        public var date: String
    }

    /// The replay held against a ground truth.
    public struct TruthResult: Sendable, Encodable {
        public var planted: Int
        public var found: Int
        public var hits: [Hit]
        public var missed: [Miss]
        /// Announced-new anomaly and change findings that match no planted change (nor are a mix
        /// shift caused by one), per metric-month of daily series replayed.
        public var falsePerMetricMonth: Double
        /// Those findings' ids.
        public var falseFindings: [String]
        /// Daily series replayed × replayed days / 30.4.
        public var metricMonths: Double

        enum CodingKeys: String, CodingKey {
            case planted, found, hits, missed
            case falsePerMetricMonth = "false_per_metric_month"
            case falseFindings = "false_findings"
            case metricMonths = "metric_months"
        }
    }

    /// Days replayed.
    public var days: Int
    /// Messages that would have been posted (a report split in parts counts once).
    public var messages: Int
    /// Messages a week, by channel.
    public var messagesPerWeek: [String: Double]
    /// Metrics by how often they were announced new, noisiest first.
    public var perMetric: [MetricAlerts]
    /// Every report's decision in every channel, day by day.
    public var timeline: [Entry]
    /// Against the ground truth, when one was given.
    public var truth: TruthResult?

    enum CodingKeys: String, CodingKey {
        case days, messages, timeline, truth
        case messagesPerWeek = "messages_per_week"
        case perMetric = "per_metric"
    }

    /// The JSON of `--format json`: keys sorted, so that it compares byte for byte.
    public func json() throws(DashbriefError) -> String { try Self.sortedJSON(self, of: "backtest") }

    /// `value` as pretty JSON with sorted keys (byte for byte comparable).
    static func sortedJSON(_ value: some Encodable, of what: String) throws(DashbriefError) -> String {
        do {
            return try PresentationJSON.encode(value)
        } catch {
            throw DashbriefError(.internal, "\(what): \(error)")
        }
    }
}
