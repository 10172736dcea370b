import Foundation

extension ResultReader {
    /// A SQL table read as time series, when its columns include a date and numbers: one series
    /// per numeric column, and per value of the remaining columns (the breakdown).
    ///
    /// The first date column gives the periods; the interval is the spacing of its values (days
    /// when they are midnights a day apart; weeks, months, hours or minutes likewise). A period
    /// without a row is missing, not zero: a `GROUP BY` leaves out empty days, but a query's
    /// filter may too, and dashbrief cannot tell which. Periods are complete, and cut back as of
    /// an earlier moment, as for trends.
    ///
    /// - Returns: nil when the table is not a time series: no date or no numeric column, fewer
    ///   than two periods, or dates that are not whole periods apart (raw event timestamps).
    /// - Throws: when a date cell is not a date, a numeric cell not a number, or two rows hold the
    ///   same period of the same series.
    func sqlTimeSeries(_ table: Table) throws(NormalisationError) -> [TimeSeries]? {
        guard let dateColumn = table.roles.firstIndex(of: .date) else { return nil }
        let valueColumns = table.roles.indices.filter { table.roles[$0].isNumeric }
        guard !valueColumns.isEmpty else { return nil }
        let breakdownColumns = table.roles.indices.filter { $0 != dateColumn && !table.roles[$0].isNumeric }

        var starts: [Date] = []
        var zone: TimeZone?
        for (index, row) in table.rows.enumerated() {
            guard let text = row[dateColumn].string, let start = Timestamp.periodStart(text, in: calendar.timeZone)
            else {
                if row[dateColumn] == .null { throw NormalisationError("result[\(index)][\(dateColumn)]: no date") }
                throw NormalisationError("result[\(index)][\(dateColumn)]: \"\(row[dateColumn])\" is not a date")
            }
            zone = zone ?? start.zone
            starts.append(start.instant)
        }
        var seriesCalendar = calendar
        seriesCalendar.timeZone = zone ?? calendar.timeZone
        let distinct = Set(starts).sorted()
        guard distinct.count >= 2, let interval = Self.spacing(of: distinct, calendar: seriesCalendar) else {
            return nil
        }

        // One group per breakdown value, in the order the rows first show them.
        var groups: [(key: String?, display: String?)] = []
        var groupIndex: [String: Int] = [:]
        // Per (group, value column): value by period start; NaN for a null cell, so that a
        // second row for the same period is still noticed.
        var values: [[Date: Double]] = []
        let columnKeys = Self.columnKeys(table.columns, valueColumns)
        for (index, row) in table.rows.enumerated() {
            let breakdown = Self.breakdown(row, breakdownColumns)
            let identity = breakdown.key ?? ""
            let group: Int
            if let known = groupIndex[identity] {
                group = known
            } else {
                group = groups.count
                groupIndex[identity] = group
                groups.append(breakdown)
                values += valueColumns.map { _ in [:] }
            }
            for (position, column) in valueColumns.enumerated() {
                let slot = group * valueColumns.count + position
                if position == 0, values[slot][starts[index]] != nil {
                    let which = breakdown.display.map { " for \($0)" } ?? ""
                    throw NormalisationError(
                        "result[\(index)]: period \(row[dateColumn]) appears twice\(which): "
                            + "the date and the other columns do not identify a row")
                }
                values[slot][starts[index]] = try Self.number(row[column], path: "result[\(index)][\(column)]") ?? .nan
            }
        }

        let grid = try Self.periods(from: distinct, interval: interval, calendar: seriesCalendar)
        var output: [TimeSeries] = []
        for (position, column) in valueColumns.enumerated() {
            let name = table.columns[column]
            for (group, breakdown) in groups.enumerated() {
                let byStart = values[group * valueColumns.count + position]
                var points: [Point] = []
                for start in grid {
                    if rewound && start > asOf { continue }  // not yet begun at `asOf`
                    let complete = interval.end(of: start, calendar: seriesCalendar) <= asOf
                    let value = rewound && !complete ? nil : byStart[start].flatMap { $0.isFinite ? $0 : nil }
                    let period =
                        [.hour, .minute].contains(interval)
                        ? Timestamp.localDateTime(start, in: seriesCalendar.timeZone)
                        : Timestamp.localDay(start, in: seriesCalendar.timeZone)
                    points.append(Point(period: period, start: start, value: value, isComplete: complete))
                }
                let seriesName =
                    breakdown.display.map { valueColumns.count > 1 ? "\(name) · \($0)" : $0 } ?? name
                output.append(
                    TimeSeries(
                        name: seriesName, breakdown: breakdown.display, interval: interval,
                        measure: table.roles[column] == .integer ? "total" : "value", points: points,
                        key: SeriesKey(columnKeys[position] + (breakdown.key.map { [.init("b", $0)] } ?? []))))
            }
        }
        return output
    }

