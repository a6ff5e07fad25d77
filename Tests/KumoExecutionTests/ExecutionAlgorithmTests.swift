import Foundation
import KumoCore
import KumoData
import KumoExecution
import Testing

/// The execution algorithms against the Almgren–Chriss closed forms and on the synthetic
/// market's minute bars, whose volume follows a known U shape (0.4 + 2.4·x² across the session).
struct ExecutionAlgorithmTests {
    /// Almgren and Chriss's own example (2000, §4): 1M shares over 5 days, σ 0.95, ε 1/16, η 2.5e-6, γ 2.5e-7.
    static func paperExample(riskAversion: Double) -> AlmgrenChriss {
        AlmgrenChriss(
            shares: 1_000_000, periods: 5, tau: 1, volatility: 0.95, fixedCost: 0.0625, temporaryImpact: 2.5e-6, permanentImpact: 2.5e-7,
            riskAversion: riskAversion)
    }

    @Test func theClosedFormsAreTheCostOfTheTrajectory() {
        for lambda in [0.0, 1e-7, 1e-6, 2e-6, 1e-5] {
            let model = Self.paperExample(riskAversion: lambda)
            let trades = model.trades
            #expect(abs(trades.reduce(0, +) - model.shares) < 1e-6)
            let summed = model.cost(of: trades)
            #expect(abs(summed.expected / model.expectedCost - 1) < 1e-12, "λ \(lambda): \(summed.expected) vs \(model.expectedCost)")
            #expect(abs(summed.variance / model.variance - 1) < 1e-12, "λ \(lambda): \(summed.variance) vs \(model.variance)")
        }
        // λ = 0 is the straight line: E = ½γX² + εX + η̃X²/T.
        let neutral = Self.paperExample(riskAversion: 0)
        #expect(neutral.trades.allSatisfy { abs($0 - 200_000) < 1e-6 })
        let x = 1_000_000.0
        #expect(abs(neutral.expectedCost - (0.5 * 2.5e-7 * x * x + 0.0625 * x + (2.5e-6 - 1.25e-7) * x * x / 5)) < 1e-6)
    }

    @Test func theTrajectoryMinimisesCostPlusRiskAndUrgencyTradesSooner() {
        let model = Self.paperExample(riskAversion: 2e-6)
        let optimum = model.cost(of: model.trades)
        let objective = optimum.expected + model.riskAversion * optimum.variance
        // Moving shares between any two intervals makes E + λV worse.
        for (from, to) in [(0, 1), (1, 4), (2, 0), (4, 3)] {
            for delta in [-5_000.0, 5_000.0] {
                var trades = model.trades
                trades[from] -= delta
                trades[to] += delta
                let moved = model.cost(of: trades)
                #expect(moved.expected + model.riskAversion * moved.variance > objective)
            }
        }
        let firsts = [0.0, 1e-6, 1e-5, 1e-4].map { Self.paperExample(riskAversion: $0).trades[0] }
        #expect(firsts == firsts.sorted() && firsts.last! > 2 * firsts.first!, "more urgency, more at once: \(firsts)")
    }

    /// 60 days of one symbol's minute bars: 40 to learn the profile, 20 to trade.
    static let days: [[Bar]] = VolumeProfile.days(SyntheticMarket(seed: 11, symbols: 1, days: 60).minuteBars()[0].bars)

    @Test func theLearnedProfileIsTheMarketsUShape() {
        let profile = VolumeProfile(learning: Self.days.prefix(40).flatMap { $0 })
        #expect(abs(profile.shares.reduce(0, +) - 1) < 1e-9)
        // The generator's smile is 0.4 + 2.4·x² over minutes 0…380 (x from −1 to 1): 7 times heavier at the edges.
        let edges = (profile.share(at: 0) + profile.share(at: 379)) / 2
        let middle = (185...195).reduce(0.0) { $0 + profile.share(at: $1) } / 11
        #expect(edges / middle > 5.5 && edges / middle < 8.5, "\(edges / middle)")
    }

