import Analysis

/// The output formats a report renders to.
public enum ReportFormat: String, Sendable, CaseIterable {
    case text, markdown, json, slack, html

    /// The renderer of this format.
    public var renderer: any ReportRenderer {
        switch self {
        case .text: TextRenderer()
        case .markdown: MarkdownRenderer()
        case .json: JSONRenderer()
        case .slack: SlackRenderer()
        case .html: HTMLRenderer()
        }
    }
}

extension Report {
    /// The report in `format`, ending with a newline.
    public func rendered(as format: ReportFormat) throws -> String {
        try format.renderer.render(self)
    }
}
