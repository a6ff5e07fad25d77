public import Foundation
public import KumoLive

/// Hands API requests to the engine thread: a handler enqueues a job and awaits it; the engine
/// runs the queued jobs between events (``drain(_:)``, registered in `betweenEvents`), as it runs
/// the console's, so nothing the API does races the event loop or skips the journal.
public final class EngineGate: @unchecked Sendable {
    // @unchecked Sendable: the queue is behind the lock; jobs run on the engine thread only.
    private let lock = NSLock()
    private var jobs: [(run: (LiveEngine) -> Void, abandon: () -> Void)] = []
    private var closed = false

    /// Called after a job is queued: wakes a waiting engine (its `wakeup` semaphore).
    private let wake: @Sendable () -> Void
    /// Runs after each job, before its caller hears the answer (the snapshots are remade there).
    private let afterJob: (LiveEngine) -> Void

    public init(wake: @escaping @Sendable () -> Void = {}, afterJob: @escaping (LiveEngine) -> Void = { _ in }) {
        self.wake = wake
        self.afterJob = afterJob
    }

    /// Runs the queued jobs; call on the engine thread.
    public func drain(_ engine: LiveEngine) {
        for job in take() { job.run(engine) }
    }

    /// The engine has stopped: waiting requests and later ones get 503 instead of waiting forever.
    public func close() {
        lock.withLock { closed = true }
        for job in take() { job.abandon() }
    }

    private func take() -> [(run: (LiveEngine) -> Void, abandon: () -> Void)] {
        lock.withLock {
            defer { jobs.removeAll() }
            return jobs
        }
    }

    /// Runs `body` on the engine thread at its next gap and returns what it made.
    public func perform(_ body: @escaping @Sendable (LiveEngine) -> APIReply) async -> APIReply {
        await value(body) ?? .error(503, "the engine has stopped")
    }

    /// Runs `body` on the engine thread at its next gap and returns its value; nil once the engine has stopped.
    public func value<Value: Sendable>(_ body: @escaping @Sendable (LiveEngine) -> Value) async -> Value? {
        await withCheckedContinuation { continuation in
            let queued = lock.withLock { () -> Bool in
                guard !closed else { return false }
                jobs.append((run: { [afterJob] engine in
                    let value = body(engine)
                    afterJob(engine)
                    continuation.resume(returning: value)
                }, abandon: { continuation.resume(returning: nil) }))
                return true
            }
            if queued { wake() } else { continuation.resume(returning: nil) }
        }
    }
}

/// An answer before it is an HTTP response: status, JSON (or text) body and extra headers.
public struct APIReply: Sendable {
    public var status: Int
    public var body: Data
    public var contentType: String
    public var headers: [String: String]

    public init(status: Int, body: Data, contentType: String = "application/json", headers: [String: String] = [:]) {
        self.status = status
        self.body = body
        self.contentType = contentType
        self.headers = headers
    }

    /// A JSON object or array.
    /// A value JSON cannot hold (a NaN, a non-collection) is a 500 naming it, never a crash.
    public static func json(_ value: Any, status: Int = 200) -> APIReply {
        guard JSONSerialization.isValidJSONObject(value), let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]) else {
            let problem = "{\"error\": \"the answer could not be written as JSON (\(String(describing: type(of: value))))\"}"
            return APIReply(status: 500, body: Data(problem.utf8))
        }
        return APIReply(status: status, body: data)
    }

    /// `{"error": message}` with `status`.
    public static func error(_ status: Int, _ message: String, headers: [String: String] = [:]) -> APIReply {
        var reply = json(["error": message], status: status)
        reply.headers = headers
        return reply
    }
}
