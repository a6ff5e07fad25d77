public import Foundation

/// Where the engine keeps one running strategy: the current version and its services. A hot
/// reload swaps the version here, between two events; the slot itself (and so the positions and
/// orders the engine files under it) stays.
public final class StrategySlot {
    public let file: URL
    public let services: any StrategyServices
    public private(set) var current: ScriptedStrategy
    /// 1 for the version loaded at start, +1 per applied reload.
    public private(set) var version = 1

    public init(strategy: ScriptedStrategy, services: any StrategyServices) {
        self.file = strategy.file
        self.services = services
        self.current = strategy
    }

    func swap(to strategy: ScriptedStrategy) {
        current = strategy
        version += 1
    }
}

/// One reload attempt, kept in the reloader's history.
public struct ReloadRecord: Sendable, Hashable {
    public enum Outcome: Sendable, Hashable {
        /// The new version runs; `carriedState` tells whether snapshot/restore moved state.
        case applied(carriedState: Bool)
        /// The old version keeps running; the message says why.
        case failed(String)
    }

    public var file: String
    /// The slot's version after the attempt (unchanged when it failed).
    public var version: Int
    /// Engine time of the attempt (seconds since 1970, UTC).
    public var time: Double
    public var sourceDigest: String?
    public var outcome: Outcome
    /// The changed files that caused the attempt (the strategy itself or a module it requires).
    public var trigger: [String]
}
