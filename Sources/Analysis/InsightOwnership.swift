import PostHog

/// An insight placed on several dashboards of one report is one metric: it is analysed once and
/// its findings are listed under one dashboard, the one with the lowest id, so that neither the
/// ids nor the dashboard (and so the Slack channel) depend on the order dashboards were named in.
struct InsightOwnership {
    private var owner: [Int: Int] = [:]
    private var analysed: Set<Int> = []

    init(_ dashboards: [DashboardMetrics]) {
        for dashboard in dashboards {
            for insight in dashboard.insights {
                owner[insight.insightID] = min(owner[insight.insightID] ?? dashboard.id, dashboard.id)
            }
        }
    }

    /// True once per insight: when `dashboard` owns it (and no dashboard with the same id already
    /// analysed it).
    mutating func claims(_ insight: InsightMetrics, on dashboard: DashboardMetrics) -> Bool {
        owner[insight.insightID] == dashboard.id && analysed.insert(insight.insightID).inserted
    }
}
