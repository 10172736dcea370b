import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A request as the loopback server received it.
public struct ReceivedRequest: Sendable {
    public var method: String
    /// Path and query as on the request line.
    public var target: String
    /// Header fields with lower-cased names.
    public var headers: [String: String]
    public var body: Data
    /// When the request was read, on the continuous clock, for rate assertions.
    public var receivedAt: ContinuousClock.Instant
}

/// What the server answers; `delay` and `truncateBodyTo` let tests produce slow and broken replies.
public struct ScriptedResponse: Sendable {
    public var status: Int
    public var headers: [String: String]
    public var body: Data
    public var delay: Duration
    /// Sends a `Content-Length` for the whole body but closes after this many bytes.
    public var truncateBodyTo: Int?

    public init(
        status: Int = 200, headers: [String: String] = ["Content-Type": "application/json"],
        body: Data = Data(), delay: Duration = .zero, truncateBodyTo: Int? = nil
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.delay = delay
        self.truncateBodyTo = truncateBodyTo
    }

    public static func json(_ text: String, status: Int = 200) -> ScriptedResponse {
        ScriptedResponse(status: status, body: Data(text.utf8))
    }
}

/// A small HTTP/1.1 server on 127.0.0.1 and a port the kernel picks, for tests only: one thread
/// per connection, keep-alive unless the client asks to close or a reply is truncated. It never
/// listens beyond loopback.
public final class LoopbackServer: Sendable {
    public typealias Handler = @Sendable (ReceivedRequest) -> ScriptedResponse

    public let port: Int
    private let listener: Int32
    private let handler: Handler
    private let received = Mutex<[ReceivedRequest]>([])
    private let stopped = Atomic<Bool>(false)
    private let connections = Atomic<Int>(0)
    private let open = Mutex<Set<Int32>>([])

    /// Binds and starts accepting at once.
    public init(handler: @escaping Handler) throws {
        self.handler = handler
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { throw LoopbackServerError("socket() failed: errno \(errno)") }
        var yes: Int32 = 1
        setsockopt(socketFD, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(socketFD, 64) == 0 else {
            close(socketFD)
            throw LoopbackServerError("bind/listen on 127.0.0.1 failed: errno \(errno)")
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketFD, $0, &length) }
        }
        listener = socketFD
        port = Int(UInt16(bigEndian: actual.sin_port))
        let server = self
        Thread.detachNewThread { server.acceptLoop() }
    }

    deinit { stop() }

    /// `http://127.0.0.1:PORT` with no trailing slash.
    public var baseURL: URL { URL(string: "http://127.0.0.1:\(port)")! }

    /// Every request received so far, in arrival order.
    public var requests: [ReceivedRequest] { received.withLock { $0 } }

    /// TCP connections accepted so far (fewer than requests when clients reuse connections).
    public var connectionCount: Int { connections.load(ordering: .relaxed) }

    public func stop() {
        guard !stopped.exchange(true, ordering: .relaxed) else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        // Wake the threads waiting in recv on kept-alive connections.
        for connection in open.withLock({ $0 }) { shutdown(connection, Int32(SHUT_RDWR)) }
    }

    private func acceptLoop() {
        while !stopped.load(ordering: .relaxed) {
            let connection = accept(listener, nil, nil)
            if connection < 0 {
                if errno == EINTR { continue }
                return
            }
            connections.add(1, ordering: .relaxed)
            let server = self
            Thread.detachNewThread { server.serve(connection) }
        }
    }

    private func serve(_ connection: Int32) {
        open.withLock { _ = $0.insert(connection) }
        defer {
            open.withLock { _ = $0.remove(connection) }
            close(connection)
        }
        var buffer = Data()
        while !stopped.load(ordering: .relaxed) {
            guard let request = readRequest(connection, buffer: &buffer) else { return }
            received.withLock { $0.append(request) }
            let response = handler(request)
            if response.delay > .zero {
                let (seconds, attoseconds) = response.delay.components
                Thread.sleep(forTimeInterval: Double(seconds) + Double(attoseconds) / 1e18)
            }
            let closing = response.truncateBodyTo != nil || request.headers["connection"]?.lowercased() == "close"
            var head = "HTTP/1.1 \(response.status) \(Self.reason(response.status))\r\n"
            for (name, value) in response.headers { head += "\(name): \(value)\r\n" }
            head += "Content-Length: \(response.body.count)\r\n"
            head += closing ? "Connection: close\r\n\r\n" : "\r\n"
            var bytes = Data(head.utf8)
            bytes.append(response.body.prefix(response.truncateBodyTo ?? response.body.count))
            guard write(bytes, to: connection), !closing else { return }
        }
    }

    private func write(_ bytes: Data, to connection: Int32) -> Bool {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = send(connection, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                if written <= 0 { return false }
                offset += written
            }
            return true
        }
    }

    /// Reads one request from `connection`, keeping bytes of the next one in `buffer`.
    private func readRequest(_ connection: Int32, buffer: inout Data) -> ReceivedRequest? {
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        let separator = Data("\r\n\r\n".utf8)
        var headerEnd = buffer.range(of: separator)
        while headerEnd == nil {
            let count = recv(connection, &chunk, chunk.count, 0)
            if count <= 0 { return nil }
            buffer.append(chunk, count: count)
            headerEnd = buffer.range(of: separator)
        }
        let head = String(decoding: buffer[..<headerEnd!.lowerBound], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count >= 2 else { return nil }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces)
        }
        let expected = Int(headers["content-length"] ?? "0") ?? 0
        var rest = Data(buffer[headerEnd!.upperBound...])
        while rest.count < expected {
            let count = recv(connection, &chunk, chunk.count, 0)
            if count <= 0 { return nil }
            rest.append(chunk, count: count)
        }
        buffer = Data(rest.dropFirst(expected))
        return ReceivedRequest(
            method: String(requestLine[0]), target: String(requestLine[1]), headers: headers,
            body: Data(rest.prefix(expected)), receivedAt: .now)
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }
}

public struct LoopbackServerError: Error, CustomStringConvertible {
    // Also used for unreadable test fixtures: both are set-up failures, not product failures.
    public let description: String
    init(_ description: String) { self.description = description }
}
