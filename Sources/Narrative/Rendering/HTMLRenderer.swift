import Analysis

/// One self-contained HTML page: inline CSS, inline SVG charts, no script, and nothing fetched
/// from anywhere (no external style sheet, font, image or script), so it can be mailed, archived
/// or opened offline and shows the same.
///
/// The narrative's statements link to the findings they cite (`<a href="#<finding id>">`); each
/// finding is a row of the findings table with its id as the element id, and links to its
/// series' chart. A chart draws the series' recent history, the detector's expected range as a
/// shaded band with the expectation dashed, and a dot and the date at every flagged period.
/// Every text from data or a model is escaped (`&<>"'`).
public struct HTMLRenderer: LayoutRenderer {
    public init() {}

    public func render(_ layout: ReportLayout) -> String {
        let findings = layout.sections.flatMap(\.blocks).flatMap { block -> [ReportLayout.FindingLine] in
            if case .findings(let lines) = block { return lines }
            return []
        }
        // Citations show the finding's row number; a finding's row links to its chart.
        let numbers = Dictionary(findings.enumerated().map { ($1.id, $0 + 1) }, uniquingKeysWith: { first, _ in first })
        var chartNumbers: [String: Int] = [:]
        for (index, chart) in layout.charts.enumerated() {
            for id in chart.findingIDs where chartNumbers[id] == nil { chartNumbers[id] = index + 1 }
        }
        let context = Context(findingNumbers: numbers, chartNumbers: chartNumbers)

        var out: [String] = []
        out.append("<!DOCTYPE html>")
        out.append("<html lang=\"en\">")
        out.append("<head>")
        out.append("<meta charset=\"utf-8\">")
        out.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        out.append("<title>\(htmlEscaped(layout.title))</title>")
        out.append("<style>\n\(Self.style)</style>")
        out.append("</head>")
        out.append("<body>")
        out.append("<main>")
        out.append("<header>")
        out.append("<h1>\(htmlEscaped(layout.title))</h1>")
        out.append(
            "<p class=\"meta\">Window: \(htmlEscaped(layout.window)) · Method: \(htmlEscaped(layout.method)) · "
                + "Data as of \(htmlEscaped(layout.asOf)) · Narrative: \(htmlEscaped(layout.narrativeSource.rawValue))</p>"
        )
        out.append("</header>")

        let lead = layout.lead.isEmpty ? [ReportLayout.Statement(text: layout.headline, citations: [])] : layout.lead
        let leadText = lead.enumerated().map { index, statement in
            let text = htmlEscaped(statement.text) + context.citations(statement.citations)
            return index == 0 ? "<strong>\(text)</strong>" : text
        }
        out.append("<p class=\"lead\">\(leadText.joined(separator: " "))</p>")
        for block in layout.narrative {
            out.append("<section class=\"narrative\">")
            out.append("<h2>\(htmlEscaped(block.title))</h2>")
            out.append("<ul>")
            for statement in block.statements {
                out.append("<li>\(htmlEscaped(statement.text))\(context.citations(statement.citations))</li>")
            }
            out.append("</ul>")
            out.append("</section>")
        }

        for section in layout.sections {
            out.append("<section class=\"\(section.role.rawValue)\">")
            let count = section.count.map { " <span class=\"count\">(\($0))</span>" } ?? ""
            out.append("<h2>\(htmlEscaped(section.title))\(count)</h2>")
            for block in section.blocks { out += lines(block, context) }
            out.append("</section>")
            if section.role == .findings && !layout.charts.isEmpty {
                out.append("<section class=\"charts\">")
                out.append("<h2>Charts</h2>")
                for (index, chart) in layout.charts.enumerated() { out += figure(chart, number: index + 1, context) }
                out.append("</section>")
            }
        }
        if !layout.footnotes.isEmpty {
            out.append("<footer>")
            out += layout.footnotes.map { "<p>\(htmlEscaped($0))</p>" }
            out.append("</footer>")
        }
        out.append("</main>")
        out.append("</body>")
        out.append("</html>")
        return out.joined(separator: "\n") + "\n"
    }

