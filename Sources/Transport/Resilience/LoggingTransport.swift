import Foundation
import Logging

/// Logs each request at debug level: method, path with secret query values redacted, status and
/// time taken. Headers and bodies are never logged: they carry keys and data.
public struct LoggingTransport: Transport {
    public let base: any Transport
    public let logger: Logger

    /// Query parameters whose values are replaced by `REDACTED` in logs.
    static let secretParameters: Set<String> = [
        "personal_api_key", "api_key", "apikey", "token", "key", "access_token",
    ]

    public init(base: any Transport, logger: Logger) {
        self.base = base
        self.logger = logger
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let clock = ContinuousClock()
        let started = clock.now
        let target = "\(request.method) \(Self.redacted(request.url.pathAndQuery))"
        do {
            let response = try await base.send(request)
            logger.debug("\(target) → \(response.status) in \(Self.milliseconds(clock.now - started)) ms")
            return response
        } catch {
            logger.debug("\(target) → failed in \(Self.milliseconds(clock.now - started)) ms: \(error)")
            throw error
        }
    }

    /// `/path?a=1&token=x` → `/path?a=1&token=REDACTED`.
    static func redacted(_ pathAndQuery: String) -> String {
        let parts = pathAndQuery.split(separator: "?", maxSplits: 1)
        guard parts.count == 2 else { return pathAndQuery }
        let query = parts[1].split(separator: "&").map { item -> String in
            let name = item.split(separator: "=", maxSplits: 1).first.map(String.init) ?? ""
            return secretParameters.contains(name.lowercased()) ? "\(name)=REDACTED" : String(item)
        }
        return "\(parts[0])?\(query.joined(separator: "&"))"
    }

    static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }
}
