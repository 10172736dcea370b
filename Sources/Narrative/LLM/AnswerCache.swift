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

    /// What an answer depends on: the server, the model, its temperature and both messages.
    public struct Key: Sendable, Equatable, Codable {
        public var server: String
        public var model: String
        public var temperature: Double
        public var system: String
        public var user: String

        public init(settings: LLMSettings, system: String, user: String) {
            server = settings.baseURL.withoutUserInfo
            model = settings.model
            temperature = settings.temperature
            self.system = system
            self.user = user
        }
    }

    private struct Entry: Codable {
        var key: Key
        var content: String
    }

    public func answer(for key: Key) -> String? {
        guard let data = try? Data(contentsOf: file(for: key)),
            let entry = try? JSONDecoder().decode(Entry.self, from: data), entry.key == key
        else { return nil }
        return entry.content
    }

    /// Stores an answer, readable by its owner only (it holds the prompt, which holds the
    /// project's numbers); a cache that cannot be written is skipped (it only saves a call).
    public func store(_ content: String, for key: Key) {
        guard let data = try? JSONEncoder().encode(Entry(key: key, content: content)) else { return }
        try? FileManager.default.createDirectory(
            at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let url = file(for: key)
        guard (try? data.write(to: url, options: .atomic)) != nil else { return }
        try? FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
    }

    func file(for key: Key) -> URL {
        let text = [key.server, key.model, String(key.temperature), key.system, key.user].joined(separator: "\u{0}")
        return directory.appendingPathComponent("\(Self.digest(text)).json")
    }

    /// Two FNV-1a 64-bit hashes (different offsets) and the length: a file name, not a secret.
    static func digest(_ text: String) -> String {
        FNV1a.hex64(text) + FNV1a.hex64(text, offset: 0x8422_2325_cbf2_9ce4) + "-\(text.utf8.count)"
    }
}
