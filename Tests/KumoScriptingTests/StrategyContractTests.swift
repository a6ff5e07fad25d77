import KumoCore
import KumoLua
@testable import KumoScripting
import Testing

struct StrategyContractTests {
    static let valid = LuaTable(fields: [
        .init(key: "params", value: .table(LuaTable(["fast": 10, "slow": 30, "weights": .table(LuaTable(array: [0.5, 0.5]))]))),
        .init(key: "symbols", value: .table(LuaTable(array: ["005930", "000660"]))),
        .init(key: "timeframe", value: "1d"),
        .init(key: "on_bar", value: .function), .init(key: "snapshot", value: .function), .init(key: "restore", value: .function),
    ])

    func validate(_ table: LuaTable, source: String = "") throws(StrategyLoadError) -> StrategyDefinition {
        try StrategyContract.validate(.table(table), file: "strategies/test.lua", source: source)
    }

    func error(_ change: (inout LuaTable) -> Void, source: String = "") -> StrategyLoadError? {
        var table = Self.valid
        change(&table)
        do {
            _ = try validate(table, source: source)
            return nil
        } catch {
            return error
        }
    }

    @Test func readsAValidModule() throws {
        let definition = try validate(Self.valid)
        #expect(definition.name == "test")
        #expect(definition.symbols == [Symbol("005930")!, Symbol("000660")!])
        #expect(definition.timeframe == Timeframe(1, .day))
        #expect(definition.handlers == [.onBar, .snapshot, .restore])
        #expect(definition.parameters["fast"] == 10)
        #expect(definition.warnings.isEmpty)
    }

    @Test func aModuleMustReturnATable() {
        #expect(throws: StrategyLoadError.self) { try StrategyContract.validate(.nil, file: "s.lua", source: "") }
    }

    @Test func misspelledHandlersAreCaughtWithASuggestionAndLine() {
        let source = "local S = {}\n\nfunction S.on_barr(ctx, bar) end\nreturn S"
        let found = error({ $0["on_barr"] = .function }, source: source)
        #expect(found?.message.hasPrefix("unknown handler 'on_barr'; did you mean 'on_bar'?") == true)
        #expect(found?.line == 3)
    }

    @Test func handlersMustBeFunctions() {
        #expect(error { $0["on_tick"] = 5 }?.message == "'on_tick' must be a function (got number)")
    }

    @Test func aStrategyNeedsAnEventHandler() {
        let found = error { table in table["on_bar"] = nil }
        #expect(found?.message == "a strategy needs at least one of on_bar, on_tick or on_timer")
    }

    @Test func snapshotNeedsRestore() {
        #expect(error { $0["restore"] = nil }?.message == "'snapshot' and 'restore' go together; 'restore' is missing")
    }

    @Test func symbolsAndTimeframeAreChecked() {
        #expect(error { $0["symbols"] = .table(LuaTable(array: ["005930", 660])) }?.message
            == "symbols[2] must be a string such as '005930' (got number)")
        #expect(error { $0["symbols"] = .table(LuaTable(array: ["005 930"])) }?.message == "symbols[1] '005 930' is not a valid symbol code")
        #expect(error { $0["timeframe"] = "1day" }?.message.hasPrefix("'timeframe' is '1day', not a timeframe") == true)
        #expect(error { $0["timeframe"] = nil }?.message.hasPrefix("'timeframe' is required with on_bar") == true)
    }

    @Test func parametersArePlainValues() {
        #expect(error { $0["params"] = .table(LuaTable(["f": .function])) }?.message
            == "params.f must be a number, string, boolean or a list of them (got function)")
        #expect(error { $0["params"] = .table(LuaTable(array: [1, 2])) }?.message.hasPrefix("'params' must be a table of named values") == true)
    }

    @Test func unknownDataFieldsAreWarningsNotErrors() throws {
        var table = Self.valid
        table["colour"] = "blue"
        #expect(try validate(table).warnings == ["field 'colour' is not part of the strategy contract"])
    }
}
