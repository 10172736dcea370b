import Narrative
import PostHog

/// `dashbrief dashboard NAME`: a dashboard's insights, what each holds, and what was skipped.
public struct DashboardPresentation: Presentable {
    public let dashboard: DashboardMetrics

    public init(_ dashboard: DashboardMetrics) { self.dashboard = dashboard }

    struct Body: Encodable {
        var id: Int
        var name: String
        var insights: [InsightPresentation.Summary]
        var skipped: [Skipped]
        var notes: [String]
    }

    public func rendered(as format: PresentationFormat) throws -> String {
        let summaries = dashboard.insights.map(InsightPresentation.Summary.init)
        switch format {
        case .json:
            return try PresentationJSON.encode(
                Body(
                    id: dashboard.id, name: dashboard.name, insights: summaries, skipped: dashboard.skipped,
                    notes: dashboard.notes))
        case .text:
            var out = "\(dashboard.name) (dashboard \(dashboard.id))\n\n"
            var table = TextTable(
                ["ID", "Short ID", "Insight", "Kind", "Contents", "Latest complete"], rightAligned: [0])
            for summary in summaries {
                table.append([
                    String(summary.id), summary.shortID ?? "", summary.name, summary.kind, summary.contents,
                    summary.latestCompletePeriod ?? "",
                ])
            }
            out += table.text
            if !dashboard.skipped.isEmpty {
                out += "\nSkipped:\n" + dashboard.skipped.map { "  \($0.insight): \($0.reason)\n" }.joined()
            }
            if !dashboard.notes.isEmpty {
                out += "\nText cards:\n" + dashboard.notes.map { "  \($0)\n" }.joined()
            }
            return out
        }
    }
}
