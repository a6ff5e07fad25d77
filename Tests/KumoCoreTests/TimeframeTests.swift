import KumoCore
import Testing

struct TimeframeTests {
    @Test func parsesTheUsualBarSpans() {
        #expect(Timeframe(parsing: "1d")?.seconds == 86_400)
        #expect(Timeframe(parsing: "5m")?.seconds == 300)
        #expect(Timeframe(parsing: "60m")?.seconds == 3600)
        #expect(Timeframe(parsing: "1M")?.unit == .month)
        #expect(Timeframe(parsing: "tick")?.unit == .tick)
    }

    @Test(arguments: ["", "d", "0d", "-1d", "+5m", "1y", "1D", "5 m", "tick2"])
    func rejectsMalformedSpans(_ text: String) {
        #expect(Timeframe(parsing: text) == nil)
    }

    @Test func roundTripsThroughItsDescription() {
        for text in ["tick", "30s", "1m", "15m", "1h", "1d", "1w", "1M"] {
            #expect(Timeframe(parsing: text)?.description == text)
        }
    }

    @Test func intradayCoversUnitsBelowADay() {
        #expect(Timeframe(parsing: "5m")!.isIntraday)
        #expect(!Timeframe(parsing: "1d")!.isIntraday)
    }
}
