import Analysis

/// Who wrote a report's prose, or a section of it.
public enum NarrativeSource: String, Codable, Sendable {
    /// A language model, after every number and claim it wrote was checked against the findings.
    case llm
    /// dashbrief's deterministic templates.
    case template
    /// Some sections by the model, the others by templates (the report as a whole only).
    case mixed
}

/// One sentence of the narrative and the findings it rests on.
public struct NarrativeStatement: Codable, Sendable, Equatable {
    public var text: String
    /// Ids of the findings the statement cites (see README, "Finding ids").
    public var citations: [String]

    public init(_ text: String, citing citations: [String] = []) {
        self.text = text
        self.citations = citations
    }
}

/// The sections a narrative has: a daily alert's three, a weekly report's six.
public enum NarrativeSectionKey: String, Codable, Sendable, CaseIterable {
    case headline
    case whatChanged = "what_changed"
    case recommendations
    case executiveSummary = "executive_summary"
    case trends
    case userBehaviour = "user_behaviour"
    case crossDashboard = "cross_dashboard"
    case earlyWarnings = "early_warnings"

    /// The sections of a report kind, in the order they are read.
    public static func sections(of kind: ReportKind) -> [NarrativeSectionKey] {
        switch kind {
        case .daily: [.headline, .whatChanged, .recommendations]
        case .weekly: [.executiveSummary, .trends, .userBehaviour, .crossDashboard, .recommendations, .earlyWarnings]
        }
    }

    /// The heading people see.
    public var title: String {
        switch self {
        case .headline: "Headline"
        case .whatChanged: "What changed"
        case .recommendations: "Recommendations"
        case .executiveSummary: "Executive summary"
        case .trends: "Trends"
        case .userBehaviour: "User behaviour"
        case .crossDashboard: "Across dashboards"
        case .earlyWarnings: "Early warnings"
        }
    }
}

/// One section of the narrative, with who wrote it.
public struct NarrativeSection: Codable, Sendable, Equatable {
    public var key: NarrativeSectionKey
    public var source: NarrativeSource
    public var statements: [NarrativeStatement]
    /// Why the model's version was replaced by the template's, when it was.
    public var replacedBecause: String?

    enum CodingKeys: String, CodingKey {
        case key, source, statements
        case replacedBecause = "replaced_because"
    }

    public init(
        key: NarrativeSectionKey, source: NarrativeSource, statements: [NarrativeStatement],
        replacedBecause: String? = nil
    ) {
        self.key = key
        self.source = source
        self.statements = statements
        self.replacedBecause = replacedBecause
    }

    public var title: String { key.title }
}

/// The prose of a report: sections of statements that cite findings, with who wrote each.
public struct NarrativeText: Codable, Sendable, Equatable {
    /// `llm` when every section is the model's, `template` when none is, `mixed` otherwise.
    public var source: NarrativeSource
    /// One sentence: the most important thing.
    public var headline: String
    public var sections: [NarrativeSection]
    /// Why the templates wrote it, or some of it, when a model was asked (no key, call failed,
    /// a section failed its check); nil when no model was asked or all it wrote passed.
    public var fallbackReason: String?

    enum CodingKeys: String, CodingKey {
        case source, headline, text, sections
        case fallbackReason = "fallback_reason"
    }

    public init(headline: String, sections: [NarrativeSection], fallbackReason: String? = nil) {
        self.headline = headline
        self.sections = sections
        self.fallbackReason = fallbackReason
        let sources = Set(sections.map(\.source))
        source = sources == [.llm] ? .llm : (sources.contains(.llm) ? .mixed : .template)
    }

    /// The narrative as plain text: each section's title and its statements as bullets.
    public var text: String {
        sections.filter { !$0.statements.isEmpty }.map { section in
            ([section.title + ":"] + section.statements.map { "- " + $0.text }).joined(separator: "\n")
        }.joined(separator: "\n")
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        headline = try container.decode(String.self, forKey: .headline)
        sections = try container.decode([NarrativeSection].self, forKey: .sections)
        fallbackReason = try container.decodeIfPresent(String.self, forKey: .fallbackReason)
        source = try container.decode(NarrativeSource.self, forKey: .source)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(source, forKey: .source)
        try container.encode(headline, forKey: .headline)
        try container.encode(text, forKey: .text)
        try container.encode(sections, forKey: .sections)
        try container.encodeIfPresent(fallbackReason, forKey: .fallbackReason)
    }
}
