import Synchronization

/// Token buckets per (API token, route class): each holds up to `burst` requests and refills
/// at `perSecond`; a request finding its bucket empty is told how long to wait (`Retry-After`).
public final class RateLimiter: Sendable {
    /// How much of the API a class of routes may use.
    public struct Limit: Sendable, Equatable {
        public var burst: Double
        public var perSecond: Double

        public init(burst: Double, perSecond: Double) {
            precondition(burst >= 1 && perSecond > 0, "a rate limit needs a burst of at least 1 and a positive rate")
            self.burst = burst
            self.perSecond = perSecond
        }
    }

    struct Bucket {
        var tokens: Double
        var updated: Double
    }

    let limits: [String: Limit]
    let buckets = Mutex<[String: Bucket]>([:])

    /// `limits` by route class (such as "read", "trade", "admin").
    public init(limits: [String: Limit]) { self.limits = limits }

    /// Takes one request from `key`'s bucket of `routeClass` at `now` (seconds on any monotonic
    /// clock): nil when allowed, else the whole seconds to wait before one is.
    public func take(key: String, routeClass: String, now: Double) -> Int? {
        guard let limit = limits[routeClass] else { return nil }
        return buckets.withLock { buckets -> Int? in
            let id = routeClass + "\u{1F}" + key
            var bucket = buckets[id] ?? Bucket(tokens: limit.burst, updated: now)
            bucket.tokens = min(limit.burst, bucket.tokens + max(0, now - bucket.updated) * limit.perSecond)
            bucket.updated = now
            defer { buckets[id] = bucket }
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                return nil
            }
            return max(1, Int(((1 - bucket.tokens) / limit.perSecond).rounded(.up)))
        }
    }
}
