import Analysis

/// The output formats a report renders to.
public enum ReportFormat: String, Sendable, CaseIterable {
    case text, markdown, json
}

extension Report {
    /// The report in `format`, ending with a newline.
    public func rendered(as format: ReportFormat) throws -> String {
        switch format {
        case .text: TextRenderer().render(self)
        case .markdown: MarkdownRenderer().render(self)
        case .json: try JSONRenderer().render(self)
        }
    }

    var title: String {
        "\(kind == .daily ? "Daily alert" : "Weekly report"): \(dashboards.joined(separator: ", "))"
    }

    var windowText: String {
        guard let window else { return "no complete periods" }
        return "\(window.from) to \(window.to) (complete days, \(timezone))"
    }
}

extension Report {
    /// Header of the metrics table in every human format.
    static let metricColumns = ["Insight", "Series", "Period", "Value", "Change", "vs week ago", "Trend/wk"]
}

extension MetricSummary {
    /// This row's cells under `Report.metricColumns`.
    var cells: [String] {
        [
            insight, series, period ?? "", value.map { NumberFormatting.value($0, unit: unit) } ?? "no data",
            change.map(NumberFormatting.change) ?? "", weekAgoChange.map(NumberFormatting.change) ?? "",
            growthPerWeek.map(NumberFormatting.change) ?? "",
        ]
    }
}
