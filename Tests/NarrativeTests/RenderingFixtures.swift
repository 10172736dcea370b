import Analysis
import Foundation
import PostHog

@testable import Narrative

/// Reports built to try a renderer: names that try to ping a channel or inject markup, and a
/// report far too long for one Slack message.
enum RenderingFixtures {
    static let hostileDashboard = "<!channel> hi <http://evil|x> & co"
    static let hostileInsight = "@here"
    static let hostileSeries = "<script>alert('x')</script> \"quoted\" <@U123ABC>"

    static func finding(
        dashboard: String = hostileDashboard, insight: String = hostileInsight, insightID: Int = 7,
        series: String = hostileSeries, date: String = "2026-11-20", direction: Int = 1
    ) -> Finding {
        Finding(
            kind: .anomaly, dashboard: dashboard, insight: insight, insightID: insightID, series: series,
            seriesKey: SeriesKey([.init("s", "0")]), date: date, value: direction > 0 ? 250 : 40, expected: 100,
            change: direction > 0 ? 1.5 : -0.6, severity: .critical, comparison: "seasonal expectation (robust STL)",
            detail: .outlier(.init(score: 9, lower: 80, upper: 120, direction: direction)))
    }

    /// 21 days of a series with a band, flagged on its 18th day.
    static func history(for finding: Finding, band: Bool = true) -> SeriesHistory {
        let periods = (1...21).map { String(format: "2026-11-%02d", $0) }
        // A gap on the 10th day.
        let values: [Double?] = periods.enumerated().map { index, period in
            index == 9 ? nil : period == finding.date ? finding.value : 100 + Double(index % 7)
        }
        let known = { (value: Double) in periods.map { _ in Optional(value) } }
        return SeriesHistory(
            insightID: finding.insightID, seriesKey: finding.seriesKey, insight: finding.insight,
            series: finding.series, unit: finding.unit, periods: periods,
            values: values,
            expected: band ? known(100) : [], lower: band ? known(80) : [], upper: band ? known(120) : [])
    }

    /// A report whose every name and narrative sentence tries to ping, link or inject markup,
    /// with a narrative section AI wrote and templates replaced (a footnote).
    static var hostile: Report {
        let spike = finding()
        let dip = finding(insightID: 8, series: "plain series", date: "2026-11-18", direction: -1)
        var analysis = AnalysisResult(
            kind: .daily, method: .statistical, dashboards: [hostileDashboard],
            window: .init(from: "2026-11-10", to: "2026-11-23"), findings: [spike, dip],
            metrics: [
                MetricSummary(
                    dashboard: hostileDashboard, insight: hostileInsight, insightID: 7, series: hostileSeries,
                    kind: "trends", period: "2026-11-23", value: 1234, change: -0.1)
            ],
            skipped: [Skipped(insight: "<b>Ad spend</b>", reason: "see <https://evil.example|click here> @channel")],
            notes: [])
        analysis.histories = [history(for: spike), history(for: dip, band: false)]
        let narrative = NarrativeText(
            headline: "<!here> spike in \(hostileSeries)",
            sections: [
                NarrativeSection(
                    key: .headline, source: .llm,
                    statements: [
                        .init("<!here> spike in \(hostileSeries)", citing: [spike.id]),
                        .init("Tell @channel & <@U999> at <mailto:x@y.z|mail>.", citing: [spike.id, dip.id]),
                    ]),
                NarrativeSection(
                    key: .whatChanged, source: .template,
                    statements: [.init("It's <i>down</i> \"a lot\" & more.", citing: [dip.id, "not-a-finding"])],
                    replacedBecause: "a number not in the findings <!everyone>"),
            ])
        return Report(analysis: analysis, asOf: "2026-11-24T23:12:07.482Z", timezone: "UTC", narrative: narrative)
    }

    /// `count` findings on a dashboard with a long name, every tenth finding's insight and series
    /// names `nameLength` characters long (longer than a Slack section), the others 200; a
    /// metrics row per finding, sentences and skip reasons as long. Names are words of
    /// "long-name " closed by an "-end-" tag.
    static func huge(count: Int = 300, nameLength: Int = 3500) -> Report {
        let longName = { (tag: String) in String(repeating: "long-name ", count: nameLength / 10) + tag }
        let findings = (0..<count).map { index in
            let name = { (tag: String) in
                index % 10 == 0 ? longName(tag) : String(repeating: "long-name ", count: 20) + tag
            }
            return finding(
                dashboard: longName("dashboard-end"), insight: "Insight \(index) " + name("insight-end-\(index)"),
                insightID: 1000 + index, series: name("series-end-\(index)"))
        }
        let metrics = findings.map {
            MetricSummary(
                dashboard: longName("dashboard-end"), insight: $0.insight, insightID: $0.insightID, series: $0.series,
                kind: "trends", period: "2026-11-23", value: 1234.5, change: 0.25)
        }
        var analysis = AnalysisResult(
            kind: .weekly, method: .statistical, dashboards: [longName("dashboard-end")],
            window: .init(from: "2026-10-27", to: "2026-11-23"), findings: findings, metrics: metrics,
            skipped: (0..<30).map { Skipped(insight: "Skipped \($0)", reason: longName("reason-end-\($0)")) },
            notes: [])
        analysis.histories = findings.prefix(5).map { history(for: $0) }
        let statements = (0..<20).map { NarrativeStatement(longName("statement-end-\($0)"), citing: [findings[$0].id]) }
        let narrative = NarrativeText(
            headline: longName("headline-end"),
            sections: [
                NarrativeSection(
                    key: .executiveSummary, source: .template, statements: [.init(longName("headline-end"))]),
                NarrativeSection(key: .trends, source: .template, statements: statements),
            ])
        return Report(analysis: analysis, asOf: "2026-11-24T23:12:07.482Z", timezone: "UTC", narrative: narrative)
    }
}
