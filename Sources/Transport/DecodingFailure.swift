import Foundation

/// Turns Foundation's decoding errors into one line that names the JSON path, e.g.
/// `tiles[2].insight.result[0].data[5]: expected a number, found a string`.
public enum DecodingFailure {
    /// A JSON path such as `tiles[2].insight.result`, or `(root)` for an empty path.
    public static func path(_ codingPath: [any CodingKey]) -> String {
        var text = ""
        for key in codingPath {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text.isEmpty ? "(root)" : text
    }

    /// One line for a person: where in the JSON, and what was wrong there.
    public static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        switch error {
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)): expected \(typeName(type)), \(found(context))"
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)): expected \(typeName(type)), found null"
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath + [key])): required field is missing"
        case .dataCorrupted(let context):
            let underlying = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
            let detail = underlying ?? context.debugDescription
            return context.codingPath.isEmpty
                ? "invalid JSON: \(detail)" : "\(path(context.codingPath)): \(detail)"
        @unknown default:
            return "\(error)"
        }
    }

    private static func found(_ context: DecodingError.Context) -> String {
        let text = context.debugDescription
        if let range = text.range(of: "but found ") {
            var rest = text[range.upperBound...].trimmingCharacters(in: CharacterSet(charactersIn: ". "))
            if rest.hasSuffix(" instead") { rest.removeLast(" instead".count) }
            return "found " + rest
        }
        return text
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is Double.Type, is Int.Type, is Float.Type: "a number"
        case is String.Type: "a string"
        case is Bool.Type: "a boolean"
        default:
            "\(type)".hasPrefix("Array") ? "an array" : "\(type)".hasPrefix("Dictionary") ? "an object" : "\(type)"
        }
    }
}
