import ArgumentParser
import Dashbrief
import Foundation
import Logging

/// Options every command takes: where data and settings come from, and how much to log.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Replay this recorded snapshot directory instead of calling PostHog.")
    var snapshot: String?

    @Option(name: .long, help: "JSON config file (default: dashbrief.json in the working directory, if present).")
    var config: String?

    @Option(
        name: .customLong("env-file"), help: "Read variables from this file (default: .env in the working directory).")
    var envFile: String?

    @Flag(name: .long, help: "Log what dashbrief does on stderr.")
    var verbose = false

    /// The configuration these options select; `configFile` in place of `--config` when given
    /// (`backtest --compare-config`).
    func configuration(configFile: String? = nil) throws -> Configuration {
        let overrides = Configuration.Overrides(
            snapshotDirectory: snapshot.map { URL(fileURLWithPath: $0) },
            configFile: (configFile ?? config).map { URL(fileURLWithPath: $0) },
            envFile: envFile.map { URL(fileURLWithPath: $0) })
        return try Configuration.resolve(overrides: overrides)
    }

    /// The engine for these options, drawing fetch progress on a terminal. When nothing at all
    /// chooses a data source, the bundled demo snapshot, and stderr says so. Errors come back as
    /// a one-line message and exit code 1.
    func engine(configFile: String? = nil) async throws -> Engine {
        if configFile == nil { LoggingSetup.bootstrap(verbose: verbose) }
        return try await reportingFailures {
            var configuration = try configuration(configFile: configFile)
            if DataSource.isUnconfigured(configuration) {
                guard let demo = DataSource.bundledSnapshot() else {
                    throw DashbriefError(
                        .configuration,
                        "no data source: pass --snapshot DIR, or set POSTHOG_API_KEY and POSTHOG_PROJECT_ID (the bundled Fixtures/demo was not found)"
                    )
                }
                // Said once: not again for the engine of `backtest --compare-config`.
                if configFile == nil {
                    FileHandle.standardError.write(
                        Data(
                            "dashbrief: no PostHog credentials or snapshot configured; using the bundled demo snapshot (\(demo.path))\n"
                                .utf8))
                }
                configuration.snapshotDirectory = demo
            }
            var engine = try Engine(configuration: configuration, logger: Logger(label: "dashbrief"))
            engine.progress = ProgressDisplay.handler()
            return engine
        }
    }
}

enum LoggingSetup {
    static func bootstrap(verbose: Bool) {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = verbose ? .debug : .warning
            return handler
        }
    }
}

/// Runs `body`; a failure is printed as `dashbrief: error: <message>` and becomes exit code 1.
func reportingFailures<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as ExitCode {
        throw error
    } catch {
        printFailure(error)
        throw ExitCode(1)
    }
}

private func printFailure(_ error: any Error) {
    ProgressDisplay.finish()
    let message = String(describing: error)
    FileHandle.standardError.write(Data("dashbrief: error: \(message)\n".utf8))
}

/// Writes command output to stdout, or to a file when `--output` is given.
func emit(_ text: String, to path: String?) async throws {
    ProgressDisplay.finish()
    guard let path else {
        FileHandle.standardOutput.write(Data(text.utf8))
        return
    }
    try await reportingFailures {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw CLIError("cannot write \(path): \(error.localizedDescription)")
        }
    }
}

struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
