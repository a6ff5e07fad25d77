import KumoCore
import KumoExecution
import Testing

/// Smart routing between KRX and Nextrade on hand-built books: price, then queue, then fee; the
/// venues' hours; and, on random books, that every slice is on the tick grid, inside the limit,
/// and costs what the cheapest possible split of the displayed depth costs.
struct SmartRouterTests {
    static let router = SmartRouter(fees: VenueFees(krxPerMillion: 27, nxtPerMillion: 18))

    /// 2026-12-03 (a Thursday) at `hour:minute` KST.
    static func at(_ hour: Int, _ minute: Int, second: Int = 0, day: CivilDate = CivilDate(year: 2026, month: 12, day: 3)!) -> Timestamp {
        Timestamp(year: day.year, month: day.month, day: day.day, hour: hour, minute: minute, second: second, utcOffsetSeconds: KRXSessions.utcOffsetSeconds)!
    }

    static func book(bids: [(Int64, Int64)] = [], asks: [(Int64, Int64)] = []) -> Quote {
        Quote(
            time: at(10, 0), bids: bids.map { .init(price: Price(units: $0.0), quantity: $0.1) },
            asks: asks.map { .init(price: Price(units: $0.0), quantity: $0.1) })
    }

    @Test func theBetterPriceIsTakenFirstThenTheDeeperBookAtOnePrice() throws {
        let books: [TradingVenue: Quote] = [
            .krx: Self.book(bids: [(70_000, 900)], asks: [(70_200, 300), (70_300, 1_000)]),
            .nxt: Self.book(bids: [(70_000, 100)], asks: [(70_100, 200), (70_200, 100)]),
        ]
        let slices = try Self.router.route(isBuy: true, quantity: 500, limit: Price(units: 70_200), at: Self.at(10, 0), books: books)
        #expect(slices.map(\.venue) == [.nxt, .krx])
        #expect(slices.map(\.quantity) == [200, 300])
        #expect(slices.map(\.price) == [Price(units: 70_100), Price(units: 70_200)])
        #expect(slices.allSatisfy { $0.takesLiquidity })
        #expect(slices[0].reason == "NXT's ask 70100 beats KRX's 70200")
        #expect(slices[1].reason.contains("KRX has more at 70200"))
    }

    @Test func atOnePriceTheLongerDisplayedQueueIsTakenThenTheCheaperFee() throws {
        let deeper: [TradingVenue: Quote] = [.krx: Self.book(asks: [(70_100, 300)]), .nxt: Self.book(asks: [(70_100, 800)])]
        let one = try Self.router.route(isBuy: true, quantity: 500, limit: nil, at: Self.at(10, 0), books: deeper)
        #expect(one == [RoutedSlice(venue: .nxt, quantity: 500, price: Price(units: 70_100), takesLiquidity: true, reason: "both ask 70100; NXT shows 800 against KRX's 300")])

        let even: [TradingVenue: Quote] = [.krx: Self.book(asks: [(70_100, 400)]), .nxt: Self.book(asks: [(70_100, 400)])]
        let two = try Self.router.route(isBuy: true, quantity: 600, limit: nil, at: Self.at(10, 0), books: even)
        #expect(two.map(\.venue) == [.nxt, .krx])
        #expect(two.map(\.quantity) == [400, 200])
        #expect(two[0].reason == "both ask 70100 with 400 shown; NXT's fee 18.0/M against KRX's 27.0/M")
        #expect(two[1].reason == "both ask 70100 with 400 shown; NXT's lower fee (18.0/M) went first")
        // A dearer NXT flips the tie.
        let flipped = SmartRouter(fees: VenueFees(krxPerMillion: 10, nxtPerMillion: 18))
        #expect(try flipped.route(isBuy: true, quantity: 600, limit: nil, at: Self.at(10, 0), books: even).map(\.venue) == [.krx, .nxt])
    }

