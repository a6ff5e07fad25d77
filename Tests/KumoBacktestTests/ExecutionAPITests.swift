import Foundation
import KumoBacktest
import KumoCore
import KumoData
import KumoEngine
import KumoExecution
import KumoLua
import KumoScripting
import Testing

/// `ctx:execute` in a backtest on the synthetic market's minute bars: the engine works the parent
/// in children through the kernel, and the parent reports its fills and slippage.
struct ExecutionAPITests {
    static let series = SyntheticMarket(seed: 11, symbols: 1, days: 4).minuteBars()

    /// Runs a strategy that starts one parent (`opts`, Lua) at the third day's open; the parent as the desk saw it, and the run.
    /// `then` is Lua run at each of that day's bars once the parent exists (`id`, `bar`, `hhmm`);
    /// `book` gives a spread in ticks to quote around each bar's close (``QuoteSetter``).
    static func run(
        _ opts: String, code: String = "SYN0001", then: String = "", book: (@Sendable (Bar) -> Int64?)? = nil, venue: VenueModel = VenueModel(),
        bars: [Bar] = series[0].bars
    ) throws -> (parent: ExecutionDesk.Working?, result: BacktestResult, log: [String]) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kumo-execute-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("execute.lua")
        try """
            local S = { symbols = { '\(code)' }, timeframe = '1m' }
            local days, last, id, maker = 0, nil, nil, nil
            function S.on_bar(ctx, bar)
              local day = os.date('!%Y-%m-%d', bar.time + 9 * 3600)
              if day ~= last then days = days + 1; last = day end
              if days == 3 and id == nil then
                local why
                id, why = ctx:execute(\(opts))
                ctx:log('info', 'parent ' .. tostring(id) .. ' ' .. tostring(why))
              end
              local hhmm = os.date('!%H:%M', bar.time + 9 * 3600)
              if id and days == 3 then
                \(then)
              end
              if id and days == 3 and hhmm == '15:30' then
                local p = ctx:parent(id)
                ctx:log('info', string.format('%s %d/%d %s children %d slip %.2f', p.state, p.filled, p.qty, p.algo, p.children, p.slippage_bp))
              end
            end
            return S
            """.write(to: file, atomically: true, encoding: .utf8)
        let services = RecordingServices()
        let roots = ScriptRoots(project: BacktraderReferenceTests.project)
        nonisolated(unsafe) var adapter: LuaEngineStrategy?
        var configuration = EngineConfiguration(cash: Price(units: 1_000_000_000_000))
        configuration.venue = venue
        let result = try LuaThread.run {
            try Backtest(configuration: configuration).run(series: [(Symbol(code)!, bars)]) { kernel in
                let strategy = LuaEngineStrategy(try StrategyLoader(roots: roots).load(file, services: services), kernel: kernel)
                try strategy.start()
                adapter = strategy
                return (book.map { [QuoteSetter(spread: $0)] } ?? []) + [strategy]
            }
        }
        return (adapter?.strategy.desk.parents.first, result, services.entries.map(\.message))
    }

    static var thirdDayVolume: Int64 {
        let days = VolumeProfile.days(series[0].bars)
        return days[2].reduce(0) { $0 + $1.volume }
    }

    @Test func aVWAPParentFillsInChildrenCloseToTheIntervalVWAP() throws {
        let quantity = Self.thirdDayVolume / 50
        let (found, result, log) = try Self.run("{ symbol = 'SYN0001', side = 'buy', qty = \(quantity), algo = 'vwap', finish = '15:19' }")
        let parent = try #require(found, "\(log)")
        #expect(parent.state == "done" && parent.filled == quantity, "\(parent.state) \(parent.filled)/\(quantity): \(log)")
        #expect(parent.children.count > 300, "one child a minute or so: \(parent.children.count)")
        let children = Set(parent.children)
        #expect(result.fills.allSatisfy { children.contains($0.order) }, "every fill of the run is one of the parent's children")
        #expect(result.fills.reduce(0) { $0 + $1.quantity } == quantity)
        #expect(abs(parent.slippageVersusVWAPbp) < 10, "\(parent.slippageVersusVWAPbp) bp against the interval VWAP")
        #expect(log.contains { $0.hasPrefix("done \(quantity)/\(quantity) vwap") }, "ctx:parent reports it: \(log)")
    }

    @Test func aLimitOffTheTickGridIsMovedOntoItAndTheChildrenFill() throws {
        let quantity = Self.thirdDayVolume / 200
        // 10% over the open plus 0.3 won: off the grid, inside the day's band, for a KRX stock (its prices keep to the tick grid).
        let (found, result, log) = try Self.run("{ symbol = '005930', side = 'buy', qty = \(quantity), algo = 'twap', limit = bar.open * 1.1 + 0.3, finish = '15:19' }", code: "005930")
        let parent = try #require(found, "\(log)")
        #expect(parent.filled == quantity && result.rejections.isEmpty, "\(result.rejections.prefix(3).map { $0.rejection ?? "" })")
        let limit = try #require(parent.parent.limit)
        let tick = KRXTickSize.tick(for: Price(micros: Int64(limit * 1e6)), on: CivilDate(year: 2024, month: 1, day: 4)!).doubleValue
        #expect(limit.truncatingRemainder(dividingBy: tick) == 0, "\(limit) is on the \(tick) grid")
    }

    @Test func urgencyFrontLoadsAnImplementationShortfallParent() throws {
        let quantity = Self.thirdDayVolume / 100
        var morning: [Double] = []
        for urgency in [0, 5] {
            let (found, result, log) = try Self.run("{ symbol = 'SYN0001', side = 'buy', qty = \(quantity), algo = 'is', urgency = \(urgency), start = '09:30', finish = '14:30' }")
            let parent = try #require(found, "\(log)")
            #expect(parent.filled == quantity && parent.state == "done")
            let noon = try #require(Timestamp(year: 2024, month: 1, day: 4, hour: 12, minute: 0, utcOffsetSeconds: 9 * 3600))
            let beforeNoon = result.fills.filter { $0.time < noon }.reduce(Int64(0)) { $0 + $1.quantity }
            morning.append(Double(beforeNoon) / Double(quantity))
        }
        #expect(morning[1] > morning[0] + 0.2, "urgency 5 sells more before noon: \(morning)")
    }

    @Test func aParentIntoTheClosingAuctionIsAScriptErrorNamingIt() throws {
        let (parent, result, _) = try Self.run("{ symbol = 'SYN0001', side = 'buy', qty = 1000, algo = 'twap', finish = '15:25' }")
        #expect(parent == nil && result.fills.isEmpty)
        #expect(result.strategyFailures.first?.contains("finish falls in the closing call auction") == true, "\(result.strategyFailures)")
    }
}