    /// How parts of the page refer to each other.
    struct Context {
        /// A finding's row number in the findings table, by id.
        var findingNumbers: [String: Int]
        /// The chart of a finding's series, by finding id.
        var chartNumbers: [String: Int]

        /// Small links to the cited findings ("[2, 5]"); ids not in the table are not linked.
        func citations(_ ids: [String]) -> String {
            let links = ids.compactMap { id in
                findingNumbers[id].map { "<a href=\"#\(htmlEscaped(id))\" title=\"Finding \($0)\">\($0)</a>" }
            }
            return links.isEmpty ? "" : " <span class=\"cites\">[\(links.joined(separator: ", "))]</span>"
        }
    }

    private func lines(_ block: ReportLayout.Block, _ context: Context) -> [String] {
        switch block {
        case .findings(let findings):
            if findings.isEmpty { return ["<p>No findings.</p>"] }
            var out = ["<table class=\"findings\">", "<thead>"]
            out.append(
                headerRow(
                    [
                        "#", "Severity", "Kind", "Insight", "Series", "Date", "Value", "Expected", "Change",
                        "Compared with",
                    ],
                    numeric: [0, 6, 7, 8]))
            out += ["</thead>", "<tbody>"]
            for (index, finding) in findings.enumerated() {
                let chart = context.chartNumbers[finding.id].map {
                    " <a class=\"chart-link\" href=\"#chart-\($0)\">chart</a>"
                }
                let severity = htmlEscaped(finding.severity.rawValue)
                out.append(
                    "<tr id=\"\(htmlEscaped(finding.id))\" class=\"\(severity)\" title=\"\(htmlEscaped(finding.sentence))\">"
                        + "<td class=\"num\">\(index + 1)</td>"
                        + "<td><span class=\"badge \(severity)\">\(severity)</span></td>"
                        + cells([finding.kind, finding.insight])
                        + "<td>\(htmlEscaped(finding.series))\(chart ?? "")</td>"
                        + "<td class=\"date\">\(htmlEscaped(finding.date))</td>"
                        + cells([finding.value, finding.expected, finding.change], numeric: true)
                        + cells([finding.comparison]) + "</tr>")
            }
            out += ["</tbody>", "</table>"]
            return out
        case .table(let table):
            var out = ["<table>", "<thead>", headerRow(table.columns, numeric: table.numericColumns), "</thead>"]
            out.append("<tbody>")
            for row in table.rows {
                out.append(
                    "<tr>"
                        + row.enumerated().map { column, cell in
                            cells([cell], numeric: table.numericColumns.contains(column))
                        }.joined() + "</tr>")
            }
            out += ["</tbody>", "</table>"]
            return out
        case .items(let items):
            return ["<ul>"]
                + items.map { "<li><strong>\(htmlEscaped($0.label))</strong>: \(htmlEscaped($0.text))</li>" } + [
                    "</ul>"
                ]
        case .paragraph(let text):
            return ["<p>\(htmlEscaped(text))</p>"]
        }
    }

    private func headerRow(_ columns: [String], numeric: Set<Int>) -> String {
        "<tr>"
            + columns.enumerated().map { column, name in
                "<th\(numeric.contains(column) ? " class=\"num\"" : "")>\(htmlEscaped(name))</th>"
            }.joined() + "</tr>"
    }

    private func cells(_ texts: [String], numeric: Bool = false) -> String {
        texts.map { "<td\(numeric ? " class=\"num\"" : "")>\(htmlEscaped($0))</td>" }.joined()
    }
}

/// `text` safe in HTML content and in quoted attribute values.
public func htmlEscaped(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for character in text {
        switch character {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.append(character)
        }
    }
    return out
}
