import Foundation

/// Runs blocking work — libcurl, a child process, a server's start — on a thread of its own and
/// awaits it. Swift concurrency's cooperative pool has one thread per core (two on CI): a test
/// that blocks a pool thread while it waits, beside another, stalls every asynchronous test and
/// every in-process simulator of the run, whose clients then time out.
public func blocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}