    /// The interval of evenly spaced period starts, read in the calendar they were written in:
    /// months when every start is the first of a month at midnight, weeks when midnights are a
    /// multiple of 7 days apart, days for other midnights, then whole hours, whole minutes.
    static func spacing(of starts: [Date], calendar: Calendar) -> Interval? {
        guard starts.allSatisfy({ $0.timeIntervalSince1970.rounded() == $0.timeIntervalSince1970 }) else { return nil }
        let parts = starts.map { calendar.dateComponents([.day, .hour, .minute, .second], from: $0) }
        if parts.allSatisfy({ $0.hour == 0 && $0.minute == 0 && $0.second == 0 }) {
            if parts.allSatisfy({ $0.day == 1 }) { return .month }
            let weekly = zip(starts, starts.dropFirst()).allSatisfy { earlier, later in
                (calendar.dateComponents([.day], from: earlier, to: later).day ?? 0) % 7 == 0
            }
            return weekly ? .week : .day
        }
        if parts.allSatisfy({ $0.minute == 0 && $0.second == 0 }) { return .hour }
        if parts.allSatisfy({ $0.second == 0 }) { return .minute }
        return nil
    }

    /// Every period from the first start to the last, those without a row included.
    static func periods(from starts: [Date], interval: Interval, calendar: Calendar) throws(NormalisationError)
        -> [Date]
    {
        guard let first = starts.first, let last = starts.last else { return [] }
        let limit = 100_000
        var grid: [Date] = []
        var cursor = first
        while cursor <= last {
            grid.append(cursor)
            guard grid.count <= limit else {
                throw NormalisationError(
                    "result: more than \(limit) \(interval.rawValue)s between the first and last row")
            }
            cursor = interval.end(of: cursor, calendar: calendar)
        }
        // A start off the stepped grid (a wall clock that changed zone) is kept, not dropped.
        return Set(grid).union(starts).sorted()
    }

    /// The breakdown of a row: the raw value as text for identity (JSON for several columns, so
    /// no two lists share a key; `null` for a missing value) and its display form (`None` when
    /// missing). nil parts when the table has no breakdown column.
    static func breakdown(_ row: [JSONValue], _ columns: [Int]) -> (key: String?, display: String?) {
        guard !columns.isEmpty else { return (nil, nil) }
        let value: JSONValue = columns.count == 1 ? row[columns[0]] : .array(columns.map { row[$0] })
        return (Breakdown.keyText(value) ?? "null", Breakdown.display(value) ?? "None")
    }

    /// The key parts naming each value column: `col=NAME`, and its position when two columns
    /// share a name, so that every series has its own key.
    static func columnKeys(_ names: [String], _ columns: [Int]) -> [[SeriesKey.Part]] {
        columns.map { column in
            let shared = columns.filter { names[$0] == names[column] }.count > 1
            return [.init("col", names[column])] + (shared ? [.init("at", String(column))] : [])
        }
    }

    /// A numeric cell: a number, a numeric string (see `JSONValue.numeric`), or null (missing).
    static func number(_ cell: JSONValue, path: String) throws(NormalisationError) -> Double? {
        guard cell != .null else { return nil }
        guard let value = cell.numeric else {
            throw NormalisationError("\(path): expected a number, found \"\(cell)\"")
        }
        return value
    }
}
