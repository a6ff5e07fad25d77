/// A split (or consolidation) or a cash dividend, effective on its ex-date.
public struct CorporateAction: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// `new` shares for every `old` (a 50:1 split is new 50, old 1; a 1:10 consolidation is new 1, old 10).
        case split(new: Int64, old: Int64)
        /// Cash per share, paid to holders before the ex-date.
        case dividend(Price)
    }

    public var symbol: Symbol
    public var exDate: CivilDate
    public var kind: Kind

    public init(symbol: Symbol, exDate: CivilDate, kind: Kind) {
        if case .split(let new, let old) = kind { precondition(new > 0 && old > 0, "A split ratio is positive: \(new):\(old)") }
        self.symbol = symbol
        self.exDate = exDate
        self.kind = kind
    }
}

extension Array where Element == Bar {
    /// The series adjusted for `actions`: bars before each ex-date are scaled so the series has no
    /// jump from the action (splits scale prices by old/new and volumes by new/old; dividends by
    /// 1 − dividend / the close before the ex-date), rounded to whole millionths.
    /// - Parameter utcOffsetSeconds: the offset whose calendar day the ex-date names (KRX: +9 h).
    public func adjusted(for actions: [CorporateAction], utcOffsetSeconds: Int = 9 * 3600) -> [Bar] {
        var factors = Array<Double>(repeating: 1, count: count)  // price factor per bar
        var volumeFactors = Array<Double>(repeating: 1, count: count)
        for action in actions {
            guard let exIndex = firstIndex(where: { CivilDate($0.time, utcOffsetSeconds: utcOffsetSeconds) >= action.exDate }), exIndex > 0 else {
                continue
            }
            let (price, volume): (Double, Double)
            switch action.kind {
            case .split(let new, let old):
                price = Double(old) / Double(new)
                volume = Double(new) / Double(old)
            case .dividend(let cash):
                let close = self[exIndex - 1].close.doubleValue
                price = close > 0 ? Swift.max(0, 1 - cash.doubleValue / close) : 1
                volume = 1
            }
            for index in 0..<exIndex {
                factors[index] *= price
                volumeFactors[index] *= volume
            }
        }
        return indices.map { index in
            let bar = self[index]
            let f = factors[index]
            func scale(_ price: Price) -> Price { Price(micros: Int64((Double(price.micros) * f).rounded())) }
            return Bar(
                time: bar.time, open: scale(bar.open), high: scale(bar.high), low: scale(bar.low), close: scale(bar.close),
                volume: Int64((Double(bar.volume) * volumeFactors[index]).rounded()), value: bar.value)
        }
    }
}
