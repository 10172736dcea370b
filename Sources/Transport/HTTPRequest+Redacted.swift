import Foundation

/// A request prints without its credentials: `Authorization`, `Cookie` and any header whose name
/// mentions a key or token show `<redacted>`, and so does user info in the URL. Logging, `dump`
/// and string interpolation of a request, or of a value holding one, never reveal a secret.
extension HTTPRequest: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Whether a header's value is a credential.
    public static func isSecretHeader(_ name: String) -> Bool {
        let lowered = name.lowercased()
        return ["authorization", "proxy-authorization", "cookie", "set-cookie"].contains(lowered)
            || lowered.contains("key") || lowered.contains("token") || lowered.contains("secret")
    }

    /// The headers with every credential replaced by `<redacted>`.
    public var redactedHeaders: [(name: String, value: String)] {
        headers.map { (name: $0.name, value: Self.isSecretHeader($0.name) ? "<redacted>" : $0.value) }
    }

    public var description: String {
        let headerText = redactedHeaders.map { "\($0.name): \($0.value)" }.joined(separator: ", ")
        return "\(method) \(url.withoutUserInfo) [\(headerText)]"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "method": method, "url": url.withoutUserInfo,
                "headers": redactedHeaders.map { "\($0.name): \($0.value)" }, "bodyBytes": body?.count ?? 0,
                "replayTag": replayTag as Any, "isIdempotent": isIdempotent,
            ], displayStyle: .struct)
    }
}

extension URL {
    /// Whether a credential may be sent to this URL: over https anywhere, or over plain http only
    /// to this machine. A base URL can come from a committed config file; a key must not follow it
    /// in the clear to another host. A self-hosted PostHog served over plain http on a private
    /// network is allowed by setting `DASHBRIEF_ALLOW_HTTP_CREDENTIALS=1`.
    public var mayCarryCredentials: Bool {
        if scheme?.lowercased() == "https" { return true }
        if ProcessInfo.processInfo.environment["DASHBRIEF_ALLOW_HTTP_CREDENTIALS"] == "1" { return true }
        let host = (host ?? "").lowercased()
        return ["localhost", "::1", "[::1]"].contains(host) || host.hasPrefix("127.")
    }
}
