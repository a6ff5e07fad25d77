/// FNV-1a, 64 bits: a fast, stable fingerprint (not a cryptographic hash) for telling versions of
/// a text or a data set apart and for checksumming journal records.
public struct FNV1a: Sendable, Hashable {
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    public mutating func add(_ bytes: some Sequence<UInt8>) {
        for byte in bytes {
            value ^= UInt64(byte)
            value = value &* 0x100_0000_01b3
        }
    }

    /// Adds a 64-bit value, least significant byte first.
    public mutating func add(_ word: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { add(CollectionOfOne(UInt8(truncatingIfNeeded: word >> UInt64(shift)))) }
    }

    /// The hash in lowercase hexadecimal.
    public var hex: String { String(value, radix: 16) }

    /// The fingerprint of a text's UTF-8 bytes.
    public static func hex(_ text: String) -> String {
        var hash = FNV1a()
        hash.add(text.utf8)
        return hash.hex
    }
}