    @Test func sellsTakeTheHighestBidsAndAMarketRemainderGoesToKRX() throws {
        let books: [TradingVenue: Quote] = [
            .krx: Self.book(bids: [(70_100, 100), (70_000, 5_000)]),
            .nxt: Self.book(bids: [(70_200, 50), (70_100, 400)]),
        ]
        let limited = try Self.router.route(isBuy: false, quantity: 1_000, limit: Price(units: 70_100), at: Self.at(11, 30), books: books)
        // 50 at 70,200 on NXT, then 70,100 on NXT (400 shown) before KRX (100); 450 rest at 70,100,
        // where neither book has asks, on the cheaper NXT.
        #expect(limited.map(\.venue) == [.nxt, .krx, .nxt])
        #expect(limited.map(\.quantity) == [450, 100, 450])
        #expect(limited.map(\.takesLiquidity) == [true, true, false])
        #expect(limited[0].price == Price(units: 70_100))
        #expect(limited[2].price == Price(units: 70_100))
        #expect(limited[2].reason == "rests: 0 shares ahead on both; NXT's fee 18.0/M against KRX's 27.0/M")
        let market = try Self.router.route(isBuy: false, quantity: 6_000, limit: nil, at: Self.at(11, 30), books: books)
        #expect(market.last == RoutedSlice(venue: .krx, quantity: 450, price: nil, takesLiquidity: true, reason: "market order on KRX: the rest, past the displayed depth"))
    }

    @Test func aRestingRemainderJoinsTheShorterQueue() throws {
        let books: [TradingVenue: Quote] = [
            .krx: Self.book(bids: [(69_900, 1_500), (69_800, 2_000)], asks: [(70_000, 700)]),
            .nxt: Self.book(bids: [(69_900, 200)], asks: [(70_100, 300)]),
        ]
        let join = try Self.router.route(isBuy: true, quantity: 1_000, limit: Price(units: 69_900), at: Self.at(10, 0), books: books)
        #expect(join == [RoutedSlice(venue: .nxt, quantity: 1_000, price: Price(units: 69_900), takesLiquidity: false, reason: "rests: 200 shares ahead at 69900 on NXT against 1500 on KRX")])
        // Selling at 70,100 takes nothing (bids are lower); NXT has 300 ahead, KRX 700 ahead at a better price.
        let sell = try Self.router.route(isBuy: false, quantity: 100, limit: Price(units: 70_100), at: Self.at(10, 0), books: books)
        #expect(sell.map(\.venue) == [.nxt])
        #expect(sell[0].reason == "rests: 300 shares ahead at 70100 on NXT against 700 on KRX")
        // Improving KRX's best ask by a tick (nothing ahead) beats joining NXT's 300.
        let improving: [TradingVenue: Quote] = [.krx: Self.book(bids: [(69_800, 500)], asks: [(70_000, 700)]), .nxt: Self.book(asks: [(69_900, 300)])]
        let improve = try Self.router.route(isBuy: false, quantity: 100, limit: Price(units: 69_900), at: Self.at(10, 0), books: improving)
        #expect(improve.map(\.venue) == [.krx])
        #expect(improve[0].reason == "rests: 0 shares ahead at 69900 on KRX against 300 on NXT")
    }

