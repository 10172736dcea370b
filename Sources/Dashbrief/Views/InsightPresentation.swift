import Foundation
import Narrative
import PostHog

/// `dashbrief insight ID`: one insight's normalised data.
public struct InsightPresentation: Presentable {
    public let insight: InsightMetrics

    public init(_ insight: InsightMetrics) { self.insight = insight }

    /// One line about an insight, for dashboard listings.
    struct Summary: Encodable {
        var id: Int
        var shortID: String?
        var name: String
        var kind: String
        var contents: String
        var latestCompletePeriod: String?

        enum CodingKeys: String, CodingKey {
            case id, name, kind, contents
            case shortID = "short_id"
            case latestCompletePeriod = "latest_complete_period"
        }

        init(_ insight: InsightMetrics) {
            id = insight.insightID
            shortID = insight.shortID
            name = insight.name
            kind = insight.kind.description
            switch insight.content {
            case .series(let series):
                let periods = series.first?.points.count ?? 0
                contents = "\(series.count) series × \(periods) \(series.first?.interval.rawValue ?? "period")s"
                latestCompletePeriod = series.compactMap { $0.completePoints.last?.period }.max()
            case .aggregates(let values):
                contents = values.map { "\($0.name) = \(Format.number($0.value))" }.joined(separator: ", ")
            case .funnel(let funnels):
                contents =
                    "\(funnels.first?.steps.count ?? 0) steps"
                    + (funnels.count > 1 ? " × \(funnels.count) breakdown values" : "")
            case .retention(let matrix):
                contents = "\(matrix.cohorts.count) \(matrix.period.rawValue)ly cohorts"
                latestCompletePeriod = matrix.cohorts.last { $0.size != nil }?.label
            case .lifecycle(let lifecycle):
                contents = "4 statuses × \(lifecycle.new.points.count) \(lifecycle.interval.rawValue)s"
                latestCompletePeriod = lifecycle.new.completePoints.last?.period
            case .stickiness(let items):
                contents = "\(items.count) series × \(items.first?.buckets.count ?? 0) buckets"
            case .table(let table):
                contents = "\(table.rows.count) rows × \(table.columns.count) columns"
            }
        }
    }

    struct PointBody: Encodable {
        var period: String
        var value: Double?
        var complete: Bool
    }

    struct SeriesBody: Encodable {
        var name: String
        var breakdown: String?
        var compareLabel: String?
        var interval: String
        var points: [PointBody]

        enum CodingKeys: String, CodingKey {
            case name, breakdown, interval, points
            case compareLabel = "compare_label"
        }

        init(_ series: TimeSeries) {
            name = series.name
            breakdown = series.breakdown
            compareLabel = series.compareLabel
            interval = series.interval.rawValue
            points = series.points.map { PointBody(period: $0.period, value: $0.value, complete: $0.isComplete) }
        }
    }

    struct StepBody: Encodable {
        var name: String
        var count: Double
        var averageConversionTime: Double?
        var medianConversionTime: Double?

        enum CodingKeys: String, CodingKey {
            case name, count
            case averageConversionTime = "average_conversion_time"
            case medianConversionTime = "median_conversion_time"
        }
    }

    struct FunnelBody: Encodable {
        var breakdown: String?
        var steps: [StepBody]
    }

    struct CohortBody: Encodable {
        var start: String
        var breakdown: String?
        /// nil for cells whose period had not ended.
        var cells: [Double?]
    }

    struct Body: Encodable {
        var id: Int
        var shortID: String?
        var name: String
        var kind: String
        var timezone: String
        var asOf: String
        var series: [SeriesBody]?
        var aggregates: [[String: JSONValue]]?
        var funnels: [FunnelBody]?
        var retention: [CohortBody]?
        var retentionPeriod: String?
        var lifecycle: [SeriesBody]?
        var stickiness: [[String: JSONValue]]?
        var columns: [String]?
        var rows: [[JSONValue]]?

        enum CodingKeys: String, CodingKey {
            case id, name, kind, timezone, series, aggregates, funnels, retention, lifecycle, stickiness, columns, rows
            case shortID = "short_id"
            case asOf = "as_of"
            case retentionPeriod = "retention_period"
        }
    }

    public func rendered(as format: PresentationFormat) throws -> String {
        switch format {
        case .json: return try PresentationJSON.encode(body)
        case .text: return text
        }
    }

