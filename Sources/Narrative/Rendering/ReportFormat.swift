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
