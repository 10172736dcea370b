import Foundation
import Narrative

/// Two replays of the same days under two configurations (`dashbrief backtest --compare-config`):
/// what a threshold or override change would do to the messages, the planted changes found and
/// the false findings, before it is made.
public struct BacktestComparison: Sendable, Encodable {
    /// What each configuration is (its file, or "current configuration").
    public var baseLabel: String
    public var otherLabel: String
    public var base: Backtest
    public var other: Backtest

    public init(base: Backtest, label baseLabel: String, other: Backtest, label otherLabel: String) {
        self.base = base
        self.baseLabel = baseLabel
        self.other = other
        self.otherLabel = otherLabel
    }

    enum CodingKeys: String, CodingKey {
        case base
        case other = "compare"
        case baseLabel = "base_config"
        case otherLabel = "compare_config"
    }

    /// One compared quantity: its name and its value in each replay.
    struct Row: Equatable {
        var name: String
        var base: String
        var other: String
    }

    /// The summary side by side: messages, messages a week per channel, and against the truth
    /// (when given) found, found on the first possible day, false findings.
    var rows: [Row] {
        var rows = [Row(name: "messages", base: String(base.messages), other: String(other.messages))]
        for channel in Set(base.messagesPerWeek.keys).union(other.messagesPerWeek.keys).sorted() {
            rows.append(
                Row(
                    name: "a week in \(channel)", base: Backtest.number(base.messagesPerWeek[channel] ?? 0),
                    other: Backtest.number(other.messagesPerWeek[channel] ?? 0)))
        }
        if let left = base.truth, let right = other.truth {
            rows.append(
                Row(
                    name: "planted found", base: "\(left.found) of \(left.planted)",
                    other: "\(right.found) of \(right.planted)"))
            let onTime = { (truth: Backtest.TruthResult) in String(truth.hits.filter { $0.delayDays == 0 }.count) }
            rows.append(Row(name: "found on the first possible day", base: onTime(left), other: onTime(right)))
            rows.append(
                Row(
                    name: "false findings per metric-month", base: Backtest.number(left.falsePerMetricMonth),
                    other: Backtest.number(right.falsePerMetricMonth)))
        }
        return rows
    }

    /// Metrics announced new a different number of times, by the largest difference.
    var changedMetrics: [(metric: String, base: Int, other: Int)] {
        func counts(_ backtest: Backtest) -> [String: Int] {
            Dictionary(
                backtest.perMetric.map { ("\($0.dashboard) · \($0.insight) · \($0.series)", $0.alerts) },
                uniquingKeysWith: +)
        }
        let left = counts(base)
        let right = counts(other)
        return Set(left.keys).union(right.keys).map { ($0, left[$0] ?? 0, right[$0] ?? 0) }
            .filter { $0.1 != $0.2 }
            .sorted { (abs($0.1 - $0.2), $1.0) > (abs($1.1 - $1.2), $0.0) }
    }

    /// Planted changes one configuration finds and the other misses.
    var truthDifferences: (onlyBase: [String], onlyOther: [String]) {
        let left = Set(base.truth?.hits.map(\.id) ?? [])
        let right = Set(other.truth?.hits.map(\.id) ?? [])
        return (left.subtracting(right).sorted(), right.subtracting(left).sorted())
    }

    /// The comparison as text, JSON (both replays whole, under `base` and `compare`), or HTML.
    public func rendered(as format: BacktestFormat) throws(DashbriefError) -> String {
        switch format {
        case .text: return text()
        case .html: return html()
        case .json: return try Backtest.sortedJSON(self, of: "backtest comparison")
        }
    }

    func text() -> String {
        let rows = rows
        let nameWidth = max(rows.map(\.name.count).max() ?? 0, 6)
        let baseWidth = max(rows.map(\.base.count).max() ?? 0, 1, "A".count)
        func pad(_ text: String, _ width: Int) -> String {
            text + String(repeating: " ", count: max(width - text.count, 0))
        }
        var lines = [
            "Backtest compared: \(base.days) days replayed under two configurations; nothing posted.",
            "  A: \(baseLabel)", "  B: \(otherLabel)", "",
            pad("", nameWidth) + "  " + pad("A", baseWidth) + "  B",
        ]
        for row in rows { lines.append(pad(row.name, nameWidth) + "  " + pad(row.base, baseWidth) + "  " + row.other) }
        let differences = truthDifferences
        if !differences.onlyBase.isEmpty {
            lines.append("Found by A only: " + differences.onlyBase.joined(separator: ", "))
        }
        if !differences.onlyOther.isEmpty {
            lines.append("Found by B only: " + differences.onlyOther.joined(separator: ", "))
        }
        lines.append("")
        lines.append("Metrics announced new a different number of times (A → B):")
        let changed = changedMetrics
        if changed.isEmpty { lines.append("  none") }
        for metric in changed.prefix(15) { lines.append("  \(metric.base) → \(metric.other)  \(metric.metric)") }
        if changed.count > 15 { lines.append("  and \(changed.count - 15) more") }
        return lines.joined(separator: "\n") + "\n"
    }

    func html() -> String {
        let escaped = htmlEscaped
        var body = [
            "<h1>Backtest compared</h1>",
            "<p>\(base.days) days replayed under two configurations; nothing posted.</p>",
            "<table><tr><th></th><th class=\"n\">A: \(escaped(baseLabel))</th><th class=\"n\">B: \(escaped(otherLabel))</th></tr>",
        ]
        for row in rows {
            body.append(
                "<tr\(row.base == row.other ? "" : " class=\"changed\"")><td>\(escaped(row.name))</td>"
                    + "<td class=\"n\">\(escaped(row.base))</td><td class=\"n\">\(escaped(row.other))</td></tr>")
        }
        body.append("</table>")
        let differences = truthDifferences
        for (who, ids) in [("A", differences.onlyBase), ("B", differences.onlyOther)] where !ids.isEmpty {
            body.append("<p>Found by \(who) only: \(escaped(ids.joined(separator: ", ")))</p>")
        }
        body.append("<h2>Metrics announced new a different number of times</h2>")
        body.append("<table><tr><th>metric</th><th class=\"n\">A</th><th class=\"n\">B</th></tr>")
        for metric in changedMetrics {
            body.append(
                "<tr><td>\(escaped(metric.metric))</td><td class=\"n\">\(metric.base)</td><td class=\"n\">\(metric.other)</td></tr>"
            )
        }
        body.append("</table>")
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>dashbrief backtest compared</title>
            <style>
            body{font:14px/1.45 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1f2328}
            table{border-collapse:collapse;margin:.5rem 0}td,th{border-bottom:1px solid #d0d7de;padding:.2rem .6rem;text-align:left}
            td.n,th.n{text-align:right}tr.changed td{font-weight:600}
            </style></head><body>
            \(body.joined(separator: "\n"))
            </body></html>

            """
    }
}
