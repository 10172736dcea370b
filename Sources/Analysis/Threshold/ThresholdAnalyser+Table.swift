import PostHog

extension ThresholdAnalyser {
    /// The most values a SQL table without periods may put into the metrics table.
    static let maximumTableValues = 20

    /// A SQL table that is not a time series, as metrics-table rows: its values as they stand,
    /// since it has no periods to compare. Each number is named by the other cells of its row and
    /// its column (`$pageview · count()`), or by its row number when the row has nothing else.
    /// Empty when the table cannot be shown (see `unreportable`).
    func tableRows(_ table: Table, _ context: Context) -> [MetricSummary] {
        guard Self.unreportable(table) == nil else { return [] }
        let numeric = table.roles.indices.filter { table.roles[$0].isNumeric }
        let labels = table.roles.indices.filter { !table.roles[$0].isNumeric }
        var rows: [MetricSummary] = []
        for (index, row) in table.rows.enumerated() {
            let label = labels.map { row[$0].description }.filter { !$0.isEmpty }.joined(separator: " · ")
            let rowName = label.isEmpty ? (table.rows.count > 1 ? "row \(index + 1)" : nil) : label
            for column in numeric {
                rows.append(
                    context.summary(
                        series: [rowName, table.columns[column]].compactMap { $0 }.joined(separator: " · "),
                        value: row[column].numeric.flatMap { $0.isFinite ? $0 : nil },
                        unit: table.roles[column] == .integer ? "count" : "value"))
            }
        }
        return rows
    }

    /// Why a SQL table without periods cannot go into the metrics table, or nil when it can: it
    /// has no number to show, or more than `maximumTableValues` of them (a report is not the
    /// place for a long listing; PostHog is).
    static func unreportable(_ table: Table) -> String? {
        let numeric = table.roles.filter(\.isNumeric).count
        if numeric == 0 {
            return "a SQL table without a numeric column (\(table.columns.joined(separator: ", "))): "
                + "nothing to report as a metric"
        }
        let values = numeric * table.rows.count
        if values > maximumTableValues {
            return "a SQL table without periods of \(table.rows.count) rows × \(numeric) numbers: "
                + "more than the metrics table's \(maximumTableValues) values; read it in PostHog"
        }
        return nil
    }
}
