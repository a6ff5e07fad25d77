import KumoCore
import Testing

struct SymbolTests {
    @Test(arguments: ["005930", "AAPL", "BRK.B", "KR7005930003", "069500_F"])
    func acceptsTradableCodes(_ code: String) {
        #expect(Symbol(code)?.code == code)
    }

    @Test(arguments: ["", "005 930", "../etc", "삼성전자", String(repeating: "9", count: 33), "a;drop"])
    func rejectsUnsafeCodes(_ code: String) {
        #expect(Symbol(code) == nil)
    }
}
