import KumoLua
import Testing

struct LuaValueTests {
    @Test func integerValueAcceptsIntegralFloatsOnly() {
        #expect(LuaValue.number(3.0).integerValue == 3)
        #expect(LuaValue.number(3.5).integerValue == nil)
        #expect(LuaValue.integer(-7).doubleValue == -7)
    }

    @Test func truthinessFollowsLua() {
        #expect(!LuaValue.nil.isTruthy)
        #expect(!LuaValue.boolean(false).isTruthy)
        #expect(LuaValue.integer(0).isTruthy)
        #expect(LuaValue.string("").isTruthy)
    }

    @Test func tableFieldsAreKeptInKeyOrder() {
        let table = LuaTable(fields: [
            .init(key: "b", value: 2), .init(key: .integer(10), value: 1), .init(key: "a", value: 3),
        ])
        #expect(table.fields.map(\.key) == [.integer(10), "a", "b"])
        #expect(table.description == "{ [10] = 1, a = 3, b = 2 }")
    }
}
