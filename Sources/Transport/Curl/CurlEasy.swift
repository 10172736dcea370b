import CCurl
import Foundation
import Synchronization

/// libcurl's global state is set up once per process, before the first handle.
private let curlGlobalInit: CURLcode = curl_global_init(Int(CURL_GLOBAL_DEFAULT))

/// What the transfer thread accumulates. Touched only on that thread, through curl's callbacks.
final class TransferSink {
    var body = Data()
    var headers: [String: String] = [:]
    let cancellation: CancellationFlag

    init(cancellation: CancellationFlag) { self.cancellation = cancellation }
}

private func receiveBody(
    _ pointer: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?
) -> Int {
    guard let pointer, let context else { return 0 }
    let sink = Unmanaged<TransferSink>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    pointer.withMemoryRebound(to: UInt8.self, capacity: length) { sink.body.append($0, count: length) }
    return length
}

private func receiveHeader(
    _ pointer: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?
) -> Int {
    guard let pointer, let context else { return 0 }
    let sink = Unmanaged<TransferSink>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    let line = pointer.withMemoryRebound(to: UInt8.self, capacity: length) {
        String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
    }
    if line.hasPrefix("HTTP/") {
        sink.headers = [:]  // a new response (after 100-continue or a redirect) starts afresh
    } else if let colon = line.firstIndex(of: ":") {
        let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
        sink.headers[name] = value
    }
    return length
}

private func reportProgress(
    _ context: UnsafeMutableRawPointer?, _ downloadTotal: curl_off_t, _ downloaded: curl_off_t,
    _ uploadTotal: curl_off_t, _ uploaded: curl_off_t
) -> Int32 {
    guard let context else { return 0 }
    return Unmanaged<TransferSink>.fromOpaque(context).takeUnretainedValue().cancellation.isCancelled ? 1 : 0
}

/// A curl easy handle. Not thread-safe in itself: a handle is used by one transfer at a time,
/// taken from and given back to `CurlHandlePool` under its lock, which is what makes it Sendable.
struct EasyHandle: @unchecked Sendable {
    let raw: UnsafeMutableRawPointer
}

/// Idle easy handles kept between transfers. A reused handle keeps its connection cache, so
/// requests to the same host reuse the TCP/TLS connection (HTTP keep-alive).
final class CurlHandlePool: Sendable {
    private let idle = Mutex<[EasyHandle]>([])
    private let capacity: Int

    init(capacity: Int = 8) { self.capacity = capacity }

    deinit {
        for handle in idle.withLock({ $0 }) { curl_easy_cleanup(handle.raw) }
    }

    func take() throws -> EasyHandle {
        if let handle = idle.withLock({ $0.popLast() }) {
            curl_easy_reset(handle.raw)  // options back to defaults; connections and caches stay
            return handle
        }
        guard curlGlobalInit == CURLE_OK, let raw = curl_easy_init() else {
            throw TransportError(.other, "libcurl could not be initialised", mayHaveBeenSent: false)
        }
        return EasyHandle(raw: raw)
    }

    func giveBack(_ handle: EasyHandle) {
        let kept = idle.withLock { handles -> Bool in
            guard handles.count < capacity else { return false }
            handles.append(handle)
            return true
        }
        if !kept { curl_easy_cleanup(handle.raw) }
    }
}

/// One blocking transfer on a pooled easy handle.
enum CurlEasy {
    static func perform(
        _ request: HTTPRequest, options: CurlTransport.Options, pool: CurlHandlePool, cancellation: CancellationFlag
    ) throws -> HTTPResponse {
        let pooled = try pool.take()
        defer { pool.giveBack(pooled) }
        let handle = pooled.raw

        let sink = TransferSink(cancellation: cancellation)
        let context = Unmanaged.passRetained(sink)
        defer { context.release() }

        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headerList) }
        for header in request.headers {
            headerList = curl_slist_append(headerList, "\(header.name): \(header.value)")
        }
        // curl adds "Expect: 100-continue" to larger POSTs, which costs a round trip for nothing.
        headerList = curl_slist_append(headerList, "Expect:")

        var failures: [CURLcode] = []
        func set(_ code: CURLcode) { if code != CURLE_OK { failures.append(code) } }
        set(ccurl_setopt_string(handle, CURLOPT_URL, request.url.absoluteString))
        set(ccurl_setopt_long(handle, CURLOPT_NOSIGNAL, 1))
        set(ccurl_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 1))
        set(ccurl_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 2))
        set(ccurl_setopt_string(handle, CURLOPT_ACCEPT_ENCODING, ""))
        set(ccurl_setopt_long(handle, CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_2TLS)))
        set(ccurl_setopt_string(handle, CURLOPT_USERAGENT, options.userAgent))
        set(ccurl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, milliseconds(options.connectTimeout)))
        set(ccurl_setopt_long(handle, CURLOPT_TIMEOUT_MS, milliseconds(options.totalTimeout)))
        set(ccurl_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList))
        set(ccurl_setopt_callback(handle, CURLOPT_WRITEFUNCTION, receiveBody))
        set(ccurl_setopt_pointer(handle, CURLOPT_WRITEDATA, context.toOpaque()))
        set(ccurl_setopt_callback(handle, CURLOPT_HEADERFUNCTION, receiveHeader))
        set(ccurl_setopt_pointer(handle, CURLOPT_HEADERDATA, context.toOpaque()))
        set(ccurl_setopt_long(handle, CURLOPT_NOPROGRESS, 0))
        set(ccurl_setopt_progress(handle, reportProgress))
        set(ccurl_setopt_pointer(handle, CURLOPT_XFERINFODATA, context.toOpaque()))
        if request.method.uppercased() != "GET" {
            set(ccurl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, request.method.uppercased()))
        }
        if let body = request.body {
            set(ccurl_setopt_long(handle, CURLOPT_POSTFIELDSIZE, body.count))
            // COPYPOSTFIELDS makes curl keep its own copy; a one-byte buffer stands in for an
            // empty body because the pointer must not be null.
            var bytes = [UInt8](body)
            if bytes.isEmpty { bytes = [0] }
            bytes.withUnsafeMutableBytes { set(ccurl_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, $0.baseAddress)) }
        }
        if let failure = failures.first {
            throw TransportError(
                .other, "libcurl rejected an option: \(String(cString: curl_easy_strerror(failure)))",
                mayHaveBeenSent: false)
        }

        let result = curl_easy_perform(handle)
        guard result == CURLE_OK else {
            // An aborted transfer is the task's cancellation, whatever curl made of it (the abort can
            // race a timeout): report it as Swift does everywhere else, not as a network fault.
            if cancellation.isCancelled { throw CancellationError() }
            throw error(for: result, request: request)
        }
        var status = 0
        _ = ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return HTTPResponse(status: status, headers: sink.headers, body: sink.body, source: request.url.withoutUserInfo)
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }

    private static func error(for code: CURLcode, request: HTTPRequest) -> TransportError {
        let reason = String(cString: curl_easy_strerror(code))
        let target = "\(request.method) \(request.url.withoutUserInfo)"
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            return TransportError(.timedOut, "\(target): timed out (\(reason))")
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY,
            CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION:
            // Before the request: no name, no connection, or no TLS session to send it on (curl
            // sends no early data unless asked to).
            return TransportError(.connectionFailed, "\(target): \(reason)", mayHaveBeenSent: false)
        case CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE:
            // On an open connection: the server may have read the request, and acted on it.
            return TransportError(.connectionFailed, "\(target): \(reason)")
        default:
            return TransportError(.other, "\(target): \(reason) (curl error \(code.rawValue))")
        }
    }

}
