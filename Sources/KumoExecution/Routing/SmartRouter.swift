public import KumoCore

/// Splits a child order between KRX and Nextrade by their books: the best price first, then the
/// queue, then the fee. Displayed liquidity inside the limit is taken level by level across both
/// books; what is left rests at the limit where the fewest shares wait ahead of it. Only venues
/// matching continuously at that instant are used (NXT trades 08:00–08:50 and until 20:00).
public struct SmartRouter: Sendable {
    public var fees: VenueFees
    public var sessions: KRXSessions
    public var market: Market

    public init(fees: VenueFees = VenueFees(), sessions: KRXSessions = KRXSessions(), market: Market = .kospi) {
        self.fees = fees
        self.sessions = sessions
        self.market = market
    }

    /// The slices for `quantity` shares, a buy when `isBuy`, never worse than `limit` (nil: a market
    /// child), at `time`, given each venue's latest book (a venue without one is not taken from).
    /// - Throws: ``ExecutionError`` when no venue trades at `time`, when the limit is off the tick
    ///   grid, or when only NXT is open for a market child (NXT takes no market orders).
    public func route(isBuy: Bool, quantity: Int64, limit: Price?, at time: Timestamp, books: [TradingVenue: Quote]) throws(ExecutionError) -> [RoutedSlice] {
        guard quantity > 0 else { throw ExecutionError("qty must be a positive number of shares") }
        let open = TradingVenue.allCases.filter { $0.isContinuous(at: time, sessions: sessions) }
        let clock = time.civil(utcOffsetSeconds: KRXSessions.utcOffsetSeconds)
        let when = "\(clock.hour.twoDigits):\(clock.minute.twoDigits):\(clock.second.twoDigits) KST"
        guard !open.isEmpty else { throw ExecutionError("neither KRX nor NXT matches continuously at \(when)") }
        if let limit, limit.micros <= 0 || KRXTickSize.round(limit, .down, market: market, on: CivilDate(time, utcOffsetSeconds: KRXSessions.utcOffsetSeconds)) != limit {
            throw ExecutionError("limit \(limit) is not on the KRX tick grid")
        }
        let seen = open.filter { books[$0] != nil }
        var slices = take(isBuy: isBuy, quantity: quantity, limit: limit, open: seen, books: books)
        let left = quantity - slices.reduce(0) { $0 + $1.quantity }
        guard left > 0 else { return slices }
        if let limit {
            slices.append(rest(isBuy: isBuy, quantity: left, limit: limit, open: open, books: books, when: when))
        } else {
            guard open.contains(.krx) else {
                throw ExecutionError("only NXT trades at \(when) and it takes no market orders: give the parent a limit")
            }
            let why = slices.isEmpty ? (seen.isEmpty ? "no book seen; KRX is the primary market" : "no displayed liquidity") : "the rest, past the displayed depth"
            slices.append(RoutedSlice(venue: .krx, quantity: left, price: nil, takesLiquidity: true, reason: "market order on KRX: \(why)"))
        }
        return slices
    }

    /// Displayed liquidity inside the limit, best price first, deeper level first at one price,
    /// cheaper venue after that; one slice per venue, priced at the worst level it took.
    func take(isBuy: Bool, quantity: Int64, limit: Price?, open: [TradingVenue], books: [TradingVenue: Quote]) -> [RoutedSlice] {
        var levels: [(venue: TradingVenue, level: Quote.Level)] = []
        for venue in open {
            for level in (isBuy ? books[venue]!.asks : books[venue]!.bids) where level.quantity > 0 {
                if let limit, isBuy ? level.price > limit : level.price < limit { break }
                levels.append((venue, level))
            }
        }
        levels.sort { a, b in
            if a.level.price != b.level.price { return isBuy ? a.level.price < b.level.price : a.level.price > b.level.price }
            if a.level.quantity != b.level.quantity { return a.level.quantity > b.level.quantity }
            return fees[a.venue] != fees[b.venue] ? fees[a.venue] < fees[b.venue] : a.venue == .krx
        }
        var taken: [TradingVenue: (quantity: Int64, worst: Price, first: Quote.Level)] = [:]
        var order: [TradingVenue] = []
        var left = quantity
        for (venue, level) in levels where left > 0 {
            let size = min(left, level.quantity)
            left -= size
            if let sofar = taken[venue] {
                taken[venue] = (sofar.quantity + size, level.price, sofar.first)
            } else {
                taken[venue] = (size, level.price, level)
                order.append(venue)
            }
        }
        return order.map { venue in
            let slice = taken[venue]!
            return RoutedSlice(
                venue: venue, quantity: slice.quantity, price: slice.worst, takesLiquidity: true,
                reason: takeReason(venue: venue, first: slice.first, isBuy: isBuy, open: open, books: books))
        }
    }

