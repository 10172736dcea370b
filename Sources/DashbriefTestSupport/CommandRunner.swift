import Foundation

/// Runs the built `dashbrief` binary as a black box, the way a user does.
public enum CommandRunner {
    public struct Outcome: Sendable {
        public var status: Int32
        public var standardOutput: String
        public var standardError: String
    }

    /// The `dashbrief` executable next to the running test bundle.
    public static var executable: URL {
        let candidates = [
            Bundle.main.bundleURL.appendingPathComponent("dashbrief"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("dashbrief"),
            TestPaths.repositoryRoot.appendingPathComponent(".build/debug/dashbrief"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }

    /// Runs `dashbrief arguments…` in `directory` with only `environment` set (plus PATH/HOME),
    /// so that a developer's own PostHog or OpenAI variables never leak into a test. The wait is on
    /// a thread of its own: a test blocked on a child process must not hold one of the cooperative
    /// pool's threads (two on this machine), or the parallel suite's timed tests starve.
    public static func run(
        _ arguments: [String], environment: [String: String] = [:], in directory: URL? = nil
    ) async throws -> Outcome {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(
                    with: Result { try runBlocking(arguments, environment: environment, in: directory) })
            }
        }
    }

    private static func runBlocking(
        _ arguments: [String], environment: [String: String], in directory: URL?
    ) throws -> Outcome {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var base = ["OPENBLAS_NUM_THREADS": "1", "TZ": "UTC"]
        for name in ["PATH", "HOME"] { base[name] = ProcessInfo.processInfo.environment[name] }
        process.environment = base.merging(environment) { $1 }
        process.currentDirectoryURL = try directory ?? TestPaths.temporaryDirectory("dashbrief-cwd")
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Read both pipes to the end before waiting, so a large output cannot block the child.
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus, standardOutput: String(decoding: outputData, as: UTF8.self),
            standardError: String(decoding: errorData, as: UTF8.self))
    }
}

/// Compares output with a golden file under `Tests/<target>/Golden/`; with
/// `DASHBRIEF_UPDATE_GOLDEN=1` it writes the file instead (then review the diff before committing).
public enum GoldenFile {
    public static func url(_ name: String, target: String) -> URL {
        TestPaths.repositoryRoot.appendingPathComponent("Tests/\(target)/Golden/\(name)")
    }

    /// nil when `actual` matches (or was recorded); otherwise a description of the first difference.
    public static func mismatch(_ actual: String, name: String, target: String) throws -> String? {
        let file = url(name, target: target)
        if ProcessInfo.processInfo.environment["DASHBRIEF_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: file)
            return nil
        }
        guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
            return "golden file \(file.path) is missing: run with DASHBRIEF_UPDATE_GOLDEN=1 to record it"
        }
        guard expected != actual else { return nil }
        let expectedLines = expected.components(separatedBy: "\n")
        let actualLines = actual.components(separatedBy: "\n")
        let line =
            zip(expectedLines, actualLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            ?? min(expectedLines.count, actualLines.count)
        let want = line < expectedLines.count ? expectedLines[line] : "(end of file)"
        let got = line < actualLines.count ? actualLines[line] : "(end of output)"
        return "\(file.lastPathComponent) differs at line \(line + 1):\n  expected: \(want)\n  actual:   \(got)"
    }
}