/// Quotes a book around each bar's close before the strategy sees the bar: `spread` ticks wide
/// (nil: no book), so a parent's spread ceiling can be tested in a replay of bars.
final class QuoteSetter: EngineStrategy {
    let spread: @Sendable (Bar) -> Int64?
    init(spread: @escaping @Sendable (Bar) -> Int64?) { self.spread = spread }
    var name: String { "quotes" }
    func onBar(symbol: Symbol, bar: Bar, kernel: Kernel) throws {
        guard let ticks = spread(bar) else { return }
        let tick = KRXTickSize.tick(for: bar.close).micros
        let bid = Price(micros: bar.close.micros - tick * (ticks / 2)), ask = Price(micros: bid.micros + tick * ticks)
        kernel.record(quote: Quote(time: bar.time, bids: [.init(price: bid, quantity: 1_000)], asks: [.init(price: ask, quantity: 1_000)]), of: symbol)
    }
    func onFill(_ fill: Fill, kernel: Kernel) throws {}
    func onReject(_ order: Order, kernel: Kernel) throws {}
}

/// Routing, the arrival band, the spread ceiling and resizing, in a replay of minute bars.
extension ExecutionAPITests {
    @Test func aBandAroundArrivalCapsEveryChild() throws {
        let quantity = Self.thirdDayVolume / 200
        let (found, result, log) = try Self.run("{ symbol = '005930', side = 'buy', qty = \(quantity), algo = 'twap', band_bp = 15, finish = '15:19' }", code: "005930")
        let parent = try #require(found, "\(log)")
        let arrival = try #require(parent.arrival)
        let limit = try #require(parent.parent.limit)
        let tick = KRXTickSize.tick(for: Price(micros: Int64(arrival * 1e6))).doubleValue
        // The highest price on the grid at or under arrival + 15 bp.
        #expect(limit <= arrival * 1.0015 && limit > arrival * 1.0015 - tick, "limit \(limit) for arrival \(arrival)")
        #expect(limit.truncatingRemainder(dividingBy: tick) == 0)
        #expect(!result.fills.isEmpty && result.fills.allSatisfy { $0.price.doubleValue <= limit }, "no fill above the band")
        #expect(result.rejections.isEmpty)
    }

