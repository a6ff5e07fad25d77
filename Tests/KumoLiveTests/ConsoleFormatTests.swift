@testable import KumoLive
import KumoLua
import Testing

struct ConsoleFormatTests {
    @Test func aMapOfPositionsIsKeyedBySymbol() {
        let positions = LuaTable([
            "005930": .table(LuaTable(["qty": .integer(10), "avg_price": .number(70_000)])),
            "000660": .table(LuaTable(["qty": .integer(3), "avg_price": .number(180_000)])),
        ])
        let text = ConsoleFormat.render(.table(positions))
        let header = text.split(separator: "\n").first.map(String.init) ?? ""
        #expect(header.hasPrefix("symbol"), "\(text)")
        #expect(!header.contains("key"))
    }
}
