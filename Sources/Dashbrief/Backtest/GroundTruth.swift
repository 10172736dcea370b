import Foundation

/// The changes planted in a data set, as the demo generator writes them
/// (`Fixtures/demo/ground_truth.json`, README "Backtest"): what a backtest should find.
public struct GroundTruth: Sendable, Decodable, Equatable {
    /// One planted change.
    public struct Change: Sendable, Decodable, Equatable {
        public var id: String
        /// `drop`, `spike`, `level_shift`, `funnel_conversion_drop`, `retention_drop`, ...
        public var kind: String
        public var dashboard: String
        public var insightID: Int
        public var insight: String
        /// The series it is planted in (a breakdown value, a series name); nil: any of the insight's.
        public var series: String?
        /// The local day of the change, or for retention the first cohort it weakens
        /// (`cohorts_from`): a finding dated on or after it matches.
        public var date: String
        /// Whether `date` is `cohorts_from`: findings on or after it match, not only on it.
        public var isFromCohort: Bool
        /// Other insights the change shows in (`also_in`): their findings are not false alarms.
        public var alsoIn: [Int]

        public init(
            id: String, kind: String, dashboard: String, insightID: Int, insight: String, series: String? = nil,
            date: String, isFromCohort: Bool = false, alsoIn: [Int] = []
        ) {
            self.id = id
            self.kind = kind
            self.dashboard = dashboard
            self.insightID = insightID
            self.insight = insight
            self.series = series
            self.date = date
            self.isFromCohort = isFromCohort
            self.alsoIn = alsoIn
        }

        enum CodingKeys: String, CodingKey {
            case id, kind, dashboard, insight, series, date
            case insightID = "insight_id"
            case cohortsFrom = "cohorts_from"
            case alsoIn = "also_in"
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try container.decode(String.self, forKey: .id)
            kind = try container.decode(String.self, forKey: .kind)
            dashboard = try container.decode(String.self, forKey: .dashboard)
            insightID = try container.decode(Int.self, forKey: .insightID)
            insight = try container.decodeIfPresent(String.self, forKey: .insight) ?? "insight \(insightID)"
            series = try container.decodeIfPresent(String.self, forKey: .series)
            alsoIn = try container.decodeIfPresent([Int].self, forKey: .alsoIn) ?? []
            if let date = try container.decodeIfPresent(String.self, forKey: .date) {
                self.date = date
                isFromCohort = false
            } else if let from = try container.decodeIfPresent(String.self, forKey: .cohortsFrom) {
                date = from
                isFromCohort = true
            } else {
                throw DecodingError.keyNotFound(
                    CodingKeys.date,
                    .init(codingPath: container.codingPath, debugDescription: "\(id): neither date nor cohorts_from"))
            }
        }
    }

    public var planted: [Change]

    public init(planted: [Change]) { self.planted = planted }

    /// Reads a ground truth file.
    /// - Throws: `DashbriefError.configuration` naming the file and what is wrong in it.
    public static func load(_ file: URL) throws(DashbriefError) -> GroundTruth {
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            throw DashbriefError(
                .configuration, "\(file.path): cannot read the ground truth: \(error.localizedDescription)")
        }
        do {
            return try JSONDecoder().decode(GroundTruth.self, from: data)
        } catch let error as DecodingError {
            throw DashbriefError(.configuration, "\(file.path): not a ground truth file: \(Self.describe(error))")
        } catch {
            throw DashbriefError(.configuration, "\(file.path): not a ground truth file: \(error)")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let context):
            let path = (context.codingPath + [key]).map { $0.intValue.map(String.init) ?? $0.stringValue }
            return "missing \(path.joined(separator: ".")) (\(context.debugDescription))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            let path = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }
            return "\(path.joined(separator: ".")): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
