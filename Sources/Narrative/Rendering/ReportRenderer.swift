import Analysis

/// Turns a report into one output format. Renderers for people conform to `LayoutRenderer` and
/// read the shared `ReportLayout`; machine formats (JSON) encode the report itself.
public protocol ReportRenderer: Sendable {
    /// The report in this format, ending with a newline.
    func render(_ report: Report) throws -> String
}

/// A renderer for people: it draws the format-neutral layout, so every human format says the same
/// thing with the same numbers.
public protocol LayoutRenderer: ReportRenderer {
    func render(_ layout: ReportLayout) -> String
}

extension LayoutRenderer {
    public func render(_ report: Report) throws -> String { render(ReportLayout(report)) }
}
