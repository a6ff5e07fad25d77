public import KumoCore

/// KIS's numbers are strings, often zero-padded (`000071500`), sometimes with a fraction.
public enum KISNumber {
    /// An integer field; an empty one is zero.
    /// - Throws: ``KISDecodingError`` naming `field` when the text is not an integer.
    public static func integer(_ text: String, _ field: String) throws(KISDecodingError) -> Int64 {
        let trimmed = text.trimmingSpaces
        if trimmed.isEmpty { return 0 }
        if let value = Int64(trimmed) { return value }
        if let price = Price(parsing: trimmed), price.micros % Price.scale == 0 { return price.micros / Price.scale }
        throw KISDecodingError("\(field): '\(text)' is not an integer")
    }

    /// A price or amount field in won (fractions kept to the micro); an empty one is zero.
    public static func price(_ text: String, _ field: String) throws(KISDecodingError) -> Price {
        let trimmed = text.trimmingSpaces
        if trimmed.isEmpty { return Price(micros: 0) }
        var digits = Substring(trimmed)
        while digits.count > 1, digits.first == "0", digits.dropFirst().first != "." { digits = digits.dropFirst() }
        guard let value = Price(parsing: digits) else { throw KISDecodingError("\(field): '\(text)' is not a number") }
        return value
    }

    /// Whole won as KIS writes them in a request (`"71500"`).
    public static func text(_ price: Price) -> String {
        price.micros % Price.scale == 0 ? String(price.micros / Price.scale) : price.description
    }
}

/// KIS dates (`YYYYMMDD`) and times of day (`HHMMSS`) are Korea Standard Time.
public enum KISTime {
    /// The instant of `date` and `time` in KST.
    /// - Throws: ``KISDecodingError`` naming `what` when either is malformed.
    public static func instant(date: String, time: String, what: String) throws(KISDecodingError) -> Timestamp {
        let d = Array(date.utf8), t = Array(time.utf8)
        guard d.count == 8, t.count == 6, d.allSatisfy({ (48...57).contains($0) }), t.allSatisfy({ (48...57).contains($0) }) else {
            throw KISDecodingError("\(what): date '\(date)' and time '\(time)' are not YYYYMMDD and HHMMSS")
        }
        func number(_ bytes: ArraySlice<UInt8>) -> Int { bytes.reduce(0) { $0 * 10 + Int($1 - 48) } }
        guard
            let instant = Timestamp(
                year: number(d[0..<4]), month: number(d[4..<6]), day: number(d[6..<8]), hour: number(t[0..<2]), minute: number(t[2..<4]),
                second: number(t[4..<6]), utcOffsetSeconds: KRXSessions.utcOffsetSeconds)
        else { throw KISDecodingError("\(what): \(date) \(time) is not a date and time") }
        return instant
    }

    /// `YYYYMMDD` of `instant` in KST.
    public static func date(_ instant: Timestamp) -> String {
        let c = instant.civil(utcOffsetSeconds: KRXSessions.utcOffsetSeconds)
        return String(c.year).leftPadded(to: 4) + String(c.month).leftPadded(to: 2) + String(c.day).leftPadded(to: 2)
    }

    /// `HHMMSS` of `instant` in KST.
    public static func timeOfDay(_ instant: Timestamp) -> String {
        let c = instant.civil(utcOffsetSeconds: KRXSessions.utcOffsetSeconds)
        return String(c.hour).leftPadded(to: 2) + String(c.minute).leftPadded(to: 2) + String(c.second).leftPadded(to: 2)
    }
}

extension String {
    /// Without leading and trailing spaces (KIS pads `msg1` and the paging keys).
    public var trimmingSpaces: String {
        var scalars = Substring(self)
        while scalars.first == " " { scalars = scalars.dropFirst() }
        while scalars.last == " " { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
