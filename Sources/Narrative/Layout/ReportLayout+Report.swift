import Analysis

extension ReportLayout {
    /// The layout of `report`: its narrative, findings, a metrics table per dashboard, what was
    /// skipped, and charts of the series findings are about.
    public init(_ report: Report, narrator: TemplateNarrator = TemplateNarrator()) {
        title =
            "\(report.kind == .daily ? "Daily alert" : "Weekly report"): \(report.dashboards.joined(separator: ", "))"
        window =
            report.window.map { "\($0.from) to \($0.to) (complete days, \(report.timezone))" } ?? "no complete periods"
        method = report.method.rawValue
        asOf = report.asOf
        headline = report.narrative.headline
        let written = report.narrative.sections
        let statements = { (section: NarrativeSection) in
            section.statements.map { Statement(text: $0.text, citations: $0.citations) }
        }
        lead = written.first.map(statements) ?? [Statement(text: headline, citations: [])]
        narrative = written.dropFirst().filter { !$0.statements.isEmpty }.map {
            NarrativeBlock(key: $0.key, title: $0.title, source: $0.source, statements: statements($0))
        }
        narrativeSource = report.narrative.source
        footnotes = written.compactMap { section in
            section.replacedBecause.map { "AI text replaced in \(section.title): \($0)." }
        }
        if let reason = report.narrative.fallbackReason, !written.contains(where: { $0.replacedBecause != nil }) {
            footnotes.append("Narrative written by templates: \(reason).")
        }

        let lines = report.findings.map { FindingLine($0, sentence: narrator.sentence(for: $0)) }
        sections = [Section(role: .findings, title: "Findings", count: lines.count, blocks: [.findings(lines)])]
        for dashboard in report.dashboards {
            let rows = report.metrics.filter { $0.dashboard == dashboard }
            guard !rows.isEmpty else { continue }
            let table = Table(columns: Self.metricColumns, numericColumns: [3, 4, 5, 6], rows: rows.map(\.cells))
            sections.append(
                Section(role: .metrics, title: "Metrics: \(dashboard)", count: nil, blocks: [.table(table)]))
        }
        if !report.skipped.isEmpty {
            sections.append(
                Section(
                    role: .skipped, title: "Skipped", count: report.skipped.count,
                    blocks: [.items(report.skipped.map { (label: $0.insight, text: $0.reason) })]))
        }

        charts = report.histories.map { history in
            let about = report.findings.filter {
                $0.insightID == history.insightID && $0.seriesKey == history.seriesKey
                    && SeriesHistory.chartedSubkinds.contains($0.detail.subkind)
            }
            return Chart(
                findingIDs: about.map(\.id), insight: history.insight, series: history.series, unit: history.unit,
                periods: history.periods, values: history.values, flagged: Array(Set(about.map(\.date))).sorted(),
                expected: history.expected, lower: history.lower, upper: history.upper)
        }
    }

    /// Header of the metrics table in every human format.
    static let metricColumns = ["Insight", "Series", "Period", "Value", "Change", "vs week ago", "Trend/wk"]
}

extension ReportLayout.FindingLine {
    init(_ finding: Finding, sentence: String) {
        self.finding = finding
        id = finding.id
        severity = finding.severity
        kind = finding.kind.rawValue
        subkind = finding.detail.subkind
        dashboard = finding.dashboard
        insight = finding.insight
        series = finding.series
        date = finding.date
        value = NumberFormatting.value(finding.value, unit: finding.unit)
        expected = NumberFormatting.value(finding.expected, unit: finding.unit)
        change = finding.change.map(NumberFormatting.change) ?? ""
        comparison = finding.comparison
        self.sentence = sentence
    }
}

extension MetricSummary {
    /// This row's cells under the metrics table's columns.
    var cells: [String] {
        [
            insight, series, period ?? "", value.map { NumberFormatting.value($0, unit: unit) } ?? "no data",
            change.map(NumberFormatting.change) ?? "", weekAgoChange.map(NumberFormatting.change) ?? "",
            growthPerWeek.map(NumberFormatting.change) ?? "",
        ]
    }
}
