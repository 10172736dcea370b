import Foundation
import PostHog

/// The PostHog bodies written for tests in `Tests/PostHogTests/Fixtures` (by its `generate.py`):
/// SQL insights, empty results and legacy-filters insights, read as the client reads a response.
public enum PostHogFixtures {
    public static var directory: URL {
        TestPaths.repositoryRoot.appendingPathComponent("Tests/PostHogTests/Fixtures")
    }

    /// "Now" of every fixture: the `last_refresh` of its insights, 2026-11-24T23:12:07.482Z.
    public static let now = Timestamp.instant("2026-11-24T23:12:07.482Z")!

    /// The fixture `name` as a mutable JSON object.
    public static func json(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: directory.appendingPathComponent(name))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSFilePathErrorKey: name])
        }
        return object
    }

    /// `object` decoded as the client decodes a response body.
    public static func decode<Body: Decodable>(_ object: [String: Any], as type: Body.Type, source: String) throws
        -> Body
    {
        try PostHogClient.decode(type, from: try JSONSerialization.data(withJSONObject: object), source: source)
    }

    /// The insight fixture `name`, with `edit` applied to its JSON first.
    public static func insight(_ name: String, edit: (inout [String: Any]) -> Void = { _ in }) throws -> Insight {
        var object = try json(name)
        edit(&object)
        return try decode(object, as: Insight.self, source: name)
    }

    /// The dashboard fixture `name`.
    public static func dashboard(_ name: String) throws -> Dashboard {
        try decode(try json(name), as: Dashboard.self, source: name)
    }
}
