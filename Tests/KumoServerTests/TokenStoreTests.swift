import Foundation
import KumoServer
import Testing

/// Tokens are shown once, stored hashed, verified in constant time and revocable.
struct TokenStoreTests {
    static func store() throws -> (TokenStore, URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kumo-tokens-\(UUID().uuidString)")
        return (try TokenStore(path: folder.appendingPathComponent("tokens.sqlite").path), folder)
    }

    @Test func aCreatedTokenVerifiesWithItsRoleAndNothingElseDoes() throws {
        let (store, folder) = try Self.store()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (token, record) = try store.create(name: "ops", role: .trader)
        #expect(token.hasPrefix("kumo_\(record.id)_") && token.count == 5 + 12 + 1 + 64)
        #expect(store.verify(token)?.role == .trader)
        // One character of the secret changed, a truncated token, another id: all refused.
        var wrong = Array(token)
        wrong[wrong.count - 1] = wrong.last == "0" ? "1" : "0"
        #expect(store.verify(String(wrong)) == nil)
        #expect(store.verify(String(token.dropLast())) == nil)
        #expect(store.verify("kumo_000000000000_" + String(token.suffix(64))) == nil)
        #expect(store.verify("Bearer " + token) == nil)
        // The file holds the hash, never the secret.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: store.path))
        #expect(bytes.range(of: Data(token.suffix(64).utf8)) == nil)
        #expect(try store.list().map(\.name) == ["ops"])
        #expect(try store.revoke(record.id))
        #expect(store.verify(token) == nil)
        #expect(try store.revoke("nope") == false)
        #expect(try store.list().first?.revoked == true)
    }

    @Test func aRevocationByAnotherProcessTakesEffectWithinTheCacheTime() throws {
        let (store, folder) = try Self.store()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (token, record) = try store.create(name: "ops", role: .viewer)
        #expect(store.verify(token, now: 100)?.role == .viewer)
        // `kumo token revoke` in another process: its own store on the same file.
        let other = try TokenStore(path: store.path)
        #expect(try other.revoke(record.id))
        #expect(store.verify(token, now: 100 + store.cacheSeconds / 2) != nil, "still the row read at 100")
        #expect(store.verify(token, now: 100 + store.cacheSeconds) == nil, "read again once the cache time has passed")
        // A wrong secret is refused even while the right one's row is cached.
        let (fresh, _) = try store.create(name: "ops2", role: .admin)
        #expect(store.verify(fresh, now: 200)?.role == .admin)
        #expect(store.verify(String(fresh.dropLast()) + (fresh.last == "0" ? "1" : "0"), now: 200) == nil)
    }

    @Test func rolesIncludeTheOnesBelow() {
        #expect(APIRole.admin.allows(.trader) && APIRole.trader.allows(.viewer) && APIRole.viewer.allows(.viewer))
        #expect(!APIRole.viewer.allows(.trader) && !APIRole.trader.allows(.admin))
    }

    @Test func bucketsRefillAtTheirRateAndSayHowLongToWait() {
        let limiter = RateLimiter(limits: ["read": .init(burst: 3, perSecond: 0.5)])
        // Three at once pass, the fourth waits 2 s (one token at 0.5 a second).
        #expect((0..<3).allSatisfy { _ in limiter.take(key: "a", routeClass: "read", now: 100) == nil })
        #expect(limiter.take(key: "a", routeClass: "read", now: 100) == 2)
        // Another token's bucket is its own.
        #expect(limiter.take(key: "b", routeClass: "read", now: 100) == nil)
        // After 1 s half a token is back: still 1 s to wait; after 2 s one passes.
        #expect(limiter.take(key: "a", routeClass: "read", now: 101) == 1)
        #expect(limiter.take(key: "a", routeClass: "read", now: 102) == nil)
        // A route class without a limit is not limited.
        #expect(limiter.take(key: "a", routeClass: "health", now: 102) == nil)
    }
}
