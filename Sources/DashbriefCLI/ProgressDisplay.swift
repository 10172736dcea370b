import Dashbrief
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Fetch progress on stderr, redrawn in place, only when stderr is a terminal: pipes, files and
/// CI logs stay clean.
enum ProgressDisplay {
    static var isTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// A progress handler for the engine, or nil when stderr is not a terminal.
    static func handler() -> (@Sendable (FetchProgress) -> Void)? {
        guard isTerminal else { return nil }
        return { progress in
            let line = "fetching \(progress.dashboard): \(progress.insightsDone)/\(progress.insightsTotal) insights"
            FileHandle.standardError.write(Data("\r\u{1B}[K\(line)".utf8))
        }
    }

    /// Clears the progress line before the command's own output.
    static func finish() {
        guard isTerminal else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
