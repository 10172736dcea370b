import Analysis
import Foundation
import PostHog
import Testing

@testable import Narrative

@Suite struct NumberFormattingTests {
    @Test(arguments: [
        (12345.678, "12,346"), (42.0, "42"), (12.345, "12.3"), (1.2345, "1.23"), (0.4567, "0.457"), (-1234.5, "-1,235"),
        (1_000_000, "1,000,000"), (0, "0"), (-0.0004, "0.000"), (1e300, "1.000e+300"), (-2.5e20, "-2.500e+20"),
    ])
    func values_areGroupedAndRoundedByMagnitude(value: Double, expected: String) {
        #expect(NumberFormatting.value(value) == expected)
    }

    @Test func changes_areSignedPercentages() {
        #expect(NumberFormatting.change(0.1234) == "+12.3%")
        #expect(NumberFormatting.change(-0.5) == "-50.0%")
        #expect(NumberFormatting.change(0) == "+0.0%")
        #expect(NumberFormatting.change(-0.00001) == "+0.0%")
        #expect(NumberFormatting.change(.nan) == "n/a")
    }

    @Test func units_decideTheForm() {
        #expect(NumberFormatting.value(38.25, unit: "percent") == "38.3%")
        #expect(NumberFormatting.value(1.0914, unit: "ratio") == "1.09")
        #expect(NumberFormatting.value(.infinity, unit: "count") == "n/a")
    }
}

@Suite struct TemplateNarratorTests {
    static func finding(
        _ kind: FindingKind = .change, series: String = "Pageviews", value: Double = 60, expected: Double = 100,
        change: Double? = -0.4, severity: Severity = .critical, detail: FindingDetail = .periodChange(.init())
    ) -> Finding {
        Finding(
            kind: kind, dashboard: "Marketing", insight: "Traffic", insightID: 1, series: series,
            seriesKey: SeriesKey([.init("name", series)]), date: "2026-11-23", value: value, expected: expected,
            change: change, severity: severity, comparison: "same weekday a week earlier", detail: detail)
    }

    static func analysis(_ findings: [Finding], skipped: [Skipped] = []) -> AnalysisResult {
        AnalysisResult(
            kind: .daily, method: .threshold, dashboards: ["Marketing"],
            window: .init(from: "2026-11-10", to: "2026-11-23"),
            findings: findings, metrics: [], skipped: skipped, notes: [])
    }

    @Test func changeSentence_statesBothNumbersAndTheComparison() {
        #expect(
            TemplateNarrator().sentence(for: Self.finding())
                == "Pageviews (Traffic) fell 40.0% on 2026-11-23: 60 against 100 on the same weekday a week earlier.")
    }

    @Test func narrative_countsAlerts_headlinesTheTopOne_andNamesSkips() {
        let narrative = TemplateNarrator().narrate(
            Self.analysis(
                [Self.finding(), Self.finding(series: "Visitors", change: -0.2, severity: .warning)],
                skipped: [Skipped(insight: "Ad spend", reason: "error")]))
        #expect(narrative.source == .template)
        #expect(narrative.headline.hasPrefix("Pageviews (Traffic) fell 40.0%"))
        #expect(narrative.sections.map(\.key) == [.headline, .whatChanged, .recommendations])
        #expect(
            narrative.sections[0].statements.map(\.text).last
                == "Daily check of Marketing, up to 2026-11-23: 1 critical alert and 1 warning.")
        #expect(narrative.sections[0].statements[0].citations == [Self.finding().id])
        #expect(narrative.text.contains("Not analysed: Ad spend"))
    }

    @Test func noFindings_saysSo() {
        let narrative = TemplateNarrator().narrate(Self.analysis([]))
        #expect(narrative.headline == "Marketing: no metric crossed an alert threshold up to 2026-11-23.")
    }

    @Test func longLists_areCut_andTheRestCounted() {
        let many = (0..<8).map { Self.finding(series: "S\($0)") }
        let narrative = TemplateNarrator(maximumSentences: 3).narrate(Self.analysis(many))
        // The headline tells the first; "what changed" the next 3 of the other 7, and counts 4.
        #expect(narrative.text.contains("- 4 more findings in the table below."))
        let changed = narrative.sections.first { $0.key == .whatChanged }
        #expect(changed?.statements.first?.citations == [many[1].id])
    }
}

@Suite struct RendererTests {
    static let report = Report(
        analysis: TemplateNarratorTests.analysis(
            [TemplateNarratorTests.finding(series: "$pageview | docs_*")], skipped: [Skipped(insight: "X", reason: "Y")]
        ),
        asOf: "2026-11-24T23:12:07.482Z", timezone: "UTC",
        narrative: NarrativeText(
            headline: "H", sections: [NarrativeSection(key: .headline, source: .template, statements: [.init("H")])]))

