import Foundation
import Narrative

/// How `dashbrief backtest` prints a backtest.
public enum BacktestFormat: String, Sendable, CaseIterable {
    case text, json, html
}

extension Backtest {
    /// The backtest as a readable summary (`text`), its JSON, or one self-contained HTML page.
    public func rendered(as format: BacktestFormat) throws(DashbriefError) -> String {
        switch format {
        case .text: text()
        case .json: try json()
        case .html: html()
        }
    }

    /// The replayed days, first to last.
    var replayedDays: [String] {
        var days: [String] = []
        for entry in timeline where days.last != entry.date { days.append(entry.date) }
        return days
    }

    private var range: String {
        let days = replayedDays
        guard let first = days.first, let last = days.last else { return "" }
        return " (\(first) to \(last))"
    }

    private var channelRates: String {
        messagesPerWeek.sorted { $0.key < $1.key }.map { "\($0.key) \(Self.number($0.value))" }
            .joined(separator: ", ")
    }

    /// The summary, then what would have been posted day by day.
    func text() -> String {
        var lines = [
            "Backtest: \(days) days replayed\(range), as the schedule would have run them; nothing posted.",
            "Messages: \(messages); a week by channel: \(channelRates.isEmpty ? "none" : channelRates).",
        ]
        lines.append("")
        lines.append("Noisiest metrics (times announced new):")
        if perMetric.isEmpty { lines.append("  none") }
        for metric in perMetric.prefix(10) {
            lines.append("  \(metric.alerts)× \(metric.dashboard) · \(metric.insight) · \(metric.series)")
        }
        if perMetric.count > 10 { lines.append("  and \(perMetric.count - 10) more") }
        if let truth {
            lines.append("")
            lines.append("Ground truth: \(truth.found) of \(truth.planted) planted changes found.")
            for hit in truth.hits {
                let delay = hit.delayDays == 0 ? "on the first possible day" : "\(hit.delayDays) days late"
                lines.append("  \(hit.id) (\(hit.date)): found \(hit.foundOn), \(delay) · \(hit.finding)")
            }
            lines.append(
                "Missed: "
                    + (truth.missed.isEmpty
                        ? "none" : truth.missed.map { "\($0.id) (\($0.date))" }.joined(separator: ", ")))
            lines.append(
                "False findings: \(truth.falseFindings.count) in \(Self.number(truth.metricMonths)) metric-months, "
                    + "\(Self.number(truth.falsePerMetricMonth)) per metric-month.")
            for id in truth.falseFindings { lines.append("  \(id)") }
        }
        lines.append("")
        lines.append("Day by day (what would have been posted):")
        let posted = timeline.filter(\.posted)
        if posted.isEmpty { lines.append("  nothing") }
        for entry in posted {
            lines.append(
                "\(entry.date) \(entry.kind) \(entry.dashboard) → \(entry.channel): \(entry.new.count) new, "
                    + "\(entry.ongoing.count) ongoing, \(entry.resolved.count) resolved")
            for id in entry.new { lines.append("    new: \(id)") }
            for id in entry.resolved { lines.append("    resolved: \(id)") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One self-contained page: the summary, a strip of the replayed days (one cell a day,
    /// colored when a message would have gone out, with its count of new findings), and the
    /// day-by-day list. No script, nothing fetched.
    func html() -> String {
        var body: [String] = []
        body.append("<h1>Backtest</h1>")
        body.append(
            "<p>\(days) days replayed\(htmlEscaped(range)), as the schedule would have run them; nothing posted. "
                + "\(messages) messages; a week by channel: \(htmlEscaped(channelRates.isEmpty ? "none" : channelRates)).</p>"
        )
        body.append("<div class=\"strip\">")
        for day in replayedDays {
            let entries = timeline.filter { $0.date == day }
            let posted = entries.filter(\.posted)
            let new = Set(posted.flatMap(\.new)).count
            let title = entries.map {
                "\($0.kind) \($0.dashboard) → \($0.channel): \($0.new.count) new\($0.posted ? ", posted" : "")"
            }.joined(separator: "\n")
            body.append(
                "<a href=\"#d\(day)\" class=\"cell\(posted.isEmpty ? "" : " posted")\" title=\"\(htmlEscaped(day + "\n" + title))\">"
                    + "<span>\(day.suffix(2))</span><b>\(posted.isEmpty ? "" : String(new))</b></a>")
        }
        body.append("</div>")
        body.append(
            "<h2>Noisiest metrics</h2><table><tr><th>times new</th><th>dashboard</th><th>insight</th><th>series</th></tr>"
        )
        for metric in perMetric {
            body.append(
                "<tr><td class=\"n\">\(metric.alerts)</td><td>\(htmlEscaped(metric.dashboard))</td>"
                    + "<td>\(htmlEscaped(metric.insight))</td><td>\(htmlEscaped(metric.series))</td></tr>")
        }
        body.append("</table>")
        if let truth {
            body.append("<h2>Ground truth: \(truth.found) of \(truth.planted) found</h2>")
            body.append(
                "<table><tr><th>planted</th><th>date</th><th>found on</th><th>delay (days)</th><th>finding</th></tr>")
            for hit in truth.hits {
                body.append(
                    "<tr><td>\(htmlEscaped(hit.id))</td><td>\(hit.date)</td><td>\(hit.foundOn)</td>"
                        + "<td class=\"n\">\(hit.delayDays)</td><td><code>\(htmlEscaped(hit.finding))</code></td></tr>"
                )
            }
            for miss in truth.missed {
                body.append(
                    "<tr class=\"missed\"><td>\(htmlEscaped(miss.id))</td><td>\(miss.date)</td><td colspan=\"3\">missed</td></tr>"
                )
            }
            body.append("</table>")
            body.append(
                "<p>False findings: \(truth.falseFindings.count) in \(Self.number(truth.metricMonths)) metric-months, "
                    + "\(Self.number(truth.falsePerMetricMonth)) per metric-month.</p>")
        }
        body.append("<h2>Day by day</h2>")
        for day in replayedDays {
            let posted = timeline.filter { $0.date == day && $0.posted }
            guard !posted.isEmpty else { continue }
            body.append("<h3 id=\"d\(day)\">\(day)</h3><ul>")
            for entry in posted {
                var item =
                    "<li>\(entry.kind) \(htmlEscaped(entry.dashboard)) → \(htmlEscaped(entry.channel)): "
                    + "\(entry.new.count) new, \(entry.ongoing.count) ongoing, \(entry.resolved.count) resolved"
                for id in entry.new { item += "<br><code>new: \(htmlEscaped(id))</code>" }
                for id in entry.resolved { item += "<br><code>resolved: \(htmlEscaped(id))</code>" }
                body.append(item + "</li>")
            }
            body.append("</ul>")
        }
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>dashbrief backtest</title>
            <style>
            body{font:14px/1.45 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1f2328}
            table{border-collapse:collapse;margin:.5rem 0}td,th{border-bottom:1px solid #d0d7de;padding:.2rem .6rem;text-align:left}
            td.n{text-align:right}tr.missed td{color:#cf222e}code{font-size:12px}
            .strip{display:flex;flex-wrap:wrap;gap:2px;margin:1rem 0}
            .cell{display:flex;flex-direction:column;align-items:center;width:1.9rem;height:2.6rem;background:#eaeef2;color:#57606a;text-decoration:none;font-size:11px;border-radius:3px}
            .cell.posted{background:#0969da;color:#fff}.cell b{font-size:13px}
            </style></head><body>
            \(body.joined(separator: "\n"))
            </body></html>

            """
    }

    /// `1.5`, `2`, `0.13`: at most two decimals, no trailing zeros.
    static func number(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        var text = String(format: "%.2f", rounded)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }
}
