public import KumoCore
public import KumoLua

extension ScriptedStrategy {
    /// Lua that refills a bar record in place and calls the handler with it: the sets run inside
    /// the protected call, under the script's budget, like the handler itself.
    static let barTrampoline = """
        return function(handler, ctx, bar, open, high, low, close, volume, time)
          bar.open, bar.high, bar.low, bar.close, bar.volume, bar.time = open, high, low, close, volume, time
          return handler(ctx, bar)
        end
        """

    /// Calls `on_bar(ctx, bar)` with the symbol's bar table refilled in place: one table per
    /// symbol for the whole run (a script that keeps a bar past the call copies its fields).
    /// - Throws: ``LuaScriptError``, `.quarantined` once the strategy has failed too often.
    public func callBar(symbol: Symbol, bar: Bar, date: String) throws(LuaScriptError) {
        guard health.status != .quarantined else { try call(.onBar, []); return }
        guard let handler = handlers[.onBar] else { return }
        do {
            let record = try barRecord(symbol: symbol, bar: bar, date: date)
            try vm.call(try trampoline(), references: handler, context, record) { arguments in
                arguments.push(bar.open.doubleValue)
                arguments.push(bar.high.doubleValue)
                arguments.push(bar.low.doubleValue)
                arguments.push(bar.close.doubleValue)
                arguments.push(bar.volume)
                arguments.push(bar.time.secondsSince1970)
            }
            health.recordSuccess()
        } catch {
            health.recordFailure(LuaScriptErrorSummary(handler: StrategyHandler.onBar.rawValue, message: error.message, isLimit: error.isLimit))
            throw error
        }
    }

    /// The symbol's bar table, made on its first bar; its date is rewritten when the day changes.
    private func barRecord(symbol: Symbol, bar: Bar, date: String) throws(LuaScriptError) -> LuaReference {
        if let kept = barRecords[symbol] {
            if kept.date != date {
                try vm.setField("date", to: .string(date), in: kept.record)
                barRecords[symbol]!.date = date
            }
            return kept.record
        }
        let record = try vm.makeRecord(EngineTables.barFields(bar, symbol: symbol, date: date))
        barRecords[symbol] = (record, date)
        return record
    }

    private func trampoline() throws(LuaScriptError) -> LuaReference {
        if let barCaller { return barCaller }
        let chunk = try vm.load(Self.barTrampoline, chunkName: "=kumo.bar", environment: try vm.makeEnvironment())
        let function = try vm.callKeepingResult(chunk)
        vm.release(chunk)
        barCaller = function
        return function
    }
}
