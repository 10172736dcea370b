import Analysis

/// A report laid out for people, independently of the output format: what is said, in which
/// order, with every number already formatted by `NumberFormatting`. Text, Markdown, Slack Block
/// Kit and HTML renderers walk this one model, so they never disagree on a number or on what a
/// section holds; each only decides how it looks.
public struct ReportLayout: Sendable, Equatable {
    /// "Daily alert: Marketing Dashboard".
    public var title: String
    /// "2026-11-10 to 2026-11-23 (complete days, America/Los_Angeles)", or "no complete periods".
    public var window: String
    public var method: String
    /// When the data was computed, ISO-8601 UTC.
    public var asOf: String
    /// One sentence: the most important thing.
    public var headline: String
    /// The narrative's first section (headline, or executive summary), read as a paragraph.
    public var lead: [Statement]
    /// The narrative's other sections with something to say, read as titled lists.
    public var narrative: [NarrativeBlock]
    /// Who wrote the narrative: `llm`, `template` or `mixed`.
    public var narrativeSource: NarrativeSource
    /// What a reader should know about the narrative: which AI sections templates replaced and
    /// why, or why templates wrote it all.
    public var footnotes: [String]
    public var sections: [Section]
    /// History of each series a finding is about, for charts.
    public var charts: [Chart]

    /// A sentence of the narrative and the finding ids it cites (HTML links them).
    public struct Statement: Sendable, Equatable {
        public var text: String
        public var citations: [String]
    }

    /// A titled section of the narrative.
    public struct NarrativeBlock: Sendable, Equatable {
        public var key: NarrativeSectionKey
        public var title: String
        public var source: NarrativeSource
        public var statements: [Statement]
    }

    public struct Section: Sendable, Equatable {
        /// What the section is, for renderers that style sections differently.
        public enum Role: String, Sendable {
            case findings, metrics, skipped, notes
        }

        public var role: Role
        /// "Findings", "Metrics: Marketing Dashboard", "Skipped".
        public var title: String
        /// How many items the section lists, when its title should say so.
        public var count: Int?
        public var blocks: [Block]
    }

    public enum Block: Sendable, Equatable {
        /// Findings, most important first (empty: the report found nothing).
        case findings([FindingLine])
        case table(Table)
        /// Short items, each a label and a text ("Ad spend", "no result").
        case items([(label: String, text: String)])
        case paragraph(String)

        public static func == (lhs: Block, rhs: Block) -> Bool {
            switch (lhs, rhs) {
            case (.findings(let a), .findings(let b)): a == b
            case (.table(let a), .table(let b)): a == b
            case (.items(let a), .items(let b)): a.map(\.label) == b.map(\.label) && a.map(\.text) == b.map(\.text)
            case (.paragraph(let a), .paragraph(let b)): a == b
            default: false
            }
        }
    }

    /// One finding as people read it: its words and its numbers, formatted, and the finding
    /// itself for renderers that need the raw figures (charts, Slack metadata, the LLM prompt).
    public struct FindingLine: Sendable, Equatable {
        public var finding: Finding
        /// The finding's id: renderers that link (HTML anchors, Slack metadata) use it.
        public var id: String
        public var severity: Severity
        public var kind: String
        public var subkind: String
        public var dashboard: String
        public var insight: String
        public var series: String
        public var date: String
        public var value: String
        public var expected: String
        /// Signed: "-37.2%"; empty when the finding has no relative change.
        public var change: String
        public var comparison: String
        /// The template sentence that states it.
        public var sentence: String
    }

    public struct Table: Sendable, Equatable {
        public var columns: [String]
        /// Columns holding numbers (right-aligned where the format can).
        public var numericColumns: Set<Int>
        public var rows: [[String]]
    }

    /// A series' recent history with the periods its findings flag, and the range the anomaly
    /// detector expected it in (see `SeriesHistory.expected`).
    public struct Chart: Sendable, Equatable {
        public var findingIDs: [String]
        public var insight: String
        public var series: String
        public var unit: String
        public var periods: [String]
        public var values: [Double?]
        public var flagged: [String]
        /// The detector's expectation at each period; nil where unknown (too short a series).
        public var expected: [Double?]
        /// The band of normal values: expected ± 3.5 robust σ; nil where unknown.
        public var lower: [Double?]
        public var upper: [Double?]
    }
}
