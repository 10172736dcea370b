import Foundation

/// Locations the tests read from: the repository's fixtures and the shared reference material.
public enum TestPaths {
    /// The repository root, found from this file's compile-time path.
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static var fixtures: URL { repositoryRoot.appendingPathComponent("Fixtures") }
    public static var demoSnapshot: URL { fixtures.appendingPathComponent("demo") }

    /// `../shared` beside the repository (present on developer machines and in CI).
    public static var shared: URL { repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared") }
    public static var posthogShapes: URL { shared.appendingPathComponent("posthog-shapes") }

    /// Whether tests that read `../shared` should run: always in CI (where a missing `shared/`
    /// must fail loudly), elsewhere only when it is there, so a standalone clone still passes.
    public static var sharedMaterialExpected: Bool {
        ProcessInfo.processInfo.environment["CI"] != nil
            || FileManager.default.fileExists(atPath: posthogShapes.path)
    }

    /// A fresh, empty directory under the system's temporary directory.
    public static func temporaryDirectory(_ label: String = "dashbrief") throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(label)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