    func takeReason(venue: TradingVenue, first: Quote.Level, isBuy: Bool, open: [TradingVenue], books: [TradingVenue: Quote]) -> String {
        let side = isBuy ? "ask" : "bid"
        guard let other = open.first(where: { $0 != venue }), let best = (isBuy ? books[other]!.asks : books[other]!.bids).first(where: { $0.quantity > 0 }) else {
            return "best \(side) \(first.price) on \(venue); \(venue == .krx ? TradingVenue.nxt : .krx) shows no \(side)s or is closed"
        }
        if best.price != first.price {
            let better = isBuy ? first.price < best.price : first.price > best.price
            return better ? "\(venue)'s \(side) \(first.price) beats \(other)'s \(best.price)" : "\(other)'s \(side)s up to the limit were taken first; \(venue) has more at \(first.price)"
        }
        if best.quantity > first.quantity {
            return "both \(side) \(first.price); \(other)'s \(best.quantity) went first, then \(venue)'s \(first.quantity)"
        }
        if best.quantity < first.quantity {
            return "both \(side) \(first.price); \(venue) shows \(first.quantity) against \(other)'s \(best.quantity)"
        }
        if fees[venue] > fees[other] {
            return "both \(side) \(first.price) with \(first.quantity) shown; \(other)'s lower fee (\(fees[other])/M) went first"
        }
        return "both \(side) \(first.price) with \(first.quantity) shown; \(venue)'s fee \(fees[venue])/M against \(other)'s \(fees[other])/M"
    }

    /// The remainder rests at the limit on the open venue with the fewest shares ahead of it there
    /// (none when it improves that book's best), the cheaper venue on a tie.
    func rest(isBuy: Bool, quantity: Int64, limit: Price, open: [TradingVenue], books: [TradingVenue: Quote], when: String) -> RoutedSlice {
        func ahead(_ venue: TradingVenue) -> Int64? {
            guard let book = books[venue] else { return nil }
            return (isBuy ? book.bids : book.asks).filter { isBuy ? $0.price >= limit : $0.price <= limit }.reduce(0) { $0 + $1.quantity }
        }
        let ranked = open.sorted { a, b in
            let (qa, qb) = (ahead(a) ?? .max, ahead(b) ?? .max)
            if qa != qb { return qa < qb }
            return fees[a] != fees[b] ? fees[a] < fees[b] : a == .krx
        }
        let unseen = open.allSatisfy { books[$0] == nil }
        let venue = unseen && open.contains(.krx) ? .krx : ranked[0]
        let reason: String
        if open.count == 1 {
            reason = "only \(venue) trades at \(when)"
        } else if let here = ahead(venue) {
            let other = open.first { $0 != venue }!
            if let there = ahead(other), there != here {
                reason = "\(here) shares ahead at \(limit) on \(venue) against \(there) on \(other)"
            } else if ahead(other) == nil {
                reason = "\(other)'s book is not known"
            } else {
                reason = "\(here) shares ahead on both; \(venue)'s fee \(fees[venue])/M against \(other)'s \(fees[other])/M"
            }
        } else {
            reason = "no book seen; KRX is the primary market"
        }
        return RoutedSlice(venue: venue, quantity: quantity, price: limit, takesLiquidity: false, reason: "rests: \(reason)")
    }
}

extension Int {
    fileprivate var twoDigits: String { self < 10 ? "0\(self)" : String(self) }
}