    @Test func json_hasTheContractKeys() throws {
        let object =
            try JSONSerialization.jsonObject(with: Data(try Self.report.rendered(as: .json).utf8)) as! [String: Any]
        #expect(Set(object.keys).isSuperset(of: ["kind", "window", "findings", "skipped", "narrative"]))
        #expect(object["kind"] as? String == "daily")
        #expect(object["window"] as? [String: String] == ["from": "2026-11-10", "to": "2026-11-23"])
        let finding = try #require((object["findings"] as? [[String: Any]])?.first)
        for key in ["id", "kind", "dashboard", "insight", "series", "date", "value", "expected", "severity"] {
            #expect(finding[key] != nil, "finding lacks \(key)")
        }
        #expect((object["narrative"] as? [String: Any])?["source"] as? String == "template")
        #expect((object["skipped"] as? [[String: String]]) == [["insight": "X", "reason": "Y"]])
    }

    @Test func markdown_escapesTableBreakingCharacters() throws {
        let markdown = try Self.report.rendered(as: .markdown)
        #expect(markdown.contains("$pageview \\| docs\\_\\*"))
    }

    @Test func text_listsFindingsAndSkips() throws {
        let text = try Self.report.rendered(as: .text)
        #expect(text.contains("CRITICAL  change"))
        #expect(text.contains("Skipped (1)\n  X: Y"))
        #expect(text.hasSuffix("\n"))
    }
}

@Suite struct WordingTests {
    /// Every kind of finding, falling and rising.
    static func findings(change: Double) -> [Finding] {
        let outlier = FindingDetail.Outlier(score: 9, lower: 90, upper: 110, direction: change < 0 ? -1 : 1)
        let details: [FindingDetail] = [
            .outlier(outlier), .levelShift(outlier), .periodChange(.init()), .periodChange(.init(windowDays: 7)),
            .trend(.init(growthPerWeek: change / 2, periods: 28, pValue: 0.001)),
            .mixShift(.init(pValue: 0.001, chiSquarePValue: 0.001)),
            .funnelStepGap(.init(step: 1, fromStep: "a", toStep: "b", pValue: 0.001)),
            .funnelChange(
                .init(
                    pValue: 0.001, confidenceLow: -5, confidenceHigh: -1, explainingStep: 1, explainingFrom: "a",
                    explainingTo: "b", explainingShare: 0.8)),
            .retentionGap(.init(age: 1, recentCohorts: 3)),
        ]
        return details.map {
            TemplateNarratorTests.finding(value: 100 * (1 + change), expected: 100, change: change, detail: $0)
        }
    }

    @Test(arguments: [-0.372, 0.12])
    func aVerbCarriesTheDirection_soTheNumberBesideItIsUnsigned(change: Double) {
        let doubled = ["fell -", "fell +", "rose -", "rose +", "declining -", "growing +", "down -", "up +"]
        for finding in Self.findings(change: change) {
            let sentence = TemplateNarrator().sentence(for: finding)
            #expect(!doubled.contains { sentence.contains($0) }, "\(sentence)")
        }
        let dip = TemplateNarrator().sentence(for: Self.findings(change: -0.372)[0])
        #expect(dip.contains("fell 37.2% on 2026-11-23"))
        let shift = TemplateNarrator().sentence(for: Self.findings(change: -0.372)[1])
        #expect(shift.contains("stepped down 37.2% from 2026-11-23"))
    }
}

@Suite struct LayoutTests {
    @Test func layout_holdsTheSectionsEveryHumanFormatDraws() {
        let layout = ReportLayout(RendererTests.report)
        #expect(layout.title == "Daily alert: Marketing")
        #expect(layout.sections.map(\.role) == [.findings, .skipped])
        guard case .findings(let lines) = layout.sections[0].blocks.first else {
            Issue.record("no findings block")
            return
        }
        #expect(lines.first?.id == RendererTests.report.findings.first?.id)
        #expect(lines.first?.change == "-40.0%")
        #expect(lines.first?.sentence.contains("fell 40.0%") == true)
    }

    /// A new format is a sibling: it conforms to `LayoutRenderer` and draws the same layout.
    struct TitlesOnly: LayoutRenderer {
        func render(_ layout: ReportLayout) -> String {
            ([layout.title] + layout.sections.map(\.title)).joined(separator: "\n") + "\n"
        }
    }

    @Test func aRendererOnTheProtocol_seesTheSameModel() throws {
        #expect(try TitlesOnly().render(RendererTests.report) == "Daily alert: Marketing\nFindings\nSkipped\n")
        for format in ReportFormat.allCases {
            #expect(try format.renderer.render(RendererTests.report) == RendererTests.report.rendered(as: format))
        }
    }
}