    @Test func aWideSpreadHoldsChildrenBack() throws {
        let quantity = Self.thirdDayVolume / 400
        // Four ticks wide before 11:00 KST, one tick after: a ceiling of two ticks holds the morning's children.
        let eleven = 11 * 3600 - 9 * 3600
        let (found, result, log) = try Self.run(
            "{ symbol = '005930', side = 'buy', qty = \(quantity), algo = 'twap', max_spread = 2, start = '09:30', finish = '14:00' }", code: "005930",
            book: { bar in (bar.time.nanoseconds / 1_000_000_000) % 86_400 < Int64(eleven) ? 4 : 1 })
        let parent = try #require(found, "\(log)")
        #expect(parent.pausedMinutes >= 85 && parent.pausedMinutes <= 92, "09:30–11:00 paused: \(parent.pausedMinutes)")
        #expect(parent.routes.contains { $0.hasSuffix("paused: the spread is 4 ticks, wider than 2") }, "\(parent.routes.prefix(3))")
        let eleventh = try #require(Timestamp(year: 2024, month: 1, day: 4, hour: 11, minute: 1, utcOffsetSeconds: 9 * 3600))
        #expect(result.fills.allSatisfy { $0.time >= eleventh }, "nothing traded while the spread was wide")
        #expect(parent.filled == quantity && parent.state == "done", "it caught up after: \(parent.filled)/\(quantity)")
    }

    @Test func resizingAParentCutsItsWorkingChildren() throws {
        let quantity = Self.thirdDayVolume / 100
        let half = quantity / 2
        // A limit under the market leaves children working; at 12:00 the parent halves.
        let (found, result, log) = try Self.run(
            "{ symbol = 'SYN0001', side = 'buy', qty = \(quantity), algo = 'twap', start = '09:30', finish = '14:30', limit = bar.close * 0.995 }",
            then: """
                if hhmm == '12:00' then
                  local function working() local n = 0; for _, o in ipairs(ctx:orders()) do n = n + o.leaves_qty end; return n end
                  local before = working()
                  assert(ctx:modify_parent(id, { qty = \(half) }))
                  local p = ctx:parent(id)
                  ctx:log('info', string.format('resized working %d -> %d, filled %d of %d', before, working(), p.filled, p.qty))
                end
                """)
        let parent = try #require(found, "\(log)")
        #expect(parent.parent.quantity == half)
        #expect(parent.filled <= half && result.fills.reduce(0) { $0 + $1.quantity } == parent.filled, "\(parent.filled) of \(half)")
        let line = try #require(log.first { $0.hasPrefix("resized") }, "\(log)")
        let numbers = line.split(whereSeparator: { !$0.isNumber }).compactMap { Int64($0) }
        // working before, after, filled, qty: what works after the resize fits in what is left.
        #expect(numbers.count == 4 && numbers[0] > 0 && numbers[1] <= numbers[3] - numbers[2], "\(line)")
        #expect(numbers[0] + numbers[2] > half, "the resize had children to cut: \(line)")
        // Resizing below what filled is refused with the reason.
        let (_, _, refused) = try Self.run(
            "{ symbol = 'SYN0001', side = 'buy', qty = \(quantity), algo = 'twap', start = '09:30', finish = '14:30' }",
            then: "if hhmm == '13:00' then local ok, why = ctx:modify_parent(id, { qty = 1 }); ctx:log('info', 'resize ' .. tostring(ok) .. ' ' .. tostring(why)) end")
        #expect(refused.contains { $0.hasPrefix("resize nil qty 1 is below the") }, "\(refused.suffix(3))")
    }

    @Test func routesNameTheVenueAndSmartRoutingFallsBackToKRXWithoutBooks() throws {
        let quantity = Self.thirdDayVolume / 400
        let (nxt, nxtResult, _) = try Self.run("{ symbol = '005930', side = 'buy', qty = \(quantity), algo = 'twap', route = 'nxt', limit = bar.close * 1.05, start = '10:00', finish = '11:00' }", code: "005930")
        #expect(nxt?.filled == quantity && nxtResult.fills.allSatisfy { $0.venue == .nxt }, "the replay fills NXT orders as NXT's")
        #expect(nxt?.filledByVenue == [.nxt: quantity])
        let (smart, smartResult, _) = try Self.run("{ symbol = '005930', side = 'buy', qty = \(quantity), algo = 'twap', route = 'smart', start = '10:00', finish = '11:00' }", code: "005930")
        #expect(smart?.filled == quantity && smartResult.fills.allSatisfy { $0.venue == nil }, "KRX, the default route")
        #expect(smart?.routes.last?.hasSuffix("to KRX: no venue's book is known") == true, "\(smart?.routes.suffix(2) ?? [])")
        let (_, bad, _) = try Self.run("{ symbol = '005930', side = 'buy', qty = 10, algo = 'twap', route = 'best' }", code: "005930")
        #expect(bad.strategyFailures.first?.contains("route must be 'krx', 'nxt', 'sor' or 'smart', not 'best'") == true, "\(bad.strategyFailures)")
        // Out-of-range numbers are script errors naming the field, not a trap in the host.
        let (_, huge, _) = try Self.run("{ symbol = '005930', side = 'buy', qty = 10, algo = 'twap', max_spread = 1e300, band_bp = 1e300 }", code: "005930")
        #expect(huge.strategyFailures.first?.contains("max_spread must be a whole number of ticks from 1 to 10000") == true, "\(huge.strategyFailures)")
    }
}

