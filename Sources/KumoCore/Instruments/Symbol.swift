import Synchronization

/// The code a trader types for an instrument: `005930` on KRX, `AAPL` abroad.
///
/// Only letters, digits, `.`, `-` and `_` are allowed, 1 to 32 of them, so a symbol is safe in
/// file names, SQL and log lines. Each code is interned when a symbol is made: equality and
/// hashing use its number, so the engine's per-bar dictionaries never hash a string.
public struct Symbol: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let code: String
    /// The code's number in this process (the order codes were first seen; never persisted).
    public let id: Int32

    /// Creates a symbol, or returns `nil` when `code` is empty, too long or has other characters.
    public init?(_ code: String) {
        guard (1...32).contains(code.utf8.count),
            code.utf8.allSatisfy({ Symbol.allowed.contains($0) })
        else { return nil }
        self.code = code
        id = Self.intern(code)
    }

    public var description: String { code }

    public static func == (lhs: Symbol, rhs: Symbol) -> Bool { lhs.id == rhs.id }

    public func hash(into hasher: inout Hasher) { hasher.combine(id) }

    /// Every code seen, numbered in order: made rarely (parsing), read never on the hot path.
    private static let table = Mutex<[String: Int32]>([:])

    private static func intern(_ code: String) -> Int32 {
        table.withLock { codes in
            if let id = codes[code] { return id }
            let id = Int32(codes.count)
            codes[code] = id
            return id
        }
    }

    public static func < (lhs: Symbol, rhs: Symbol) -> Bool { lhs.code < rhs.code }

    private static let allowed: Set<UInt8> = Set(
        Array(UInt8(ascii: "0")...UInt8(ascii: "9")) + Array(UInt8(ascii: "A")...UInt8(ascii: "Z"))
            + Array(UInt8(ascii: "a")...UInt8(ascii: "z")) + [UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "_")])
}
