import Analysis
import Foundation
import Mustache

/// A prompt ready to send: system and user messages, the facts they list, and its size.
public struct Prompt: Sendable, Equatable {
    public var system: String
    public var user: String
    /// The facts the prompt lists (the report's `R` first), which the claim check reads too.
    public var facts: [NarrativeFact]
    /// The sections the model is asked for.
    public var sections: [NarrativeSectionKey]
    /// Findings the token budget left out (the least important ones).
    public var omittedFindings: Int

    /// Estimated tokens of both messages (see `TokenEstimate`).
    public var estimatedTokens: Int { TokenEstimate.of(system) + TokenEstimate.of(user) }

    /// The prompt as `--show-prompt` prints it.
    public var shown: String {
        "# system\n\(system)\n\n# user\n\(user)\n\n# \(estimatedTokens) tokens (estimated: UTF-8 bytes ÷ 3), "
            + "\(facts.count - 1) findings, \(omittedFindings) left out\n"
    }
}

/// Builds the compact, structured prompt from a report: a short system instruction and one terse
/// line per fact, most important first, trimmed from the tail to a token budget.
public struct PromptBuilder: Sendable {
    /// A Mustache system template and user template.
    public struct Templates: Sendable {
        public var system: String
        public var user: String

        public init(system: String = PromptTemplates.system, user: String = PromptTemplates.user) {
            self.system = system
            self.user = user
        }

        /// A prompt file: the system template, a line `---`, the user template.
        /// - Throws: `PromptError` naming the file.
        public static func load(_ url: URL) throws(PromptError) -> Templates {
            guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                throw PromptError("\(url.path): prompt file cannot be read as UTF-8 text")
            }
            let parts = text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n---\n")
            guard parts.count == 2 else {
                throw PromptError(
                    "\(url.path): a prompt file holds the system template, a line ---, then the user template")
            }
            return Templates(system: parts[0], user: parts[1])
        }
    }

    public var templates: Templates
    /// Token budget of the daily and weekly prompt.
    public var dailyBudget: Int
    public var weeklyBudget: Int
    /// At most this many statements a section.
    public var maximumStatements: Int

    public init(
        templates: Templates = Templates(), dailyBudget: Int = 1_500, weeklyBudget: Int = 4_000,
        maximumStatements: Int = 5
    ) {
        self.templates = templates
        self.dailyBudget = dailyBudget
        self.weeklyBudget = weeklyBudget
        self.maximumStatements = maximumStatements
    }

    /// - Throws: `PromptError` when a template is not valid Mustache.
    public func build(_ report: Report) throws(PromptError) -> Prompt {
        let system: MustacheTemplate
        let user: MustacheTemplate
        do {
            system = try MustacheTemplate(string: templates.system)
            user = try MustacheTemplate(string: templates.user)
        } catch {
            throw PromptError("prompt template is not valid Mustache: \(error)")
        }
        let sections = NarrativeSectionKey.sections(of: report.kind)
        let findingFacts = report.findings.enumerated().map { NarrativeFact.finding($1, alias: "F\($0 + 1)") }
        let budget = report.kind == .daily ? dailyBudget : weeklyBudget
        var kept = findingFacts.count
        while true {
            let facts = [NarrativeFact.report(report)] + findingFacts.prefix(kept)
            var context: [String: Any] = [
                "report": report.kind == .daily ? "daily alert" : "weekly report",
                "dashboards": report.dashboards.map(PromptText.quoted).joined(separator: " and "),
                "window": report.window.map { "\($0.from) to \($0.to)" } ?? "",
                "sections": sections.map {
                    ["key": $0.rawValue, "title": $0.title, "description": PromptTemplates.description($0)]
                },
                "facts": facts.map(\.line).joined(separator: "\n"),
                "max_statements": maximumStatements,
            ]
            // Absent, not 0: Mustache sections render for any number.
            if kept < findingFacts.count { context["omitted"] = findingFacts.count - kept }
            let prompt = Prompt(
                system: system.render(context), user: user.render(context), facts: facts, sections: sections,
                omittedFindings: findingFacts.count - kept)
            if prompt.estimatedTokens <= budget || kept == 0 { return prompt }
            kept -= 1
        }
    }
}

/// A prompt template that cannot be read or parsed.
public struct PromptError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
