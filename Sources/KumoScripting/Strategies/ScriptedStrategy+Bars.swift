public import KumoCore
public import KumoLua

extension ScriptedStrategy {
    /// Lua that refills a bar record in place and calls the handler with it: the sets run inside
    /// the protected call, under the script's budget, like the handler itself.
    static let barTrampoline = """
        return function(handler, ctx, bar, date, open, high, low, close, volume, time)
          bar.date, bar.open, bar.high, bar.low, bar.close, bar.volume, bar.time = date, open, high, low, close, volume, time
          return handler(ctx, bar)
        end
        """

    /// Calls `on_bar(ctx, bar)` with the symbol's bar table refilled in place: one table per
    /// symbol for the whole run (a script that keeps a bar past the call copies its fields).
    /// - Throws: ``LuaScriptError``, `.quarantined` once the strategy has failed too often.
    public func callBar(symbol: Symbol, bar: Bar, date: CivilDate) throws(LuaScriptError) {
        guard health.status != .quarantined else { try call(.onBar, []); return }
        guard let handler = handlers[.onBar] else { return }
        do {
            let record = try barRecord(symbol: symbol, bar: bar, date: date)
            try vm.call(try trampoline(), references: handler, context, record, try dateString(date)) { arguments in
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

    /// The symbol's bar table, made on its first bar.
    private func barRecord(symbol: Symbol, bar: Bar, date: CivilDate) throws(LuaScriptError) -> LuaReference {
        if let kept = barRecords[symbol] { return kept }
        let record = try vm.keep(.table(EngineTables.barFields(bar, symbol: symbol, date: date.description)))
        barRecords[symbol] = record
        return record
    }

    /// `date` as a Lua string, made once per trading day for every symbol's bars.
    private func dateString(_ date: CivilDate) throws(LuaScriptError) -> LuaReference {
        if let kept = barDate, kept.date == date { return kept.string }
        let string = try vm.keep(.string(date.description))
        if let kept = barDate { vm.release(kept.string) }
        barDate = (date, string)
        return string
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
