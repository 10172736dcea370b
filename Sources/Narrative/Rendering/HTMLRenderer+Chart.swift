import Foundation

extension HTMLRenderer {
    /// A chart as a figure: inline SVG of the history (line), the expected range (shaded) and
    /// expectation (dashed), a dot at each flagged period with its date above the plot, the y axis
    /// labelled with the lowest and highest value drawn and the x axis with the first and last
    /// period; an accessible `<title>` says the same in words.
    func figure(_ chart: ReportLayout.Chart, number: Int, _ context: Context) -> [String] {
        let id = "chart-\(number)"
        let name = "\(chart.series) (\(chart.insight))"
        let caption = "<figcaption><strong>\(htmlEscaped(name))</strong>\(context.citations(chart.findingIDs))"
        guard let plot = ChartPlot(chart) else {
            return ["<figure id=\"\(id)\">", caption + ": no values to chart.</figcaption>", "</figure>"]
        }
        let hasBand = plot.band.contains { $0 != nil }
        let flagged = plot.flags.map(\.period)
        var title = "\(name), \(plot.periods.first!) to \(plot.periods.last!): observed values"
        if hasBand { title += "; shaded, the expected range" }
        if !flagged.isEmpty { title += "; flagged: \(flagged.joined(separator: ", "))" }

        var out = ["<figure id=\"\(id)\">"]
        out.append(
            "<svg role=\"img\" aria-labelledby=\"\(id)-title\" "
                + "viewBox=\"0 0 \(Int(ChartPlot.width)) \(Int(ChartPlot.height))\">")
        out.append("<title id=\"\(id)-title\">\(htmlEscaped(title))</title>")
        out += plot.svg()
        out.append("</svg>")
        var legend =
            hasBand
            ? "Line: observed. Dashed: expected. Shaded: expected range (± 3.5 robust σ of the residual)."
            : "Line: observed. No expected range: too little history for a seasonal fit."
        if !flagged.isEmpty { legend += " Dots: flagged." }
        out.append(caption + " <span class=\"legend\">\(legend)</span></figcaption>")
        out.append("</figure>")
        return out
    }
}

/// A chart's drawing: its frame in SVG user units and where each value lands. Coordinates are
/// written with one decimal, so the page is byte-stable.
private struct ChartPlot {
    static let width = 480.0
    static let height = 190.0
    static let left = 54.0
    static let right = 14.0
    /// Room above the plot for two rows of flagged dates.
    static let top = 36.0
    static let bottom = 22.0
    static var plotWidth: Double { width - left - right }
    static var plotHeight: Double { height - top - bottom }

    let periods: [String]
    let unit: String
    /// Finite values, nil where missing.
    let values: [Double?]
    let expected: [Double?]
    let band: [ClosedRange<Double>?]
    /// The flagged periods that have a value to mark.
    let flags: [(period: String, index: Int)]
    /// The lowest and highest value drawn (axis labels), and the range the plot spans.
    let low: Double
    let high: Double
    let minimum: Double
    let maximum: Double

    /// nil when the chart has no period or no finite value, or values too large to scale.
    init?(_ chart: ReportLayout.Chart) {
        let count = chart.periods.count
        func finite(_ values: [Double?]) -> [Double?] {
            (0..<count).map { $0 < values.count ? values[$0].flatMap { $0.isFinite ? $0 : nil } : nil }
        }
        periods = chart.periods
        unit = chart.unit
        values = finite(chart.values)
        expected = finite(chart.expected)
        let (lowers, uppers) = (finite(chart.lower), finite(chart.upper))
        band = (0..<count).map { index in
            guard let lower = lowers[index], let upper = uppers[index], lower <= upper else { return nil }
            return lower...upper
        }
        var drawn = values.compactMap { $0 }
        drawn += expected.compactMap { $0 }
        drawn += band.compactMap { $0?.lowerBound }
        drawn += band.compactMap { $0?.upperBound }
        // Values near ±Double.greatestFiniteMagnitude would overflow the scale: not drawn.
        guard let low = drawn.min(), let high = drawn.max(), (high - low).isFinite, (high + abs(high)).isFinite,
            (low - abs(low)).isFinite
        else { return nil }
        self.low = low
        self.high = high
        // A flat series is drawn mid-height.
        let pad = high > low ? 0 : max(abs(high), 1) / 2
        minimum = low - pad
        maximum = high + pad
        let values = values
        flags = chart.flagged.compactMap { period in
            chart.periods.firstIndex(of: period).flatMap { values[$0] == nil ? nil : (period, $0) }
        }
    }

    func x(_ index: Int) -> Double {
        let count = periods.count
        return count == 1
            ? Self.left + Self.plotWidth / 2 : Self.left + Double(index) * Self.plotWidth / Double(count - 1)
    }