/// A strategy slot as the live engine runs one: at `reloadAt` the file is rewritten and the new
/// version takes over (a fresh adapter on the slot's current strategy, as `SlotStrategy` does).
final class ReloadingStrategy: EngineStrategy {
    let slot: StrategySlot
    let reloader: StrategyReloader
    let file: URL
    let replacement: String
    let reloadAt: Timestamp
    var adapter: LuaEngineStrategy
    var records: [ReloadRecord] = []

    init(file: URL, replacement: String, reloadAt: Timestamp, kernel: Kernel, services: RecordingServices) throws {
        reloader = StrategyReloader(loader: StrategyLoader(roots: ScriptRoots(project: BacktraderReferenceTests.project)))
        slot = StrategySlot(strategy: try reloader.loader.load(file, services: services), services: services)
        reloader.register(slot)
        adapter = LuaEngineStrategy(slot.current, kernel: kernel)
        self.file = file
        self.replacement = replacement
        self.reloadAt = reloadAt
    }

    var name: String { adapter.name }
    func onBar(symbol: Symbol, bar: Bar, kernel: Kernel) throws {
        if bar.time == reloadAt {
            try replacement.write(to: file, atomically: true, encoding: .utf8)
            reloader.prepare(changed: [file])
            records = reloader.applyPending()
            adapter = LuaEngineStrategy(slot.current, kernel: kernel)
        }
        try adapter.onBar(symbol: symbol, bar: bar, kernel: kernel)
    }
    func onFill(_ fill: Fill, kernel: Kernel) throws { try adapter.onFill(fill, kernel: kernel) }
    func onReject(_ order: Order, kernel: Kernel) throws { try adapter.onReject(order, kernel: kernel) }
    func onOrder(_ order: Order, kernel: Kernel) throws { try adapter.onOrder(order, kernel: kernel) }
}

extension ExecutionAPITests {
    @Test func aHotReloadKeepsTheParentWorking() throws {
        let quantity = Self.thirdDayVolume / 100
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kumo-execute-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("worker.lua")
        try """
            local S = { symbols = { 'SYN0001' }, timeframe = '1m' }
            local started = false
            function S.on_bar(ctx, bar)
              if not started and os.date('!%Y-%m-%d %H:%M', bar.time + 9 * 3600) == '2024-01-04 09:20' then
                started = true
                assert(ctx:execute{ symbol = 'SYN0001', side = 'buy', qty = \(quantity), algo = 'twap', start = '09:30', finish = '14:30' })
              end
            end
            return S
            """.write(to: file, atomically: true, encoding: .utf8)
        let reloadAt = try #require(Timestamp(year: 2024, month: 1, day: 4, hour: 11, minute: 0, utcOffsetSeconds: 9 * 3600))
        let services = RecordingServices()
        nonisolated(unsafe) var holder: ReloadingStrategy?
        let result = try LuaThread.run {
            try Backtest(configuration: EngineConfiguration(cash: Price(units: 1_000_000_000_000))).run(series: [(Symbol("SYN0001")!, Self.series[0].bars)]) { kernel in
                let strategy = try ReloadingStrategy(
                    file: file, replacement: "local S = { symbols = { 'SYN0001' }, timeframe = '1m' }\nfunction S.on_bar(ctx, bar) end\nreturn S\n",
                    reloadAt: reloadAt, kernel: kernel, services: services)
                holder = strategy
                return [strategy]
            }
        }
        let strategy = try #require(holder)
        #expect(strategy.slot.version == 2, "\(strategy.records)")
        let parent = try #require(strategy.slot.current.desk.parents.first, "the new version's ctx has the running parent")
        #expect(parent.state == "done" && parent.filled == quantity, "\(parent.state) \(parent.filled)/\(quantity)")
        #expect(result.fills.contains { $0.time > reloadAt } && result.fills.contains { $0.time < reloadAt }, "children filled before and after the reload")
        #expect(result.fills.reduce(0) { $0 + $1.quantity } == quantity)
    }
}