    @Test func vwapTracksTheIntervalVWAPWithinFiveBasisPointsAndBeatsTWAP() throws {
        let profile = VolumeProfile(learning: Self.days.prefix(40).flatMap { $0 })
        var vwapMisses: [Double] = [], twapMisses: [Double] = []
        for (index, day) in Self.days.suffix(20).enumerated() {
            let previous = Self.days[40 + index - 1].reduce(Int64(0)) { $0 + $1.volume }
            let quantity = previous / 50  // 2% of yesterday's volume, over the continuous session (not the closing auction)
            let vwap = ExecutionSimulator().run(try ParentOrder(quantity: quantity, algorithm: .vwap(profile), startMinute: 0, endMinute: 379), day: day, buy: true)
            let twap = ExecutionSimulator().run(
                try ParentOrder(quantity: quantity, algorithm: .twap(randomization: 0.2, seed: UInt64(index)), startMinute: 0, endMinute: 379), day: day, buy: true)
            #expect(vwap.filled == quantity && twap.filled == quantity)
            vwapMisses.append(abs(vwap.slippageVersusVWAPbp))
            twapMisses.append(abs(twap.slippageVersusVWAPbp))
        }
        let vwapMean = vwapMisses.reduce(0, +) / 20, twapMean = twapMisses.reduce(0, +) / 20
        #expect(vwapMean <= 5, "VWAP misses the interval VWAP by \(vwapMean) bp on average: \(vwapMisses)")
        #expect(vwapMean < twapMean, "VWAP \(vwapMean) bp, TWAP \(twapMean) bp")
    }

    @Test func povStaysWithinTwoPointsOfItsParticipation() throws {
        let profile = VolumeProfile(learning: Self.days.prefix(40).flatMap { $0 })
        for target in [0.05, 0.1, 0.2] {
            for day in Self.days.suffix(10) {
                // More than it can do: it takes part all interval long.
                let parent = try ParentOrder(quantity: 100_000_000, algorithm: .pov(participation: target, profile: profile), startMinute: 30, endMinute: 330)
                let report = ExecutionSimulator().run(parent, day: day, buy: false)
                #expect(abs(report.participation - target) <= 0.02, "target \(target): \(report.participation)")
            }
        }
    }

    @Test func implementationShortfallTradesFasterWithUrgency() throws {
        let day = Self.days[45]
        let quantity: Int64 = 200_000
        var halfway: [Double] = []
        for lambda in [0.0, 1e-9, 1e-8] {
            // σ 20 won per √minute, η 0.001 won per share per share-per-minute: κ̃² = λσ²/η.
            let model = AlmgrenChriss(shares: Double(quantity), periods: 120, volatility: 20, temporaryImpact: 1e-3, riskAversion: lambda)
            let report = ExecutionSimulator().run(
                try ParentOrder(quantity: quantity, algorithm: .implementationShortfall(model), startMinute: 10, endMinute: 129, volumeCap: 1), day: day, buy: true)
            #expect(report.filled == quantity)
            let done = Double(report.fills.prefix(60).reduce(0, +)) / Double(quantity)
            // Halfway, the closed form holds x(T/2) = X·sinh(κT/2)/sinh(κT) = X / (2·cosh(κT/2)).
            let planned = lambda == 0 ? 0.5 : 1 - 1 / (2 * cosh(model.kappa * 60))
            #expect(abs(done - planned) < 0.005, "λ \(lambda): \(done) done halfway, the trajectory says \(planned)")
            halfway.append(done)
        }
        #expect(halfway == halfway.sorted() && halfway[1] > 0.6 && halfway[2] > 0.95, "more urgency, sooner: \(halfway)")
    }
}

/// Parent orders refuse what they cannot do, keep to their limit, and impact parameters follow
/// Almgren and Chriss's rule from the data.
struct ParentOrderTests {
    @Test func badParentsAreRefusedNamingTheField() {
        let profile = VolumeProfile(shares: [Double](repeating: 1, count: 391))
        func refusal(_ make: () throws -> ParentOrder) -> String {
            do { _ = try make() } catch { return (error as? ExecutionError)?.description ?? "\(error)" }
            return "accepted"
        }
        #expect(refusal { try ParentOrder(quantity: 0, algorithm: .vwap(profile), startMinute: 0, endMinute: 10) }.contains("qty"))
        #expect(refusal { try ParentOrder(quantity: 10, algorithm: .vwap(profile), startMinute: 10, endMinute: 5) }.contains("finish"))
        #expect(refusal { try ParentOrder(quantity: 10, algorithm: .vwap(profile), startMinute: 300, endMinute: 385) }.contains("closing call auction"))
        #expect(refusal { try ParentOrder(quantity: 10, algorithm: .vwap(profile), startMinute: 300, endMinute: 385, auction: true) } == "accepted")
        #expect(refusal { try ParentOrder(quantity: 10, algorithm: .pov(participation: 1.5, profile: profile), startMinute: 0, endMinute: 10) }.contains("participation"))
        let model = AlmgrenChriss(shares: 10, periods: 5, volatility: 1, temporaryImpact: 1, riskAversion: 0)
        #expect(refusal { try ParentOrder(quantity: 10, algorithm: .implementationShortfall(model), startMinute: 0, endMinute: 10) }.contains("5 periods"))
    }

