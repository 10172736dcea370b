import Analysis
import Foundation
import Testing

@testable import Narrative

@Suite struct HTMLRendererTests {
    /// The values of `attribute="…"` throughout `html`.
    static func values(of attribute: String, in html: String) -> [String] {
        html.components(separatedBy: " \(attribute)=\"").dropFirst().compactMap { $0.split(separator: "\"").first }
            .map(String.init)
    }

    @Test func injectedNames_areEscapedText() throws {
        let html = try HTMLRenderer().render(RenderingFixtures.hostile)
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.contains("<!channel>") && !html.contains("<!here>") && !html.contains("<@U"))
        #expect(!html.contains("<b>") && !html.contains("<i>"))
        #expect(html.contains("&lt;!channel&gt; hi &lt;http://evil|x&gt; &amp; co"))
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &quot;quoted&quot;"))
        #expect(html.contains("<li>It&#39;s &lt;i&gt;down&lt;/i&gt; &quot;a lot&quot; &amp; more."))
        #expect(
            html.contains("<p>AI text replaced in What changed: a number not in the findings &lt;!everyone&gt;.</p>"))
        // Every tag is one the renderer writes.
        let tags = Set(
            html.components(separatedBy: "<").dropFirst().map { $0.prefix { $0.isLetter || $0.isNumber || $0 == "!" } })
        let written: Set<Substring> = [
            "!DOCTYPE", "html", "head", "meta", "title", "style", "body", "main", "header", "h1", "h2", "p", "strong",
            "span", "a", "section", "ul", "li", "table", "thead", "tbody", "tr", "th", "td", "figure", "figcaption",
            "svg", "line", "path", "circle", "text", "footer", "",
        ]
        #expect(tags.subtracting(written).isEmpty, "\(tags.subtracting(written))")
    }

    @Test func everyCitedFinding_isAnElementOfThePage() throws {
        for report in [RenderingFixtures.hostile, RendererTests.report, RenderingFixtures.huge(count: 30)] {
            let layout = ReportLayout(report)
            let html = HTMLRenderer().render(layout)
            let ids = Set(Self.values(of: "id", in: html))
            let cited = (layout.lead + layout.narrative.flatMap(\.statements)).flatMap(\.citations)
            let findings = Set(report.findings.map(\.id))
            for id in cited where findings.contains(id) {
                #expect(ids.contains(id), "\(id)")
                #expect(html.contains("href=\"#\(id)\""), "\(id)")
            }
            // Every link goes somewhere on the page; an id that is not a finding is not linked.
            for href in Self.values(of: "href", in: html) {
                #expect(href.hasPrefix("#") && ids.contains(String(href.dropFirst())), "\(href)")
            }
            #expect(!html.contains("not-a-finding"))
            #expect(Set(Self.values(of: "id", in: html)).count == Self.values(of: "id", in: html).count)
        }
    }

    @Test func page_fetchesNothing() throws {
        for report in [RenderingFixtures.hostile, RendererTests.report] {
            let html = try HTMLRenderer().render(report)
            for reference in ["src=", "@import", "url(", "<link", "<script", "<img", "<iframe", "xmlns"] {
                #expect(!html.lowercased().contains(reference), "\(reference)")
            }
            #expect(Self.values(of: "href", in: html).allSatisfy { $0.hasPrefix("#") })
        }
        // Without hostile names the page holds no address at all.
        let plain = try HTMLRenderer().render(RendererTests.report)
        #expect(!plain.contains("http://") && !plain.contains("https://"))
    }

    @Test func chart_drawsHistoryBandAndFlaggedDay() throws {
        let html = try HTMLRenderer().render(RenderingFixtures.hostile)
        let figures = html.components(separatedBy: "<figure id=\"chart-").dropFirst().map {
            $0.components(separatedBy: "</figure>")[0]
        }
        #expect(figures.count == 2)
        // With a band: shaded range, dashed expectation, the line broken at the missing day,
        // a dot and the date on the flagged day, axis labels, an accessible title.
        let banded = figures[0]
        #expect(banded.contains("aria-labelledby=\"chart-1-title\""))
        #expect(banded.contains("<title id=\"chart-1-title\">"))
        #expect(banded.contains("; shaded, the expected range; flagged: 2026-11-20</title>"))
        #expect(banded.components(separatedBy: "<path class=\"band\"").count == 2)
        #expect(banded.components(separatedBy: "<path class=\"expected\"").count == 2)
        #expect(banded.components(separatedBy: "<path class=\"observed\"").count == 3)
        #expect(banded.components(separatedBy: "<circle class=\"flag\"").count == 2)
        #expect(banded.contains(">2026-11-20</text>"))
        #expect(banded.contains(">250</text>") && banded.contains(">80</text>"))
        #expect(banded.contains(">2026-11-01</text>") && banded.contains(">2026-11-21</text>"))
        #expect(banded.contains("[<a href=\"#\(RenderingFixtures.hostile.findings[0].id)\""))
        // Without one: no shaded range, and the legend says why.
        let plain = figures[1]
        #expect(!plain.contains("class=\"band\"") && !plain.contains("class=\"expected\""))
        #expect(plain.contains("No expected range: too little history"))
        #expect(plain.contains(">2026-11-18</text>"))
    }

    @Test func chartCoordinates_areStable_andInsideTheFrame() throws {
        let html = try HTMLRenderer().render(RenderingFixtures.hostile)
        #expect(html == (try HTMLRenderer().render(RenderingFixtures.hostile)))
        let numbers = Self.coordinates(in: html)
        #expect(numbers.count > 50)
        for number in numbers {
            let value = try #require(Double(number), "\(number)")
            #expect(value.isFinite && (0...480).contains(value), "\(number)")
            #expect(number.split(separator: ".").last?.count == 1, "\(number)")
        }
    }

    @Test func chartOfExtremeValues_isLeftOut_neverDrawnWithInfiniteCoordinates() throws {
        var layout = ReportLayout(RenderingFixtures.hostile)
        layout.charts[0].values = layout.charts[0].values.indices.map { $0 % 2 == 0 ? 1.7e308 : -1.7e308 }
        layout.charts[1].values = layout.charts[1].values.map { _ in nil }
        let html = HTMLRenderer().render(layout)
        #expect(html.components(separatedBy: ": no values to chart.</figcaption>").count == 3)
        #expect(!html.contains("<svg"))
        #expect(Self.coordinates(in: html).isEmpty)
    }

    /// Every number in the SVG attributes of `html`: coordinates of lines, circles, text, paths.
    static func coordinates(in html: String) -> [String] {
        let attributes = ["x", "y", "x1", "y1", "x2", "y2", "cx", "cy"].flatMap { values(of: $0, in: html) }
        return attributes
            + values(of: "d", in: html).flatMap {
                $0.dropFirst().split(whereSeparator: { "LZ ,".contains($0) }).map(String.init)
            }
    }

    @Test func html_isAFormat() throws {
        #expect(ReportFormat(rawValue: "html") != nil)
        let html = try RendererTests.report.rendered(as: .html)
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(html.hasSuffix("</html>\n"))
        #expect(html.contains("<h1>Daily alert: Marketing</h1>"))
        #expect(html.contains("<td>$pageview | docs_*"))
    }
}
