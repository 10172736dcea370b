import Analysis
import Foundation

/// The model's answers on disk, keyed by (model, prompt): rendering the same report again, or in
/// another format, costs no second call, and a replayed snapshot narrates the same way. A file
/// holds the model and both messages beside the answer and is used only when they match, so a
/// hash collision is a miss, never a wrong answer.
public struct AnswerCache: Sendable {
    public let directory: URL

    public init(directory: URL) { self.directory = directory }

    /// `DASHBRIEF_CACHE_DIR`, else `$XDG_CACHE_HOME/dashbrief`, else `~/.cache/dashbrief`; answers
    /// go in its `llm` folder.
    public static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        let root: URL
        if let explicit = environment["DASHBRIEF_CACHE_DIR"], !explicit.isEmpty {
            root = URL(fileURLWithPath: explicit)
        } else if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty {
            root = URL(fileURLWithPath: xdg).appendingPathComponent("dashbrief")
        } else {
            root = FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/dashbrief")
        }
        return root.appendingPathComponent("llm")
    }

    private struct Entry: Codable {
        var model: String
        var system: String
        var user: String
        var content: String
    }

    public func answer(model: String, system: String, user: String) -> String? {
        guard let data = try? Data(contentsOf: file(model: model, system: system, user: user)),
            let entry = try? JSONDecoder().decode(Entry.self, from: data),
            entry.model == model, entry.system == system, entry.user == user
        else { return nil }
        return entry.content
    }

    /// Stores an answer; a cache that cannot be written is skipped (it only saves a call).
    public func store(_ content: String, model: String, system: String, user: String) {
        let entry = Entry(model: model, system: system, user: user, content: content)
        guard let data = try? JSONEncoder().encode(entry) else { return }
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try? data.write(to: file(model: model, system: system, user: user), options: .atomic)
    }

    func file(model: String, system: String, user: String) -> URL {
        directory.appendingPathComponent("\(Self.digest(model + "\u{0}" + system + "\u{0}" + user)).json")
    }

    /// Two FNV-1a 64-bit hashes (different offsets) and the length: a file name, not a secret.
    static func digest(_ text: String) -> String {
        FNV1a.hex64(text) + FNV1a.hex64(text, offset: 0x8422_2325_cbf2_9ce4) + "-\(text.utf8.count)"
    }
}
