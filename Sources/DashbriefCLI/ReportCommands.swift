import ArgumentParser
import Dashbrief
import Foundation

extension ReportFormat: ExpressibleByArgument {}
extension AnalysisMethod: ExpressibleByArgument {}

/// Options shared by `daily` and `weekly`.
struct ReportOptions: ParsableArguments {
    @Option(
        name: .long, help: "How findings are found: \(AnalysisMethod.allCases.map(\.rawValue).joined(separator: ", "))."
    )
    var method: AnalysisMethod = .statistical

    @Option(name: .long, help: "Output format: \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: ReportFormat = .text

    @Option(name: .shortAndLong, help: "Write the report to this file instead of stdout.")
    var output: String?

    @Option(
        name: .customLong("as-of"),
        help:
            "Evaluate as of this earlier day (YYYY-MM-DD, the day's first moment) or ISO-8601 instant: later data unseen."
    )
    var asOfText: String?

    @Flag(name: .customLong("no-ai"), help: "Write the narrative with templates only; do not ask the model.")
    var noAI = false

    @Flag(name: .customLong("no-cache"), help: "Ask the model again instead of reusing a cached answer.")
    var noCache = false

    @Flag(name: .customLong("show-prompt"), help: "Print the prompt and its token estimate; do not call the model.")
    var showPrompt = false

    @Option(
        name: .customLong("prompt-file"),
        help: "Prompt template file (Mustache: system template, a line ---, user template).")
    var promptFile: String?

    @Flag(name: .long, help: "Deliver the report to each dashboard's Slack channel (once per period).")
    var send = false

    @Flag(name: .long, help: "With --send: post the period's report again, marked as a repost.")
    var force = false

    /// `--as-of`, parsed.
    var asOf: AsOf? {
        get throws(DashbriefError) {
            guard let asOfText else { return nil }
            return try AsOf.parse(asOfText)
        }
    }

    func validate(days: Int?) throws {
        if let days, days < 1 { throw ValidationError("--days must be at least 1, got \(days)") }
        if force && !send { throw ValidationError("--force repeats a delivery: use it with --send") }
        if let days, days > 3_650 { throw ValidationError("--days must be at most 3650, got \(days)") }
        do {
            _ = try asOf
        } catch {
            throw ValidationError(error.message)
        }
    }

    /// The engine with these options' narration settings.
    func configure(_ engine: Engine) throws -> Engine {
        // Say so before the report is made, not after.
        if send && !engine.configuration.slack.canPost {
            FileHandle.standardError.write(
                Data("dashbrief: error: --send needs SLACK_BOT_TOKEN (or SLACK_WEBHOOK_URL)\n".utf8))
            throw ExitCode(1)
        }
        var engine = engine
        engine.narration.ai = !noAI && !showPrompt
        engine.narration.cache = !noCache
        engine.narration.promptFile = promptFile.map { URL(fileURLWithPath: $0) }
        // Only the HTML page draws charts (Slack posts and prompts do not).
        engine.charts = format == .html && !showPrompt
        return engine
    }

    /// The report in the chosen format, or with `--show-prompt` the prompt its narrative would be
    /// asked with.
    func emit(_ report: Report, engine: Engine) async throws {
        let text = try await reportingFailures {
            showPrompt ? try engine.prompt(for: report).shown : try report.rendered(as: format)
        }
        try await DashbriefCLI.emit(text, to: output)
        guard send && !showPrompt else { return }
        let outcomes = try await reportingFailures { try await engine.deliver(report, force: force) }
        for outcome in outcomes {
            FileHandle.standardError.write(Data("dashbrief: \(outcome)\n".utf8))
        }
    }
}

struct Daily: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Daily alert for one dashboard: the last complete day against the days before.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var report: ReportOptions
    @Option(name: .long, help: "Dashboard name or id (default: the first configured dashboard).") var dashboard: String?
    @Option(name: .long, help: "Complete days to review (default 14).") var days: Int?

    func validate() throws { try report.validate(days: days) }

    func run() async throws {
        let engine = try report.configure(try await global.engine())
        let name = dashboard ?? engine.configuration.dashboards[0].name
        let result = try await reportingFailures {
            try await engine.dailyReport(dashboard: name, days: days, method: report.method, asOf: report.asOf)
        }
        try await report.emit(result, engine: engine)
    }
}

struct Weekly: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Weekly report across dashboards: trends, funnels, retention and lifecycle.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var report: ReportOptions
    @Option(name: .long, help: "Dashboard name or id; repeat for several (default: every configured dashboard).")
    var dashboard: [String] = []
    @Option(name: .long, help: "Complete days to review (default 28).") var days: Int?

    func validate() throws { try report.validate(days: days) }

    func run() async throws {
        let engine = try report.configure(try await global.engine())
        let result = try await reportingFailures {
            try await engine.weeklyReport(
                dashboards: dashboard, days: days, method: report.method, asOf: report.asOf)
        }
        try await report.emit(result, engine: engine)
    }
}
