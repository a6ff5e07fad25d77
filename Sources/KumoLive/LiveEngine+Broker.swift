import CoreMetrics
import Foundation
import KumoCore
import KumoData
public import KumoEngine
import KumoScripting
import Logging

extension LiveEngine {
    /// Opens the broker session (wrong credentials stop here with the broker's message), then
    /// reconciles the journal with the broker's account before anything trades.
    /// - Throws: the broker's refusal, or a snapshot it could not give.
    @discardableResult
    public func connectBroker() throws -> ReconciliationReport {
        guard let broker else { return ReconciliationReport() }
        let symbols = try config.feed.symbols.map { code in
            guard let symbol = Symbol(code) else { throw LiveConfig.Failure("feed.symbols: '\(code)' is not a symbol") }
            return symbol
        }
        try broker.connect(symbols: symbols)
        setBrokerConnected(true)
        let snapshot = try broker.snapshot()
        // After a restart nothing is in flight: a journaled order the broker never numbered is unanswered.
        let unanswered = kernel.openOrders().filter { $0.status == .submitted && $0.venueOrderID == nil && $0.isAtVenue }.map(\.id)
        // Before the feed runs nothing is in flight: every difference is acted on.
        return reconcile(with: BrokerSnapshot(holdings: snapshot.holdings, cash: snapshot.cash, orders: snapshot.orders, unanswered: snapshot.unanswered + unanswered), confirmed: true)
    }

    /// Brings the account to the broker's snapshot, journals and logs what changed. While the feed
    /// runs (`confirmed` false), a missing fill, position or cash difference is acted on only when the
    /// previous snapshot, `reconcile_every` seconds before, showed it too: a notice or a reply may
    /// still have been on its way, and one that has not come in that long is taken as lost.
    @discardableResult
    public func reconcile(with snapshot: BrokerSnapshot, confirmed: Bool = false) -> ReconciliationReport {
        let report = kernel.reconcile(with: snapshot, strategies: strategies, confirming: confirmed ? nil : unconfirmed)
        unconfirmed = report.unconfirmed
        journal.commit(event: kernel.eventIndex, checkpointEvery: .max)
        broker?.flush()
        for order in kernel.openOrders() { broker?.register(order) }
        reconciliations.append(report)
        for line in report.lines {
            note("reconcile: \(line)")
            engineLogger.warning("reconcile", metadata: ["change": "\(line)"])
        }
        if report.isClean { engineLogger.info("reconciled: the journal agrees with the broker") }
        return report
    }

    /// Trades the broker's stream until stopped: prints build bars of the feed's timeframe (on_bar
    /// when one closes) and reach `on_tick`, books become quotes, reports change orders and the
    /// account; every input is journaled before the next and only then are orders sent. The broker
    /// is reconciled with every `reconcile_every` seconds and after each reconnection.
    func runBroker(stop: StopSignal) -> Summary {
        guard let broker else { preconditionFailure("runBroker without a broker") }
        let loop = EventLoop(kernel: kernel, strategies: strategies, observers: observers)
        let frame = Timeframe(parsing: config.feed.timeframe)!  // checked when the config was read
        var bars = LiveBarBuilder(timeframe: frame)
        var handled = 0
        var lastReconcile = Date()
        while stop.reason == nil {
            between()
            let inputs = broker.drain()
            for input in inputs {
                handled += 1
                metrics?.events.increment()
                lastEventAt = Date()
                switch input {
                case .tick(let symbol, let tick):
                    // Bars whose minute is over close first, this symbol's included (its next print starts a new one).
                    for (closed, bar) in bars.close(before: tick.time) { loop.step(.bar(closed, bar)) }
                    if let closed = bars.add(tick, of: symbol) { loop.step(.bar(symbol, closed)) }
                    loop.step(.tick(symbol, tick))
                case .quote(let symbol, let quote, let venue): kernel.record(quote: quote, of: symbol, on: venue)
                case .report(let report):
                    if let problem = kernel.handle(report, strategies: strategies) {
                        note(problem)
                        engineLogger.warning("broker report not applied", metadata: ["problem": "\(problem)"])
                    }
                case .snapshot(let snapshot): reconcile(with: snapshot)
                case .connected(let attempt):
                    engineLogger.info("broker feed connected", metadata: ["attempt": "\(attempt)"])
                    setBrokerConnected(true)
                    if attempt > 1 {
                        metrics?.brokerReconnects.increment()
                        broker.requestSnapshot()  // what happened while it was down
                    }
                case .disconnected(let why):
                    note("broker feed dropped: \(why)")
                    setBrokerConnected(false)
                    engineLogger.warning("broker feed dropped; reconnecting", metadata: ["reason": "\(why)"])
                case .log(let text):
                    note(text)
                    engineLogger.warning("broker", metadata: ["message": "\(text)"])
                }
                // The input's records are in the journal before any order it caused is sent.
                journal.commit(event: kernel.eventIndex, checkpointEvery: config.engine.checkpointEvery)
                broker.flush()
            }
            if Date().timeIntervalSince(lastReconcile) >= config.broker.reconcileEvery {
                lastReconcile = Date()
                broker.requestSnapshot()
                broker.flush()
            }
            if inputs.isEmpty {
                journal.commit(event: kernel.eventIndex, checkpointEvery: .max)  // what operator commands did
                broker.flush()
                broker.waitForInput(timeout: 0.005)  // woken by the next print or report; the console is served at least every 5 ms
            }
        }
        journal.commit(event: kernel.eventIndex)
        broker.flush()
        logStrategyHealth()
        return Summary(
            events: handled, replayed: 0, fills: kernel.fills.count, openOrders: kernel.openOrders().count, cash: kernel.portfolio.cash,
            equity: kernel.equity, stoppedBy: stop.reason, reloads: reloader.history)
    }

    func note(_ text: String) { log.append(text) }

    func setBrokerConnected(_ up: Bool) {
        if up { brokerDownSince = nil } else if brokerConnected != false { brokerDownSince = Date() }
        brokerConnected = up
        metrics?.brokerConnected.record(up ? 1 : 0)
    }
}