extension ExecutionAPITests {
    /// A maker on 005930 through the third day, with a two-tick book quoted around each bar's close:
    /// it trades both sides, never holds more than its cap, never sells what it does not hold, and
    /// every quote is on the grid and off the book's other side when placed.
    @Test func aMarketMakerQuotesBothSidesWithinItsInventory() throws {
        let (_, result, log) = try Self.run(
            "{ symbol = '005930', side = 'buy', qty = 1, algo = 'twap', start = '15:18', finish = '15:19' }", code: "005930",
            then: """
                if hhmm == '09:10' then maker = ctx:make_market{ symbol = '005930', size = 20, max_inventory = 60, spread = 1, skew = 1, fast_move = 50 } end
                if hhmm == '15:00' and maker then
                  local m = ctx:market_maker(maker)
                  ctx:log('info', string.format('maker %s bought %d sold %d refreshes %d inventory %d', m.state, m.bought, m.sold, m.refreshes, m.inventory))
                  assert(ctx:stop_market(maker))
                end
                """,
            book: { _ in 2 })
        let line = try #require(log.first { $0.hasPrefix("maker quoting") }, "\(log.suffix(5)) \(result.strategyFailures)")
        let numbers = line.split(whereSeparator: { !$0.isNumber }).compactMap { Int64($0) }
        #expect(numbers.count == 4 && numbers[0] >= 100 && numbers[1] >= 100 && numbers[2] > 50, "\(line)")
        var held: Int64 = 0
        for fill in result.fills.sorted(by: { $0.time < $1.time }) {
            held += fill.side == .buy ? fill.quantity : -fill.quantity
            #expect(held >= 0 && held <= 61, "held \(held) at \(fill.time)")  // 60, and the parent's one share at 15:19
            #expect(KRXTickSize.round(fill.price, .down) == fill.price)
        }
        #expect(numbers[3] == numbers[0] - numbers[1], "inventory is what it bought less what it sold")
        #expect(result.rejections.isEmpty, "\(result.rejections.prefix(2).map { $0.rejection ?? "" })")
    }
}

extension ExecutionAPITests {
    /// The backtest venue with Nextrade beside KRX (30% of each bar's volume): a smart parent's
    /// children walk both books, NXT's fills stay within its share, and every fill names its venue.
    @Test func aSmartParentSplitsItsChildrenOverTheBacktestsTwoBooks() throws {
        // December 2026: Nextrade has traded since 2025-03-04.
        let bars = SyntheticMarket(seed: 11, symbols: 1, days: 4, start: CivilDate(year: 2026, month: 11, day: 30)!).minuteBars()[0].bars
        let quantity = VolumeProfile.days(bars)[2].reduce(Int64(0)) { $0 + $1.volume } / 20
        let (found, result, log) = try Self.run(
            "{ symbol = '005930', side = 'buy', qty = \(quantity), algo = 'twap', route = 'smart', start = '10:00', finish = '11:00', cap = 1 }", code: "005930",
            venue: VenueModel(nextradeShare: 0.3), bars: bars)
        let parent = try #require(found, "\(log)")
        let krx = parent.filledByVenue[.krx] ?? 0, nxt = parent.filledByVenue[.nxt] ?? 0
        #expect(krx > 0 && nxt > 0 && krx + nxt == parent.filled, "\(parent.filledByVenue)")
        #expect(Double(parent.filled) >= 0.95 * Double(quantity), "\(parent.filled) of \(quantity)")
        #expect(parent.routes.contains { $0.contains("on NXT") } && parent.routes.contains { $0.contains("on KRX") }, "\(parent.routes.suffix(4))")
        // NXT's fills in a bar never pass its 30% of the bar's volume.
        let volumes = Dictionary(uniqueKeysWithValues: bars.map { ($0.time, $0.volume) })
        for (time, fills) in Dictionary(grouping: result.fills.filter { $0.venue == .nxt }, by: \.time) {
            let volume = try #require(volumes[time])
            #expect(fills.reduce(0) { $0 + $1.quantity } <= Int64(Double(volume) * 0.3), "\(time)")
        }
        #expect(result.fills.allSatisfy { KRXTickSize.round($0.price, .down) == $0.price } && result.rejections.isEmpty)
    }
}
