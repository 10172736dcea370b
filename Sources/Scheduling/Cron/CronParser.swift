/// Reads the text of a cron expression into the values of its five fields.
struct CronParser {
    struct Field {
        /// Sorted, without repeats; day-of-week 7 already read as 0.
        var values: [Int]
        /// Whether the field as written starts with `*`: Vixie cron's test for "unrestricted".
        var startsWithStar: Bool
    }

    struct Fields {
        var minute, hour, dayOfMonth, month, dayOfWeek: Field
    }

    static let macros: [String: String] = [
        "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *", "@weekly": "0 0 * * 0",
        "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *",
    ]

    /// The whole expression, trimmed, for messages.
    let expression: String

    func fields() throws(SchedulingError) -> Fields {
        if expression.hasPrefix("@") { return try macro() }
        let tokens = expression.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard tokens.count == 5 else {
            let found = tokens.isEmpty ? "nothing" : "\(tokens.count) field\(tokens.count == 1 ? "" : "s")"
            throw .invalidCron(
                expression,
                "expected 5 fields (minute hour day-of-month month day-of-week) or a macro such as @daily, "
                    + "found \(found)\(tokens.count == 6 ? " (there is no seconds or year field)" : "")")
        }
        return Fields(
            minute: try field(.minute, tokens[0]), hour: try field(.hour, tokens[1]),
            dayOfMonth: try field(.dayOfMonth, tokens[2]), month: try field(.month, tokens[3]),
            dayOfWeek: try field(.dayOfWeek, tokens[4]))
    }

    private func macro() throws(SchedulingError) -> Fields {
        let name = expression.lowercased()
        if name == "@reboot" {
            throw .invalidCron(expression, "@reboot is not a time of day; dashbrief schedules only times")
        }
        guard let expansion = Self.macros[name] else {
            throw .invalidCron(
                expression,
                "unknown macro; use @yearly, @annually, @monthly, @weekly, @daily, @midnight or @hourly")
        }
        return try CronParser(expression: expansion).fields()
    }

    private func field(_ field: CronField, _ token: Substring) throws(SchedulingError) -> Field {
        var values = Set<Int>()
        for item in token.split(separator: ",", omittingEmptySubsequences: false) {
            guard !item.isEmpty else {
                throw .invalidCron(expression, "\(field) \"\(token)\" has an empty list item", field: field)
            }
            values.formUnion(try self.item(item, of: field))
        }
        if field == .dayOfWeek, values.remove(7) != nil { values.insert(0) }
        return Field(values: values.sorted(), startsWithStar: token.hasPrefix("*"))
    }

    /// `*`, `5`, `1-5`, `fri`, `mon-fri`, each with an optional `/step`.
    private func item(_ item: Substring, of field: CronField) throws(SchedulingError) -> StrideThrough<Int> {
        let parts = item.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        var step = 1
        if parts.count == 2 {
            guard let value = Int(parts[1]), parts[1].allSatisfy({ $0.isASCII && $0.isNumber }) else {
                throw .invalidCron(expression, "\(field) step \"\(parts[1])\" is not a number", field: field)
            }
            guard value >= 1 else {
                throw .invalidCron(expression, "\(field) step \(parts[1]) must be at least 1", field: field)
            }
            step = value
        }
        let base = parts[0]
        if base == "*" {
            return stride(from: field.wildcardRange.lowerBound, through: field.wildcardRange.upperBound, by: step)
        }
        let ends = base.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        if ends.contains(where: \.isEmpty) {
            throw .invalidCron(expression, "\(field) \"\(base)\" is neither a value nor a range", field: field)
        }
        let low = try value(ends[0], of: field)
        guard ends.count == 2 else {
            // `10/20`: from 10 to the end of the range, every 20.
            return stride(from: low, through: parts.count == 2 ? field.range.upperBound : low, by: step)
        }
        let high = try value(ends[1], of: field)
        guard low <= high else {
            throw .invalidCron(
                expression, "\(field) range \(base) runs backwards; write the smaller end first or list the values",
                field: field)
        }
        return stride(from: low, through: high, by: step)
    }

    /// A number within the field's range, or a name the field takes.
    private func value(_ text: Substring, of field: CronField) throws(SchedulingError) -> Int {
        if let named = field.names[text.lowercased()] { return named }
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            let expected =
                switch field {
                case .month: "a number or a name (jan-dec)"
                case .dayOfWeek: "a number or a name (sun-sat)"
                default: "a number"
                }
            throw .invalidCron(expression, "\(field) \"\(text)\" is not \(expected)", field: field)
        }
        guard let number = Int(text), field.range.contains(number) else {
            throw .invalidCron(
                expression,
                "\(field) \(text) is out of range \(field.range.lowerBound)-\(field.range.upperBound)"
                    + (field == .dayOfWeek ? " (0 and 7 are Sunday)" : ""),
                field: field)
        }
        return number
    }
}
