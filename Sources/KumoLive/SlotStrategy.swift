import CoreMetrics
import Dispatch
import KumoCore
import KumoEngine
import KumoModels
import KumoScripting

/// A running strategy as the live kernel drives it: whichever version its slot holds now, so a
/// hot reload takes effect at the next event while positions and orders stay filed under the
/// same name.
final class SlotStrategy: EngineStrategy {
    let slot: StrategySlot
    let kernel: Kernel
    private var adapter: LuaEngineStrategy
    private var version: Int
    let name: String
    /// False after an operator's `disable(name)`: the kernel stops calling it.
    var enabled = true
    /// The symbols whose bars and prints it receives (all when nil), handed to each version's adapter.
    let symbols: Set<Symbol>?
    /// The models `ctx:predict` reads, handed to each new version after a reload.
    var models: ModelService?
    /// The filings, news and economic series handed to each version.
    var altData = AltDataFeeds() {
        didSet { slot.current.attach(altData: altData) }
    }
    /// Where each `on_bar`'s duration goes, when the engine measures.
    var latency: CoreMetrics.Timer?

    init(slot: StrategySlot, kernel: Kernel, symbols: Set<Symbol>? = nil) {
        self.slot = slot
        self.kernel = kernel
        self.symbols = symbols
        adapter = LuaEngineStrategy(slot.current, kernel: kernel, symbols: symbols)
        version = slot.version
        name = adapter.name
    }

    /// The adapter of the slot's current version (re-made after a reload).
    var current: LuaEngineStrategy {
        if slot.version != version {
            let previous = adapter
            adapter = LuaEngineStrategy(slot.current, kernel: kernel, symbols: symbols)
            adapter.continueDeliveries(from: previous)
            version = slot.version
            if let models { slot.current.attach(models: models) }
            slot.current.attach(altData: altData)
        }
        return adapter
    }

    var isActive: Bool { enabled && current.isActive }
    var healthDescription: String { current.healthDescription }
    func onBar(symbol: Symbol, bar: Bar, kernel: Kernel) throws {
        guard let latency else { return try current.onBar(symbol: symbol, bar: bar, kernel: kernel) }
        let start = DispatchTime.now().uptimeNanoseconds
        defer { latency.recordNanoseconds(Int64(DispatchTime.now().uptimeNanoseconds - start)) }
        try current.onBar(symbol: symbol, bar: bar, kernel: kernel)
    }
    func onTick(symbol: Symbol, tick: Tick, kernel: Kernel) throws { try current.onTick(symbol: symbol, tick: tick, kernel: kernel) }
    func onTimer(name: String, time: Timestamp, kernel: Kernel) throws { try current.onTimer(name: name, time: time, kernel: kernel) }
    func onFill(_ fill: Fill, kernel: Kernel) throws { try current.onFill(fill, kernel: kernel) }
    func onReject(_ order: Order, kernel: Kernel) throws { try current.onReject(order, kernel: kernel) }
    func onOrder(_ order: Order, kernel: Kernel) throws { try current.onOrder(order, kernel: kernel) }
}
