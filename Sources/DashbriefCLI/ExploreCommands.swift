import ArgumentParser
import Dashbrief

struct Dashboards: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the project's dashboards.")

    @OptionGroup var global: GlobalOptions
    @Flag(name: .long, help: "Print JSON instead of a table.") var json = false

    func run() async throws {
        let engine = try await global.engine()
        let dashboards = try await reportingFailures { try await engine.dashboards() }
        try await emit(try DashboardListPresentation(dashboards).rendered(as: json ? .json : .text), to: nil)
    }
}

struct DashboardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard", abstract: "Show a dashboard's insights and what dashbrief reads from each.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Dashboard name or numeric id.") var nameOrID: String
    @Flag(name: .long, help: "Print JSON instead of a table.") var json = false

    func run() async throws {
        let engine = try await global.engine()
        let dashboard = try await reportingFailures { try await engine.dashboard(nameOrID) }
        try await emit(try DashboardPresentation(dashboard).rendered(as: json ? .json : .text), to: nil)
    }
}

struct InsightCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "insight", abstract: "Show one insight's data, normalised.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Insight numeric id or short id (the one in insight URLs).") var idOrShortID: String
    @Option(name: .long, help: "Show the last N complete periods (and any incomplete one after them).")
    var days: Int?
    @Flag(name: .long, help: "Print JSON instead of a table.") var json = false

    func validate() throws {
        if let days, days < 1 { throw ValidationError("--days must be at least 1, got \(days)") }
    }

    func run() async throws {
        let engine = try await global.engine()
        let insight = try await reportingFailures { try await engine.insight(idOrShortID, days: days) }
        try await emit(try InsightPresentation(insight).rendered(as: json ? .json : .text), to: nil)
    }
}
