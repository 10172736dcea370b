import Foundation
import Narrative

/// How the narrative of the engine's reports is written.
public struct NarrationOptions: Sendable {
    /// Ask the configured model when it can be asked (`--no-ai` sets false: templates only).
    public var ai: Bool
    /// Reuse answers kept on disk (`--no-cache` sets false).
    public var cache: Bool
    /// Where answers are kept; nil: `AnswerCache.defaultDirectory()`.
    public var cacheDirectory: URL?
    /// A prompt template file for this run (`--prompt-file`), over the configuration's.
    public var promptFile: URL?

    public init(ai: Bool = true, cache: Bool = true, cacheDirectory: URL? = nil, promptFile: URL? = nil) {
        self.ai = ai
        self.cache = cache
        self.cacheDirectory = cacheDirectory
        self.promptFile = promptFile
    }
}

extension Engine {
    /// The prompt a report's narrative is asked with (`--show-prompt`), without calling the model.
    public func prompt(for report: Report) throws(DashbriefError) -> Prompt {
        let builder = try promptBuilder(for: report.kind)
        do {
            return try builder.build(report)
        } catch {
            throw DashbriefError(.configuration, error.message, underlying: error)
        }
    }

    /// The prompt builder with the configured (or this run's) template file.
    func promptBuilder(for kind: ReportKind) throws(DashbriefError) -> PromptBuilder {
        let file =
            narration.promptFile ?? (kind == .daily ? configuration.dailyPromptFile : configuration.weeklyPromptFile)
        guard let file else { return PromptBuilder() }
        do {
            return PromptBuilder(templates: try .load(file))
        } catch {
            throw DashbriefError(.configuration, error.message, underlying: error)
        }
    }

    /// The narrator that asks the model, or nil when templates write alone (no model can be asked,
    /// or `--no-ai`).
    func narrator(for kind: ReportKind) throws(DashbriefError) -> HybridNarrator? {
        guard narration.ai, configuration.llm.isUsable else { return nil }
        return HybridNarrator(
            client: ChatCompletionsClient(settings: configuration.llm, logger: logger),
            prompts: try promptBuilder(for: kind),
            cache: narration.cache
                ? AnswerCache(directory: narration.cacheDirectory ?? AnswerCache.defaultDirectory()) : nil,
            logger: logger)
    }
}