    @Test func onlyTheVenuesInSessionAreUsed() throws {
        let books: [TradingVenue: Quote] = [.krx: Self.book(asks: [(70_000, 1_000)]), .nxt: Self.book(asks: [(70_100, 1_000)])]
        // 08:10: NXT's pre-market; KRX collects its opening auction.
        let early = try Self.router.route(isBuy: true, quantity: 100, limit: Price(units: 70_100), at: Self.at(8, 10), books: books)
        #expect(early.map(\.venue) == [.nxt])
        // A market child takes NXT's displayed asks with a limit at the level; past them NXT has no market orders.
        #expect(try Self.router.route(isBuy: true, quantity: 100, limit: nil, at: Self.at(8, 10), books: books).map(\.price) == [Price(units: 70_100)])
        #expect(throws: ExecutionError("only NXT trades at 08:10:00 KST and it takes no market orders: give the parent a limit")) {
            try Self.router.route(isBuy: true, quantity: 1_500, limit: nil, at: Self.at(8, 10), books: books)
        }
        // 09:00:10: KRX matches, NXT's main session starts at 09:00:30.
        #expect(try Self.router.route(isBuy: true, quantity: 1_500, limit: Price(units: 70_100), at: Self.at(9, 0, second: 10), books: books).map(\.venue) == [.krx, .krx])
        // 15:25: KRX's closing auction, NXT between sessions.
        #expect(throws: ExecutionError("neither KRX nor NXT matches continuously at 15:25:00 KST")) {
            try Self.router.route(isBuy: true, quantity: 100, limit: nil, at: Self.at(15, 25), books: books)
        }
        // 17:00: both after-markets (KRX's since 2026-09-14); before that regime only NXT.
        #expect(try Self.router.route(isBuy: true, quantity: 100, limit: Price(units: 70_100), at: Self.at(17, 0), books: books).map(\.venue) == [.krx])
        let june = CivilDate(year: 2026, month: 6, day: 1)!
        #expect(try Self.router.route(isBuy: true, quantity: 100, limit: Price(units: 70_100), at: Self.at(17, 0, day: june), books: books).map(\.venue) == [.nxt])
        // Before Nextrade opened (2025-03-04) there was KRX alone.
        let before = CivilDate(year: 2025, month: 2, day: 28)!
        #expect(throws: ExecutionError.self) { try Self.router.route(isBuy: true, quantity: 100, limit: Price(units: 70_100), at: Self.at(8, 10, day: before), books: books) }
        #expect(try Self.router.route(isBuy: true, quantity: 100, limit: Price(units: 70_100), at: Self.at(10, 0, day: before), books: books).map(\.venue) == [.krx])
        // A Saturday.
        #expect(throws: ExecutionError.self) { try Self.router.route(isBuy: true, quantity: 100, limit: nil, at: Self.at(10, 0, day: CivilDate(year: 2026, month: 12, day: 5)!), books: books) }
    }

    @Test func anOffGridLimitIsRefused() {
        #expect(throws: ExecutionError("limit 70150 is not on the KRX tick grid")) {
            try Self.router.route(isBuy: true, quantity: 100, limit: Price(units: 70_150), at: Self.at(10, 0), books: [:])
        }
    }

    /// Random books on the grid: every slice is on the grid and inside the limit, the slices add up
    /// to the child, and the taken shares cost what the cheapest split of the displayed depth costs.
    @Test func randomBooksAreSplitAtTheLeastCost() throws {
        var random = SplitMix64(seed: 15)
        func draw(_ n: Int) -> Int { Int(random.next() % UInt64(n)) }
        for _ in 0..<500 {
            let isBuy = draw(2) == 0
            let mid: Int64 = 50_000 + Int64(draw(40)) * 100
            var books: [TradingVenue: Quote] = [:]
            for venue in TradingVenue.allCases {
                let levels = (0..<(1 + draw(5))).map { i in (Int64(i) * 100 + Int64(draw(2)) * 100, Int64(1 + draw(900))) }
                let asks = levels.map { (mid + 100 + $0.0, $0.1) }.sorted { $0.0 < $1.0 }
                let bids = levels.map { (mid - $0.0, $0.1) }.sorted { $0.0 > $1.0 }
                books[venue] = Self.book(bids: bids.uniquedByPrice(), asks: asks.uniquedByPrice())
            }
            let limit: Price? = draw(4) == 0 ? nil : Price(units: isBuy ? mid + Int64(draw(6)) * 100 : mid + 100 - Int64(draw(6)) * 100)
            let quantity = Int64(1 + draw(3_000))
            let slices = try Self.router.route(isBuy: isBuy, quantity: quantity, limit: limit, at: Self.at(10, 0), books: books)
            #expect(slices.reduce(0) { $0 + $1.quantity } == quantity)
            for slice in slices {
                if let price = slice.price {
                    #expect(KRXTickSize.round(price, .down) == price)
                    if let limit { #expect(isBuy ? price <= limit : price >= limit) }
                } else {
                    #expect(limit == nil && slice.venue == .krx)
                }
            }
            // The cheapest split: the merged eligible levels, best first.
            let eligible = TradingVenue.allCases.flatMap { isBuy ? books[$0]!.asks : books[$0]!.bids }
                .filter { level in limit.map { isBuy ? level.price <= $0 : level.price >= $0 } ?? true }
                .sorted { isBuy ? $0.price < $1.price : $0.price > $1.price }
            let taken = slices.filter { $0.takesLiquidity && $0.price != nil }
            let takenQuantity = taken.reduce(0) { $0 + $1.quantity }
            #expect(takenQuantity == min(quantity, eligible.reduce(0) { $0 + $1.quantity }))
            #expect(cost(of: takenQuantity, eligible) == taken.reduce(0) { $0 + cost(of: $1.quantity, (isBuy ? books[$1.venue]!.asks : books[$1.venue]!.bids)) })
        }
    }

    /// What `quantity` shares cost walking `levels` in order.
    func cost(of quantity: Int64, _ levels: [Quote.Level]) -> Int64 {
        var left = quantity
        var total: Int64 = 0
        for level in levels where left > 0 {
            let size = min(left, level.quantity)
            total += size * level.price.micros / Price.scale
            left -= size
        }
        return total
    }
}

extension Array where Element == (Int64, Int64) {
    /// One level per price (the first kept).
    fileprivate func uniquedByPrice() -> [(Int64, Int64)] {
        var seen = Set<Int64>()
        return filter { seen.insert($0.0).inserted }
    }
}
