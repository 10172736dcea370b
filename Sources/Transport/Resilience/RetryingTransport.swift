/// Sends a request again, per `RetryPolicy`, when the failure is one that waiting can fix and
/// sending again cannot do harm: a request that is not idempotent is repeated only when its first
/// attempt certainly did nothing (see `RetryPolicy` and `HTTPRequest.isIdempotent`).
///
/// After the budget it returns the last response (so the caller can turn its status into an
/// actionable error) or rethrows the last transport error, noting how many attempts were made; a
/// failure it may not retry is rethrown at once, noting why.
///
/// Cancellation ends it at once with `CancellationError`: no attempt starts in a cancelled task, a
/// failure in one is not retried, and a wait before a retry ends early (`Clock.sleep` throws).
public struct RetryingTransport<C: Clock>: Transport where C.Duration == Duration {
    public let base: any Transport
    public let policy: RetryPolicy
    public let clock: C

    public init(base: any Transport, policy: RetryPolicy = RetryPolicy(), clock: C) {
        self.base = base
        self.policy = policy
        self.clock = clock
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var retry = 0
        var anyMayHaveBeenSent = false
        while true {
            try Task.checkCancellation()
            let attempts = retry + 1
            let response: HTTPResponse
            do {
                response = try await base.send(request)
            } catch let error as TransportError where policy.retryableErrors.contains(error.code) {
                // An abort can surface as a timeout or a broken connection; in a cancelled task it
                // is the cancellation, and retrying it would only be cancelled again.
                try Task.checkCancellation()
                anyMayHaveBeenSent = anyMayHaveBeenSent || error.mayHaveBeenSent
                guard policy.allowsRetry(of: request, after: error) else {
                    let tried = attempts == 1 ? "not retried" : "stopped after \(attempts) attempts"
                    let why = "the \(request.method) may have reached the server and is not idempotent"
                    throw TransportError(error.code, "\(error.message) (\(tried): \(why))")
                }
                guard retry < policy.maxRetries else {
                    throw TransportError(
                        error.code, "\(error.message) (gave up after \(attempts) attempts)",
                        mayHaveBeenSent: anyMayHaveBeenSent)
                }
                try await clock.sleep(for: policy.backoff(retry: retry))
                retry += 1
                continue
            }
            guard policy.allowsRetry(of: request, afterStatus: response.status), retry < policy.maxRetries else {
                return response.withAttempts(attempts)
            }
            let wait = policy.requestedWait(response) ?? policy.backoff(retry: retry)
            guard wait <= policy.maxRetryAfter else { return response.withAttempts(attempts) }
            try await clock.sleep(for: wait)
            retry += 1
        }
    }
}

extension HTTPResponse {
    func withAttempts(_ attempts: Int) -> HTTPResponse {
        var copy = self
        copy.attempts = attempts
        return copy
    }
}
