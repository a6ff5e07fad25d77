import KumoLua

/// The callbacks a strategy module may define, as DESIGN.md's contract names them.
public enum StrategyHandler: String, Sendable, Hashable, CaseIterable {
    /// `init(ctx)`: once, before the first event (not after a hot reload: `restore` runs instead).
    case initialize = "init"
    /// `on_bar(ctx, bar)`: a bar of the strategy's timeframe closed.
    case onBar = "on_bar"
    /// `on_tick(ctx, tick)`: a trade printed.
    case onTick = "on_tick"
    /// `on_fill(ctx, fill)`: one of the strategy's orders (partly) filled.
    case onFill = "on_fill"
    /// `on_timer(ctx, timer)`: a timer the strategy set fired.
    case onTimer = "on_timer"
    /// `on_order(ctx, order)`: an order of the strategy changed state.
    case onOrder = "on_order"
    /// `on_reject(ctx, rejection)`: the host's risk gate or the venue refused an order, with why.
    case onReject = "on_reject"
    /// `on_disclosure(ctx, filing)`: a DART filing of one of the strategy's symbols was published
    /// (point in time: never before its publication).
    case onDisclosure = "on_disclosure"
    /// `on_news(ctx, story)`: a news story naming one of the strategy's symbols was published.
    case onNews = "on_news"
    /// `snapshot()`: returns plain data carried across a hot reload.
    case snapshot
    /// `restore(state)`: receives what the previous version's `snapshot` returned.
    case restore

    /// Handlers that receive market events; a strategy needs at least one.
    public static let eventHandlers: [StrategyHandler] = [.onBar, .onTick, .onTimer]
}

/// A strategy's handler functions by handler: an array indexed by the handler's position, so the
/// per-bar "does it handle on_bar, and with what" costs an index, not a hash.
struct StrategyHandlerTable {
    private var functions = [LuaReference?](repeating: nil, count: StrategyHandler.allCases.count)

    init(_ handlers: [StrategyHandler: LuaReference]) {
        for (handler, function) in handlers { functions[handler.position] = function }
    }

    subscript(handler: StrategyHandler) -> LuaReference? { functions[handler.position] }
}

extension StrategyHandler {
    /// The handler's place in ``allCases``.
    var position: Int {
        switch self {
        case .initialize: 0
        case .onBar: 1
        case .onTick: 2
        case .onFill: 3
        case .onTimer: 4
        case .onOrder: 5
        case .onReject: 6
        case .onDisclosure: 7
        case .onNews: 8
        case .snapshot: 9
        case .restore: 10
        }
    }
}
