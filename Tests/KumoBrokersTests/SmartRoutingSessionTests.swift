import Foundation
import KumoCore
import KumoData
import KumoEngine
import KumoKIS
import KumoKISSim
import Testing

/// A parent order worked live through the KIS simulator with Nextrade's book beside KRX's: its
/// children are split by the smart router, go out with `EXCG_ID_DVSN_CD` KRX or NXT, and each fill
/// comes back marked with the venue it traded on (`ORD_EXG_GB`).
extension LiveKISSessionTests {
    /// Buys 150 shares of 005930 by TWAP from 09:04 to 09:16, children routed by the smart router.
    static let smartParent = """
        local strategy = { timeframe = '1m' }
        local parent
        function strategy.on_bar(ctx, bar)
          if parent == nil and bar.symbol == '005930' then
            parent = ctx:execute{symbol = '005930', side = 'buy', qty = 150, algo = 'twap', start = '09:04', finish = '09:16',
                                 randomization = 0, route = 'smart', cap = 1}
          end
        end
        return strategy
        """

    @Test func aSmartParentsChildrenTradeOnBothVenuesAndAgreeWithTheBroker() async throws {
        let day = CivilDate(year: 2026, month: 12, day: 1)!
        let harness = try await SimulatorHarness.start(environment: .real, callsPerSecond: 50) { settings in
            let bars = SyntheticMarket(seed: 3, symbols: 2, days: 1, start: day).minuteBars()
            settings.market = zip(["005930", "000660"], bars).map { ($0, $1.bars) }
            settings.nextradeShare = 0.6
        }
        defer { harness.stop() }
        let outcome = try await session(harness, folder: harness.folder, script: Self.smartParent) {
            // To 09:19: four KRX prints a minute per symbol, and NXT's beside them.
            while await harness.simulator.hasMorePrints, await harness.simulator.exchange.now < Timestamp(year: 2026, month: 12, day: 1, hour: 9, minute: 19, utcOffsetSeconds: 9 * 3600)! {
                await harness.simulator.step(1)
                try await Task.sleep(for: .milliseconds(8))
            }
        }
        let exchange = await harness.simulator.exchange
        let children = outcome.orders.filter { $0.symbol.code == "005930" && $0.venueOrderID != nil }
        #expect(children.count >= 10, "a child most minutes: \(children.count); \(outcome.log.suffix(10))")
        // Every child went to one venue, with a price on the tick grid; the broker has it under that venue.
        for child in children {
            #expect(child.route == nil || child.route == .nxt, "\(child.id) routed \(String(describing: child.route))")
            if case .limit(let price) = child.type { #expect(KRXTickSize.round(price, .down, on: day) == price) }
            let atBroker = exchange.orders.first { $0.number == child.venueOrderID }
            #expect(atBroker?.route == (child.route ?? .krx), "\(child.id) is at the broker as \(String(describing: atBroker?.route))")
        }
        let fills = outcome.fills.filter { $0.symbol.code == "005930" }
        let byVenue = Dictionary(grouping: fills, by: { $0.venue }).mapValues { $0.reduce(0) { $0 + $1.quantity } }
        #expect((byVenue[.krx] ?? 0) > 0 && (byVenue[.nxt] ?? 0) > 0, "fills on both venues: \(byVenue)")
        #expect(byVenue[nil] == nil, "every fill says its venue")
        #expect(fills.reduce(0) { $0 + $1.quantity } == 150, "the parent completed: \(byVenue)")
        // A fill's venue is its order's route (ORD_EXG_GB 1 or 2 from the simulator's notice).
        let routes = Dictionary(uniqueKeysWithValues: children.map { ($0.id, $0.route ?? .krx) })
        #expect(fills.allSatisfy { routes[$0.order]?.venue == $0.venue })
        await expectAgreement(outcome, harness)
    }
}
