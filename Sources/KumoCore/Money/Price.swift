/// An exact price: a whole number of millionths of the currency unit (KRW prices are whole won;
/// US prices carry up to six decimals). Never binary floating point, so a tick is a tick.
public struct Price: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Millionths of the currency unit.
    public let micros: Int64

    public static let scale: Int64 = 1_000_000

    public init(micros: Int64) { self.micros = micros }

    /// A whole-unit price, such as 71,500 won.
    public init(units: Int64) {
        let (value, overflow) = units.multipliedReportingOverflow(by: Self.scale)
        precondition(!overflow, "Price overflows: \(units)")
        micros = value
    }

    /// Parses a decimal text such as `71500`, `2.179012` or `-0.5`; nil for anything else or more than 6 decimals.
    public init?(parsing text: some StringProtocol) {
        var digits = Substring(text)
        let negative = digits.first == "-"
        if negative || digits.first == "+" { digits = digits.dropFirst() }
        let parts = digits.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty || parts.count == 2, whole.allSatisfy(\.isASCIIDigit) else { return nil }
        let fraction = parts.count == 2 ? parts[1] : ""
        guard fraction.count <= 6, fraction.allSatisfy(\.isASCIIDigit), !(whole.isEmpty && fraction.isEmpty) else { return nil }
        guard let units = whole.isEmpty ? 0 : Int64(whole), units <= Int64.max / Self.scale - 1 else { return nil }
        let padded = fraction + String(repeating: "0", count: 6 - fraction.count)
        let value = units * Self.scale + (Int64(padded) ?? 0)
        micros = negative ? -value : value
    }

    /// Parses decimal ASCII bytes (the fast path of file imports); the same grammar as ``init(parsing:)``.
    public init?(ascii bytes: ArraySlice<UInt8>) {
        var index = bytes.startIndex
        var negative = false
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        var units: Int64 = 0
        var fraction: Int64 = 0
        var fractionDigits = 0
        var digits = 0
        var seenPoint = false
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: ".") {
                guard !seenPoint else { return nil }
                seenPoint = true
            } else if byte >= 48 && byte <= 57 {
                digits += 1
                if seenPoint {
                    fractionDigits += 1
                    guard fractionDigits <= 6 else { return nil }
                    fraction = fraction * 10 + Int64(byte - 48)
                } else {
                    guard units < Int64.max / Self.scale / 10 else { return nil }
                    units = units * 10 + Int64(byte - 48)
                }
            } else {
                return nil
            }
            index += 1
        }
        guard digits > 0 else { return nil }
        for _ in fractionDigits..<6 { fraction *= 10 }
        let value = units * Self.scale + fraction
        micros = negative ? -value : value
    }

    /// The price as a Double, for indicators and analytics.
    public var doubleValue: Double { Double(micros) / Double(Self.scale) }

    public static func < (lhs: Price, rhs: Price) -> Bool { lhs.micros < rhs.micros }

    /// The shortest exact decimal text: `71500`, `2.179012`.
    public var description: String {
        let sign = micros < 0 ? "-" : ""
        let magnitude = micros.magnitude
        let units = magnitude / UInt64(Self.scale)
        var fraction = String(magnitude % UInt64(Self.scale))
        guard fraction != "0" else { return sign + String(units) }
        fraction = String(repeating: "0", count: 6 - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(sign)\(units).\(fraction)"
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
