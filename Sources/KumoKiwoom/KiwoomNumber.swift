public import KumoCore

/// Kiwoom's number and code texts: prices carry a sign for their direction against the previous
/// close (`+70100`, `-69900`), quantities a sign for the aggressor, stock codes an `A` prefix in
/// account replies (`A005930`).
public enum KiwoomNumber {
    /// The magnitude of a signed integer text; nil when it is not one.
    public static func integer(_ text: String) -> Int64? {
        let trimmed = text.trimmingCharacters(in: " ")
        let digits = trimmed.first == "+" || trimmed.first == "-" ? trimmed.dropFirst() : Substring(trimmed)
        guard !digits.isEmpty, digits.allSatisfy(\.isNumber) else { return nil }
        return Int64(digits)
    }

    /// A price text as won.
    public static func price(_ text: String) -> Price? { integer(text).map { Price(units: $0) } }

    /// The six-digit code of `A005930`, `005930` or `005930_NX`.
    public static func code(_ text: String) -> String {
        var code = Substring(text.trimmingCharacters(in: " "))
        if code.count == 7, code.first?.isLetter == true { code = code.dropFirst() }
        if let suffix = code.firstIndex(of: "_") { code = code[..<suffix] }
        return String(code)
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        var view = Substring(self)
        while view.first == set { view = view.dropFirst() }
        while view.last == set { view = view.dropLast() }
        return String(view)
    }
}
