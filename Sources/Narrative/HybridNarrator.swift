import Analysis
import Foundation
import Logging

/// The narrative of a report: the model writes it from the compact prompt, every section is
/// checked against the findings, and the templates write whatever fails (or everything, when the
/// model cannot be asked or does not answer). A report is never lost, and no number the model
/// invents reaches a reader.
public struct HybridNarrator: Sendable {
    public var client: ChatCompletionsClient
    public var prompts: PromptBuilder
    public var templates: TemplateNarrator
    /// Where answers are kept; nil: always ask.
    public var cache: AnswerCache?
    let logger: Logger

    public init(
        client: ChatCompletionsClient, prompts: PromptBuilder = PromptBuilder(),
        templates: TemplateNarrator = TemplateNarrator(), cache: AnswerCache? = nil,
        logger: Logger = Logger(label: "dashbrief")
    ) {
        self.client = client
        self.prompts = prompts
        self.templates = templates
        self.cache = cache
        self.logger = logger
    }

    /// The report's narrative, by the model where it passes the check.
    /// - Throws: `CancellationError` only: every other failure falls back to the templates.
    public func narrate(_ report: Report) async throws(CancellationError) -> NarrativeText {
        let analysis = report.analysis
        func templated(_ reason: String) throws(CancellationError) -> NarrativeText {
            if Task.isCancelled { throw CancellationError() }
            logger.info("narrative by templates: \(reason)")
            return templates.narrate(analysis, fallbackReason: reason)
        }
        let prompt: Prompt
        do {
            prompt = try prompts.build(report)
        } catch {
            return try templated(error.message)
        }
        let key = AnswerCache.Key(settings: client.settings, system: prompt.system, user: prompt.user)
        let content: String
        let cached = cache?.answer(for: key)
        if let cached {
            content = cached
        } else {
            do {
                let completion = try await client.complete(
                    system: prompt.system, user: prompt.user, schema: NarrativeSchema.schema(for: prompt.sections))
                content = completion.content
            } catch {
                logger.info("narrative model failed: \(error.reason) \(error.detail)")
                return try templated(error.reason)
            }
        }
        guard let drafts = NarrativeSchema.parse(content) else {
            return try templated("the model's answer was not the JSON asked for")
        }
        if cached == nil { cache?.store(content, for: key) }  // a valid answer, kept once

        let sections = prompt.sections.map { key -> NarrativeSection in
            let fallback = templates.section(key, of: analysis)
            guard let written = drafts[key] else {
                return replaced(fallback, because: "the model did not write this section")
            }
            let checker = ClaimChecker(facts: prompt.facts, allowsCausalQuestions: key == .recommendations)
            // The model was asked for at most this many; more are not read.
            switch checker.check(Array(written.prefix(prompts.maximumStatements))) {
            case .success(let statements):
                return NarrativeSection(key: key, source: .llm, statements: statements)
            case .failure(let rejection):
                // The footer says why in fixed words; what the model wrote goes to the log only.
                logger.info("narrative section \(key.rawValue) replaced: \(rejection)")
                return replaced(fallback, because: rejection.reason)
            }
        }
        return NarrativeText(headline: sections.first?.statements.first?.text ?? "", sections: sections)
    }

    private func replaced(_ section: NarrativeSection, because reason: String) -> NarrativeSection {
        var section = section
        section.replacedBecause = reason
        return section
    }
}

extension Report {
    /// The analysis the report was made from.
    public var analysis: AnalysisResult {
        AnalysisResult(
            kind: kind, method: method, dashboards: dashboards, window: window, findings: findings, metrics: metrics,
            skipped: skipped, notes: notes, histories: histories)
    }
}
