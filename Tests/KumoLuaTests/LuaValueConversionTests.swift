import KumoLua
import Testing

/// Values cross between Swift and Lua by copy; a round trip through a Lua identity function
/// gives back the same value, and Lua-built values arrive as the tables written by hand here.
struct LuaValueConversionTests {
    static let roundTripValues: [LuaValue] = [
        .nil, true, false, 0, -1, .integer(Int64.max), .integer(Int64.min), 0.5, -2.25, .number(1e308),
        .number(.infinity), .number(-.infinity), "", "삼성전자 005930", .string("a\u{0}b"), .bytes([0xff, 0xfe, 0x00, 0x41]),
        .table(LuaTable()),
        .table(LuaTable(array: [1, 2.5, "three", true])),
        .table(LuaTable(["open": 70_000, "close": 71_500.5, "symbol": "005930"])),
        .table(LuaTable(array: [.table(LuaTable(array: [1, 2])), .table(LuaTable(["deep": .table(LuaTable(array: ["x"]))]))],
            fields: [.init(key: .integer(10), value: "sparse"), .init(key: .number(1.5), value: "float key"), .init(key: true, value: "bool key")])),
    ]

    @Test(arguments: roundTripValues)
    func valueSurvivesARoundTripThroughLua(_ value: LuaValue) throws {
        let results = try evaluate("return ...", arguments: [value])
        #expect(results == [value])
    }

    @Test func integersAndFloatsStayDistinct() throws {
        let results = try evaluate("return 3, 3.0, 2^53, 7 // 2, 7 / 2, math.maxinteger + 1 == math.mininteger")
        #expect(results == [.integer(3), .number(3), .number(9_007_199_254_740_992), .integer(3), .number(3.5), .boolean(true)])
    }

    @Test func luaTablesArriveAsTheirArrayAndFields() throws {
        let results = try evaluate("return { 10, 20, 30, name = 'kumo', nested = { ok = true }, [5] = 'gap' }")
        let expected = LuaTable(
            array: [10, 20, 30],
            fields: [.init(key: "name", value: "kumo"), .init(key: "nested", value: .table(LuaTable(["ok": true]))),
                     .init(key: .integer(5), value: "gap")])
        #expect(results == [.table(expected)])
    }

    @Test func functionsAndCoroutinesArriveAsMarkers() throws {
        let results = try evaluate("return print, coroutine.create(print)")
        #expect(results == [.function, .opaque("thread")])
    }

    @Test func cyclicTablesAreRefusedNotFollowed() throws {
        let error = try failure(of: "local t = {} t.self = t return t")
        #expect(error?.kind == .refused)
        #expect(error?.message.contains("nested deeper than 64 levels") == true)
    }

    @Test func tooDeepSwiftValuesAreRefusedBeforeReachingLua() throws {
        var value = LuaValue.integer(1)
        for _ in 0..<100 { value = .table(LuaTable(array: [value])) }
        #expect(throws: LuaScriptError.self) { try evaluate("return ...", arguments: [value]) }
    }

    @Test func tableEntryLimitStopsHugeReturns() throws {
        let error = try failure(of: "local t = {} for i = 1, 2000 do t[i] = i end return t", limits: LuaLimits(maxValueEntries: 1000))
        #expect(error?.kind == .refused)
        #expect(error?.message.contains("more than 1000 entries") == true)
    }
}