    var body: Body {
        var body = Body(
            id: insight.insightID, shortID: insight.shortID, name: insight.name, kind: insight.kind.description,
            timezone: insight.timezone.identifier, asOf: Timestamp.format(insight.asOf))
        switch insight.content {
        case .series(let series): body.series = series.map(SeriesBody.init)
        case .aggregates(let values):
            body.aggregates = values.map {
                [
                    "name": .string($0.name), "breakdown": $0.breakdown.map(JSONValue.string) ?? .null,
                    "value": .number($0.value),
                ]
            }
        case .funnel(let funnels):
            body.funnels = funnels.map { funnel in
                FunnelBody(
                    breakdown: funnel.breakdown,
                    steps: funnel.steps.map {
                        StepBody(
                            name: $0.name, count: $0.count, averageConversionTime: $0.averageConversionTime,
                            medianConversionTime: $0.medianConversionTime)
                    })
            }
        case .retention(let matrix):
            body.retentionPeriod = matrix.period.rawValue
            body.retention = matrix.cohorts.map {
                CohortBody(start: $0.label, breakdown: $0.breakdown, cells: $0.cells)
            }
        case .lifecycle(let lifecycle):
            body.lifecycle = [lifecycle.new, lifecycle.returning, lifecycle.resurrecting, lifecycle.dormant].map(
                SeriesBody.init)
        case .stickiness(let items):
            body.stickiness = items.flatMap { item in
                item.buckets.map {
                    ["series": .string(item.name), "bucket": .string($0.label), "count": .number($0.count)]
                }
            }
        case .table(let table):
            body.columns = table.columns
            body.rows = table.rows
        }
        return body
    }

    var text: String {
        var out =
            "\(insight.name) (insight \(insight.insightID)\(insight.shortID.map { ", \($0)" } ?? ""), \(insight.kind))\n"
        out += "Data as of \(Timestamp.format(insight.asOf)), periods local to \(insight.timezone.identifier)\n\n"
        switch insight.content {
        case .series(let series):
            out += seriesTable(series)
        case .lifecycle(let lifecycle):
            out += seriesTable([lifecycle.new, lifecycle.returning, lifecycle.resurrecting, lifecycle.dormant])
        case .aggregates(let values):
            var table = TextTable(["Series", "Value"], rightAligned: [1])
            for value in values {
                table.append([
                    value.breakdown.map { "\(value.name) · \($0)" } ?? value.name, Format.number(value.value),
                ])
            }
            out += table.text
        case .funnel(let funnels):
            for funnel in funnels {
                if let breakdown = funnel.breakdown { out += "\(breakdown):\n" }
                var table = TextTable(
                    ["Step", "Count", "From previous", "From first", "Median time (s)"], rightAligned: [1, 2, 3, 4])
                for (index, step) in funnel.steps.enumerated() {
                    let previous = index > 0 ? funnel.steps[index - 1].count : step.count
                    let first = funnel.steps[0].count
                    table.append([
                        step.name, Format.number(step.count),
                        Format.percent(previous > 0 ? 100 * step.count / previous : nil),
                        Format.percent(first > 0 ? 100 * step.count / first : nil),
                        Format.number(step.medianConversionTime),
                    ])
                }
                out += table.text + "\n"
            }
        case .retention(let matrix):
            let ages = matrix.cohorts.map(\.cells.count).max() ?? 0
            let prefix = matrix.period.rawValue.capitalized
            var table = TextTable(
                ["Cohort", "Size"] + (1..<max(ages, 1)).map { "\(prefix) \($0)" }, rightAligned: Set(1...max(ages, 1)))
            for cohort in matrix.cohorts {
                let size = cohort.size
                let rates = cohort.cells.dropFirst().map { cell -> String in
                    guard let cell, let size, size > 0 else { return "" }
                    return Format.percent(100 * cell / size)
                }
                table.append([cohort.label, size.map { Format.number($0) } ?? "(in progress)"] + rates)
            }
            out += table.text
        case .stickiness(let items):
            for item in items {
                var table = TextTable([item.name, "People"], rightAligned: [1])
                for bucket in item.buckets { table.append([bucket.label, Format.number(bucket.count)]) }
                out += table.text
            }
        case .table(let table):
            var columns = TextTable(table.columns)
            for row in table.rows { columns.append(row.map(\.description)) }
            out += columns.text
        }
        return out
    }

    private func seriesTable(_ series: [TimeSeries]) -> String {
        guard let first = series.first else { return "(no series)\n" }
        var table = TextTable(["Period"] + series.map(\.name), rightAligned: Set(1...series.count))
        var incomplete = false
        for (index, point) in first.points.enumerated() {
            let marker = point.isComplete ? "" : " *"
            incomplete = incomplete || !point.isComplete
            table.append(
                [point.period + marker]
                    + series.map { $0.points.indices.contains(index) ? Format.number($0.points[index].value) : "" })
        }
        return table.text + (incomplete ? "* period not complete yet: its value is partial\n" : "")
    }
}
