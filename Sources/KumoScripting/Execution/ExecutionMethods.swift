import Foundation
import KumoCore
import KumoEngine
import KumoExecution
public import KumoLua

/// `ctx:execute{…}`, `ctx:parent(id)` and `ctx:cancel_parent(id)`: parent orders the host works
/// in children (TWAP, VWAP, POV, implementation shortfall) through the same kernel, risk gate and
/// venue as every order.
public enum ExecutionMethods {
    static let options: Set<String> = ["symbol", "side", "qty", "algo", "start", "finish", "limit", "participation", "urgency", "cap", "randomization", "auction", "route", "max_spread", "band_bp"]

    /// `HH:MM` (KST) as minutes since 09:00.
    static func minute(_ table: LuaTable, _ key: String, in function: String) throws(LuaCallError) -> Int? {
        guard let text = try OrderOptions.string(table, key, in: function) else { return nil }
        let parts = text.split(separator: ":").compactMap { Int($0) }
        guard parts.count == 2, (0..<24).contains(parts[0]), (0..<60).contains(parts[1]) else { throw LuaCallError("\(function): \(key) must be HH:MM, not '\(text)'") }
        return parts[0] * 60 + parts[1] - 9 * 60
    }

    static func parent(_ working: ExecutionDesk.Working) -> LuaTable {
        var table = LuaTable([
            "id": .string(working.id), "symbol": .string(working.symbol.code), "side": .string(working.side.rawValue), "algo": .string(working.algorithm),
            "qty": .integer(working.parent.quantity), "filled": .integer(working.filled), "state": .string(working.state),
            "children": .integer(Int64(working.children.count)), "avg_price": .number(working.averagePrice), "interval_vwap": .number(working.intervalVWAP),
            "slippage_bp": .number(working.slippageVersusVWAPbp), "shortfall_bp": .number(working.implementationShortfallbp),
            "participation": .number(working.parent.marketVolume > 0 ? Double(working.filled) / Double(working.parent.marketVolume) : 0),
        ])
        if let arrival = working.arrival { table["arrival"] = .number(arrival) }
        table["route"] = .string(working.routing.rawValue)
        table["venues"] = .table(LuaTable(fields: working.filledByVenue.map { LuaTable.Field(key: .string($0.key.description), value: .integer($0.value)) }))
        table["routes"] = .table(LuaTable(array: working.routes.map(LuaValue.string)))
        table["paused_minutes"] = .integer(Int64(working.pausedMinutes))
        if let limit = working.parent.limit { table["limit"] = .number(limit) }
        return table
    }