    func y(_ value: Double) -> Double { Self.top + (maximum - value) / (maximum - minimum) * Self.plotHeight }

    func point(_ index: Int, _ value: Double) -> String { "\(number(x(index))),\(number(y(value)))" }

    /// The SVG elements, back to front.
    func svg() -> [String] {
        let (left, right) = (number(Self.left), number(Self.left + Self.plotWidth))
        let (top, bottom) = (number(Self.top), number(Self.top + Self.plotHeight))
        var out = [top, bottom].map {
            "<line class=\"grid\" x1=\"\(left)\" y1=\"\($0)\" x2=\"\(right)\" y2=\"\($0)\"/>"
        }
        // Flagged periods: a dotted guide from the date above the plot down through the point;
        // a date that would run into the one before on the first row goes on the second.
        var labels: [String] = []
        var rowEnds = [-Double.infinity, -Double.infinity]
        for flag in flags {
            let cx = x(flag.index)
            // Bold 11px digits are about 6.2 units wide.
            let labelWidth = 6.2 * Double(flag.period.count)
            let anchor = cx < Self.left + labelWidth / 2 ? "start" : cx > Self.width - labelWidth / 2 ? "end" : "middle"
            let start = anchor == "start" ? cx : anchor == "end" ? cx - labelWidth : cx - labelWidth / 2
            let row = rowEnds[0] + 4 <= start ? 0 : 1
            rowEnds[row] = start + labelWidth
            let labelY = 12.0 + 12 * Double(row)
            out.append(
                "<line class=\"flag-guide\" x1=\"\(number(cx))\" y1=\"\(number(labelY + 3))\" x2=\"\(number(cx))\" "
                    + "y2=\"\(bottom)\"/>")
            labels.append(
                "<text class=\"flag-label\" x=\"\(number(cx))\" y=\"\(number(labelY))\" text-anchor=\"\(anchor)\">"
                    + "\(htmlEscaped(flag.period))</text>")
        }
        for run in runs(band.map { $0 != nil }) where run.count > 1 {
            let upper = run.map { point($0, band[$0]!.upperBound) }
            let lower = run.reversed().map { point($0, band[$0]!.lowerBound) }
            out.append("<path class=\"band\" d=\"M\((upper + lower).joined(separator: " L"))Z\"/>")
        }
        for run in runs(expected.map { $0 != nil }) where run.count > 1 {
            out.append(
                "<path class=\"expected\" d=\"M\(run.map { point($0, expected[$0]!) }.joined(separator: " L"))\"/>")
        }
        for run in runs(values.map { $0 != nil }) {
            if run.count == 1 {
                let index = run[0]
                out.append(
                    "<circle class=\"lone\" cx=\"\(number(x(index)))\" cy=\"\(number(y(values[index]!)))\" r=\"2\"/>")
            } else {
                out.append(
                    "<path class=\"observed\" d=\"M\(run.map { point($0, values[$0]!) }.joined(separator: " L"))\"/>")
            }
        }
        for flag in flags {
            out.append(
                "<circle class=\"flag\" cx=\"\(number(x(flag.index)))\" cy=\"\(number(y(values[flag.index]!)))\" r=\"4\"/>"
            )
        }
        out += labels
        let axisX = number(Self.left - 8)
        out.append(axisLabel(NumberFormatting.value(high, unit: unit), x: axisX, y: number(y(high) + 4), anchor: "end"))
        out.append(axisLabel(NumberFormatting.value(low, unit: unit), x: axisX, y: number(y(low) + 4), anchor: "end"))
        let axisY = number(Self.height - 6)
        out.append(axisLabel(periods[0], x: left, y: axisY, anchor: "start"))
        if periods.count > 1 { out.append(axisLabel(periods[periods.count - 1], x: right, y: axisY, anchor: "end")) }
        return out
    }

    private func axisLabel(_ text: String, x: String, y: String, anchor: String) -> String {
        "<text class=\"axis\" x=\"\(x)\" y=\"\(y)\" text-anchor=\"\(anchor)\">\(htmlEscaped(text))</text>"
    }

    /// Runs of consecutive indices where `present` holds.
    private func runs(_ present: [Bool]) -> [[Int]] {
        var runs: [[Int]] = []
        var current: [Int] = []
        for (index, isPresent) in present.enumerated() {
            if isPresent {
                current.append(index)
            } else if !current.isEmpty {
                runs.append(current)
                current = []
            }
        }
        if !current.isEmpty { runs.append(current) }
        return runs
    }

    /// A coordinate with one decimal, the same on every machine.
    private func number(_ value: Double) -> String { NumberFormatting.oneDecimal(value) }
}
