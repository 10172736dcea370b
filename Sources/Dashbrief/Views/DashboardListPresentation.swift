import Narrative
import PostHog

/// `dashbrief dashboards`: every dashboard of the project.
public struct DashboardListPresentation: Presentable {
    public let dashboards: [DashboardSummary]

    public init(_ dashboards: [DashboardSummary]) { self.dashboards = dashboards }

    struct Row: Encodable {
        var id: Int
        var name: String
        var description: String?
        var pinned: Bool
    }

    public func rendered(as format: PresentationFormat) throws -> String {
        switch format {
        case .json:
            return try PresentationJSON.encode(
                dashboards.map {
                    Row(id: $0.id, name: $0.name, description: $0.description, pinned: $0.pinned ?? false)
                })
        case .text:
            var table = TextTable(["ID", "Name", "Pinned", "Description"], rightAligned: [0])
            for dashboard in dashboards {
                table.append([
                    String(dashboard.id), dashboard.name, dashboard.pinned == true ? "yes" : "",
                    dashboard.description ?? "",
                ])
            }
            return table.text + "\(dashboards.count) dashboard\(dashboards.count == 1 ? "" : "s")\n"
        }
    }
}