    public static let all: [LuaFunction<StrategyContext>] = [
        .method("execute", LuaDocumentation(
            "Works a parent order in children: {symbol, side = 'buy'|'sell', qty, algo = 'twap'|'vwap'|'pov'|'is', start = 'HH:MM'?, finish = 'HH:MM'? (default 15:19, before the closing auction unless auction = true), limit?, participation (pov), urgency (is: κT, 0 = even, larger trades sooner), cap (largest share of a minute's volume, default 0.25), randomization (twap, default 0.2), route = 'krx'|'nxt'|'sor'|'smart' (default 'krx'; 'smart' splits each child over both venues' books: best price, then queue, then fee), max_spread (ticks: a wider book holds the child back), band_bp (no child priced beyond arrival ± this)}. Children go through the risk gate as market orders (limit orders with `limit` or a band; the smart router takes displayed depth with marketable limits). Returns the parent id, or nil and why.",
            parameters: [.init("opts", "kumo.ExecuteOptions")], returns: [.init("string?"), .init("string?", "why it was refused")])
        ) { context, frame in
            let kernel = try TradingMethods.kernel(context, frame)
            let function = frame.functionName
            let table = try frame.table(1)
            for field in table.fields where !options.contains(field.key.stringValue ?? "") {
                throw LuaCallError("\(function): unknown option '\(field.key.stringValue ?? field.key.description)' (\(options.sorted().joined(separator: ", ")))")
            }
            guard let code = try OrderOptions.string(table, "symbol", in: function) else { throw LuaCallError("\(function): symbol is required") }
            let symbol = try TradingMethods.symbol(code, function) { LuaCallError("\(function): \($0)") }
            guard let sideName = try OrderOptions.string(table, "side", in: function), let side = OrderSide(rawValue: sideName) else {
                throw LuaCallError("\(function): side must be 'buy' or 'sell'")
            }
            guard let quantity = table["qty"]?.integerValue, quantity > 0 else { throw LuaCallError("\(function): qty must be a positive whole number of shares") }
            let algo = try OrderOptions.string(table, "algo", in: function) ?? "twap"
            let now = VolumeProfile.minute(of: kernel.now) + 1
            let start = try minute(table, "start", in: function) ?? now
            let finish = try minute(table, "finish", in: function) ?? ParentOrder.lastContinuousMinute
            let cap = try OrderOptions.number(table, "cap", in: function) ?? 0.25
            // A limit off the KRX tick grid is moved onto it, never to a worse price (a buy's down, a sell's up):
            // each child names it, and the kernel refuses an off-grid price.
            let market = kernel.configuration.market(of: symbol)
            let limit = try OrderOptions.price(table, "limit", in: function).map { price in
                market.followsKRXRules
                    ? KRXTickSize.round(price, side == .buy ? .down : .up, market: market, on: CivilDate(kernel.now, utcOffsetSeconds: KRXSessions.utcOffsetSeconds))
                    : price
            }?.doubleValue
            let auction: Bool
            switch table["auction"] {
            case nil, .nil?: auction = false
            case .boolean(let flag)?: auction = flag
            default: throw LuaCallError("\(function): auction must be true or false")
            }
            let history = Array(kernel.history(symbol, count: kernel.configuration.historyDepth))
            // Children are sent minute by minute: the symbol's bars must be minute bars.
            let gaps = zip(history.suffix(10), history.suffix(10).dropFirst()).map { $1.time.nanoseconds - $0.time.nanoseconds }.filter { $0 > 0 }
            guard gaps.min() == 60_000_000_000 else {
                return try frame.returning(.nil, .string("parents are worked on minute bars, and \(code)'s recent bars are not 1m bars"))
            }
            let profile = VolumeProfile(learning: history.filter { VolumeProfile.minute(of: $0.time) < 400 })
            let algorithm: ExecutionAlgorithm
            switch algo {
            case "twap":
                algorithm = .twap(randomization: try OrderOptions.number(table, "randomization", in: function) ?? 0.2, seed: UInt64(kernel.now.nanoseconds) ^ UInt64(quantity))
            case "vwap", "pov":
                guard profile.shares.count > finish else {
                    return try frame.returning(.nil, .string("\(algo) needs a day of \(code)'s minute bars in the engine's history to learn its volume profile"))
                }
                if algo == "vwap" { algorithm = .vwap(profile) } else {
                    guard let participation = try OrderOptions.number(table, "participation", in: function) else { throw LuaCallError("\(function): pov needs participation") }
                    algorithm = .pov(participation: participation, profile: profile)
                }
            case "is":
                let urgency = try OrderOptions.number(table, "urgency", in: function) ?? 1
                guard urgency >= 0 else { throw LuaCallError("\(function): urgency must be ≥ 0") }
                guard history.count > 30 else { return try frame.returning(.nil, .string("is needs recent minute bars of \(code) to estimate its impact")) }
                let impact = ImpactModel(estimating: history)
                let minutes = max(finish - start + 1, 1)
                // urgency is κT: κ̃² = 2(cosh κτ − 1)/τ², and λ = κ̃²·η̃/σ².
                var model = impact.model(shares: Double(quantity), minutes: minutes, riskAversion: 0)
                let kappa = urgency / Double(minutes)
                model.riskAversion = model.volatility > 0 ? 2 * (cosh(kappa) - 1) * model.adjustedImpact / (model.volatility * model.volatility) : 0
                algorithm = .implementationShortfall(model)
            default: throw LuaCallError("\(function): algo must be 'twap', 'vwap', 'pov' or 'is', not '\(algo)'")
            }
            let parent: ParentOrder
            do throws(ExecutionError) {
                parent = try ParentOrder(quantity: quantity, algorithm: algorithm, startMinute: start, endMinute: finish, volumeCap: cap, limit: limit, auction: auction)
            } catch {
                throw LuaCallError("\(function): \(error.description)")
            }
            var working = ExecutionDesk.Working(id: "", symbol: symbol, side: side, algorithm: algo, parent: parent, profile: profile.shares.isEmpty ? nil : profile)
            try configure(&working, table, function)
            return try frame.returning(.string(context.desk.start(working)))
        },
        .method("parent", LuaDocumentation(
            "A parent order's progress: qty, filled, state ('working', 'done', 'expired', 'cancelled'), children, avg_price, arrival, interval_vwap, slippage_bp (against the interval VWAP) and shortfall_bp (against arrival), positive when worse; nil when there is none.",
            parameters: [.init("id", "string")], returns: [.init("kumo.Parent?")])
        ) { context, frame in
            guard let working = context.desk.parent(try frame.string(1)) else { return try frame.returning(.nil) }
            return try frame.returning(.table(parent(working)))
        },
        .method("modify_parent", LuaDocumentation(
            "Resizes a parent order: {qty = new total}. Working children beyond the new remainder are cut down or cancelled; true, or nil and why.",
            parameters: [.init("id", "string"), .init("changes", "{qty: integer}")], returns: [.init("boolean?"), .init("string?")])
        ) { context, frame in
            let kernel = try TradingMethods.kernel(context, frame)
            let function = frame.functionName
            let changes = try frame.table(2)
            for field in changes.fields where field.key.stringValue != "qty" {
                throw LuaCallError("\(function): unknown change '\(field.key.stringValue ?? field.key.description)' (qty)")
            }
            guard let quantity = changes["qty"]?.integerValue else { throw LuaCallError("\(function): qty must be a whole number of shares") }
            return try outcome(context.desk.resize(try frame.string(1), to: quantity, kernel: kernel, strategy: context.strategyName), frame)
        },
        .method("cancel_parent", LuaDocumentation(
            "Cancels a parent order and its working children; true, or nil and why.",
            parameters: [.init("id", "string")], returns: [.init("boolean?"), .init("string?")])
        ) { context, frame in
            let kernel = try TradingMethods.kernel(context, frame)
            return try outcome(context.desk.cancel(try frame.string(1), kernel: kernel), frame)
        },
    ]
}

