@testable import KumoRisk
import Testing

/// Sizing rules against hand-worked share counts.
struct PositionSizingTests {
    @Test func eachRuleGivesItsStatedShares() throws {
        #expect(try PositionSizing.fixedQuantity(7).shares(equity: 1e6, price: 50_000) == 7)
        // 10% of 10,000,000 at 70,000: 14.28 → 14.
        #expect(try PositionSizing.fixedFraction(0.1).shares(equity: 10_000_000, price: 70_000) == 14)
        // Risk 1% of 10,000,000 = 100,000 per 2 ATR of 1,500 = 3,000: 33.3 → 33.
        #expect(try PositionSizing.volatilityTarget(riskFraction: 0.01, atrMultiple: 2).shares(equity: 10_000_000, price: 70_000, atr: 1_500) == 33)
        // Kelly for p = 0.55, b = 1.5: 0.55 − 0.45 / 1.5 = 0.25; half-Kelly 0.125 under a 0.2 cap:
        // 0.125 × 10,000,000 / 50,000 = 25.
        #expect(try PositionSizing.cappedKelly(winRate: 0.55, payoff: 1.5, scale: 0.5, cap: 0.2).shares(equity: 10_000_000, price: 50_000) == 25)
        // Full Kelly 0.25 is capped at 0.1: 20.
        #expect(try PositionSizing.cappedKelly(winRate: 0.55, payoff: 1.5, scale: 1, cap: 0.1).shares(equity: 10_000_000, price: 50_000) == 20)
        // A losing edge sizes nothing.
        #expect(try PositionSizing.cappedKelly(winRate: 0.3, payoff: 1, scale: 1, cap: 0.5).shares(equity: 10_000_000, price: 50_000) == 0)
    }

    @Test func badInputsNameWhatIsWrong() {
        #expect(throws: PositionSizing.Failure(description: "volatility target needs a positive ATR (nil while it warms up)")) {
            try PositionSizing.volatilityTarget(riskFraction: 0.01, atrMultiple: 2).shares(equity: 1e6, price: 100, atr: nil)
        }
        #expect(throws: PositionSizing.Failure(description: "fraction must be between 0 and 1, not 1.5")) {
            try PositionSizing.fixedFraction(1.5).shares(equity: 1e6, price: 100)
        }
        #expect(throws: PositionSizing.Failure(description: "price must be positive, not 0.0")) {
            try PositionSizing.fixedFraction(0.5).shares(equity: 1e6, price: 0)
        }
    }
}