    @Test func childrenWaitWhileThePriceIsBeyondTheLimit() throws {
        let day = ExecutionAlgorithmTests.days[50]
        let profile = VolumeProfile(learning: ExecutionAlgorithmTests.days.prefix(40).flatMap { $0 })
        let typical = day.map { ($0.high.doubleValue + $0.low.doubleValue + $0.close.doubleValue) / 3 }
        let ceiling = typical.prefix(380).sorted()[190]  // the session's median minute price
        // A fifth of the day's volume at most a tenth of each minute's: what the minutes above the ceiling miss cannot all be caught up.
        let quantity = day.reduce(Int64(0)) { $0 + $1.volume } / 5
        let parent = try ParentOrder(quantity: quantity, algorithm: .vwap(profile), startMinute: 0, endMinute: 379, volumeCap: 0.1, limit: ceiling)
        let limited = ExecutionSimulator().run(parent, day: day, buy: true)
        for (fill, price) in zip(limited.fills, typical) where fill > 0 { #expect(price <= ceiling) }
        #expect(limited.fills.indices.contains { limited.fills[$0] == 0 && typical[$0] > ceiling }, "some minutes waited")
        #expect(limited.averagePrice <= ceiling && limited.filled > 0 && limited.filled < quantity, "\(limited.filled) of \(quantity)")
    }

    @Test func impactParametersFollowAlmgrenAndChrissRule() throws {
        // Their example: spread 1/8, 5M shares a day → ε 1/16, η 2.5e-6, γ 2.5e-7.
        let paper = ImpactModel(spread: 0.125, dailyVolume: 5_000_000, volatility: 0.95)
        #expect(paper.fixedCost == 0.0625)
        #expect(abs(paper.temporaryImpactPerDay - 2.5e-6) < 1e-18 && abs(paper.permanentImpact - 2.5e-7) < 1e-18)
        // Corwin–Schultz on two bars with H/L of 101/99 and 100.5/99.5: 0.56991% (worked out apart, in Python, from the paper's equations).
        let time = Timestamp(year: 2024, month: 1, day: 4, hour: 9, minute: 0, utcOffsetSeconds: 9 * 3600)!
        let first = Bar(time: time, open: Price(units: 100), high: Price(units: 101), low: Price(units: 99), close: Price(units: 100), volume: 1)
        let second = Bar(time: time, open: Price(units: 100), high: Price(micros: 100_500_000), low: Price(micros: 99_500_000), close: Price(units: 100), volume: 1)
        #expect(abs(try #require(ImpactModel.corwinSchultz(first, second)) - 0.0056990897531961696) < 1e-15)
        // From the synthetic minutes: a spread of at least a tick, a positive σ, the average day's volume.
        let bars = ExecutionAlgorithmTests.days.prefix(20).flatMap { $0 }
        let estimated = ImpactModel(estimating: bars)
        let days = Double(ExecutionAlgorithmTests.days.prefix(20).count)
        #expect(estimated.dailyVolume == Double(bars.reduce(0) { $0 + $1.volume }) / days)
        let last = try #require(bars.last)
        #expect(estimated.spread >= KRXTickSize.tick(for: last.close, on: CivilDate(last.time, utcOffsetSeconds: KRXSessions.utcOffsetSeconds)).doubleValue)
        #expect(estimated.volatility > 0)
        let model = estimated.model(shares: 100_000, minutes: 60, riskAversion: 1e-6)
        #expect(model.temporaryImpact == estimated.temporaryImpactPerDay * 381 && model.trades.count == 60)
    }
}