extension ExecutionMethods {
    /// A desk command's answer to Lua: true, or nil and the reason it was refused.
    static func outcome(_ problem: String?, _ frame: borrowing LuaCallFrame) throws(LuaCallError) -> LuaReturn {
        if let problem { return try frame.returning(.nil, .string(problem)) }
        return try frame.returning(.boolean(true))
    }

    /// The routing and slippage-control options of `ctx:execute`.
    static func configure(_ working: inout ExecutionDesk.Working, _ table: LuaTable, _ function: String) throws(LuaCallError) {
        if let name = try OrderOptions.string(table, "route", in: function) {
            guard let routing = ExecutionDesk.Routing(rawValue: name) else {
                throw LuaCallError("\(function): route must be 'krx', 'nxt', 'sor' or 'smart', not '\(name)'")
            }
            working.routing = routing
        }
        if let ticks = try OrderOptions.number(table, "max_spread", in: function) {
            guard ticks >= 1, ticks <= 10_000, ticks == ticks.rounded() else { throw LuaCallError("\(function): max_spread must be a whole number of ticks from 1 to 10000") }
            working.maxSpreadTicks = Int(ticks)
        }
        if let band = try OrderOptions.number(table, "band_bp", in: function) {
            guard band > 0, band < 10_000 else { throw LuaCallError("\(function): band_bp must be above 0 and below 10000 (100%)") }
            working.bandBP = band
        }
    }
}
