/// One series of a trends, lifecycle, stickiness or funnel-trends result.
public struct SeriesResult: Decodable, Sendable, Equatable {
    /// One value per period; `null` (PostHog's rendering of NaN/±∞, flagged in `data::nan!`) is nil.
    public var data: [Double?]
    /// Period starts as the API gives them: `2026-11-24`, `2026-11-24 13:00:00`, or stickiness
    /// day counts (`1`, `2`, ...), kept as text.
    public var days: [String]
    public var labels: [String]?
    public var count: Double?
    public var label: String?
    public var aggregatedValue: Double?
    public var action: Action?
    public var order: Int?
    public var breakdownValue: JSONValue?
    public var compareLabel: String?
    /// Lifecycle status: `new`, `returning`, `resurrecting`, `dormant`.
    public var status: String?

    public struct Action: Decodable, Sendable, Equatable {
        /// The event name (`$pageview`) or action id the series counts.
        public var id: JSONValue?
        public var name: String?
        public var customName: String?
        public var order: Int?
        public var math: String?

        enum CodingKeys: String, CodingKey {
            case id, name, order, math
            case customName = "custom_name"
        }
    }

    enum CodingKeys: String, CodingKey {
        case data, days, labels, count, label, action, order, status
        case aggregatedValue = "aggregated_value"
        case breakdownValue = "breakdown_value"
        case compareLabel = "compare_label"
    }

    init(
        data: [Double?], days: [String], labels: [String]?, count: Double?, label: String?, aggregatedValue: Double?,
        action: Action?, order: Int?, breakdownValue: JSONValue?, compareLabel: String?, status: String?
    ) {
        self.data = data
        self.days = days
        self.labels = labels
        self.count = count
        self.label = label
        self.aggregatedValue = aggregatedValue
        self.action = action
        self.order = order
        self.breakdownValue = breakdownValue
        self.compareLabel = compareLabel
        self.status = status
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        data = try container.decodeIfPresent([Double?].self, forKey: .data) ?? []
        days = try container.decodeIfPresent([DayText].self, forKey: .days)?.map(\.text) ?? []
        labels = try container.decodeIfPresent([String].self, forKey: .labels)
        count = try container.decodeIfPresent(Double.self, forKey: .count)
        label = try container.decodeIfPresent(String.self, forKey: .label)
        aggregatedValue = try container.decodeIfPresent(Double.self, forKey: .aggregatedValue)
        action = try container.decodeIfPresent(Action.self, forKey: .action)
        order = try container.decodeIfPresent(Int.self, forKey: .order)
        breakdownValue = try container.decodeIfPresent(JSONValue.self, forKey: .breakdownValue)
        compareLabel = try container.decodeIfPresent(String.self, forKey: .compareLabel)
        status = try container.decodeIfPresent(String.self, forKey: .status)
    }

    /// A period start: a date string, or an integer day count in stickiness results.
    private struct DayText: Decodable {
        let text: String
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Int.self) {
                text = String(number)
            } else {
                text = try container.decode(String.self)
            }
        }
    }
}

/// One step of a funnel result.
public struct FunnelStepResult: Decodable, Sendable, Equatable {
    public var name: String?
    public var customName: String?
    public var order: Int?
    public var count: Double
    public var averageConversionTime: Double?
    public var medianConversionTime: Double?
    /// Display form of the breakdown value, present on broken-down funnels.
    public var breakdown: JSONValue?
    public var breakdownValue: JSONValue?

    enum CodingKeys: String, CodingKey {
        case name, order, count, breakdown
        case customName = "custom_name"
        case averageConversionTime = "average_conversion_time"
        case medianConversionTime = "median_conversion_time"
        case breakdownValue = "breakdown_value"
    }
}

/// A funnel result is a list of steps, or a list of step lists (one per breakdown value).
public struct FunnelResult: Decodable, Sendable, Equatable {
    public var groups: [[FunnelStepResult]]

    /// Groups read elsewhere (`FastDashboardReader`).
    init(groups: [[FunnelStepResult]]) { self.groups = groups }

    private enum Element: Decodable {
        case step(FunnelStepResult)
        case group([FunnelStepResult])

        init(from decoder: any Decoder) throws {
            if (try? decoder.unkeyedContainer()) != nil {
                self = .group(try [FunnelStepResult](from: decoder))
            } else {
                self = .step(try FunnelStepResult(from: decoder))
            }
        }
    }

    public init(from decoder: any Decoder) throws {
        let elements = try [Element](from: decoder)
        var steps: [FunnelStepResult] = []
        var groups: [[FunnelStepResult]] = []
        for element in elements {
            switch element {
            case .step(let step): steps.append(step)
            case .group(let group): groups.append(group)
            }
        }
        guard steps.isEmpty || groups.isEmpty else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "mixes funnel steps and step lists"))
        }
        self.groups = groups.isEmpty ? (steps.isEmpty ? [] : [steps]) : groups
    }
}

/// One cohort row of a retention result.
public struct RetentionCohortResult: Decodable, Sendable, Equatable {
    public var values: [Cell]
    public var label: String?
    /// Cohort start as an ISO-8601 instant with the project's offset.
    public var date: String
    public var breakdownValue: JSONValue?

    public struct Cell: Decodable, Sendable, Equatable {
        public var count: Double
        public var label: String?
    }

    enum CodingKeys: String, CodingKey {
        case values, label, date
        case breakdownValue = "breakdown_value"
    }
}

/// What an insight's `result` holds, read according to the insight's kind.
public enum InsightResult: Sendable, Equatable {
    case series([SeriesResult])
    case funnel(FunnelResult)
    case retention([RetentionCohortResult])
    case table(rows: [[JSONValue]])
    /// `result` was null: a cache miss or a failed calculation, with PostHog's message if any.
    case unavailable(String)
    /// A chart kind dashbrief does not read; the result was not decoded.
    case unsupported(String)
}
