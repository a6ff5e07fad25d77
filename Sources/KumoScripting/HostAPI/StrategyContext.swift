import KumoCore
public import KumoEngine
public import KumoModels
public import KumoLua

/// The host object behind a strategy's `ctx`: which strategy it is and the services it reaches.
public final class StrategyContext {
    public let strategyName: String
    /// Rebound when a hot-reloaded version takes over (it was compiled against a buffer).
    public internal(set) var services: any StrategyServices
    /// The indicators the strategy reads; carried to a hot-reloaded version with the services.
    public internal(set) var indicators: IndicatorBook {
        didSet {
            slotCache.removeAll()
            internedSlots.removeAll()
        }
    }
    /// Indicator slots already looked up by `ctx:sma(symbol, n)` and its kind, so a read per bar
    /// is one dictionary probe. Cleared when the indicator book changes (a hot reload).
    var slotCache: [IndicatorSlotKey: IndicatorBook.RunnerSlot] = [:]
    /// The same slots by the symbol argument's Lua string identity (this context's VM keeps those
    /// strings): the per-bar read with no Swift string made or hashed.
    var internedSlots = InternedSlotTable()

    /// The engine the strategy trades through; nil outside it (as in `kumo check`).
    public internal(set) var kernel: Kernel?

    /// The models `ctx:predict` reads; nil when the run serves none.
    public internal(set) var models: ModelService?

    /// The filings, news and economic series `ctx:disclosures`, `ctx:news` and `ctx:econ` read.
    public internal(set) var altData = AltDataFeeds()

    /// The engine's clock in a run; the host's outside one.
    var now: Timestamp { kernel?.now ?? Timestamp(nanoseconds: Int64(services.now() * 1e9)) }

    /// The parent orders `ctx:execute` started; handed to a hot-reloaded version, which works them on.
    public internal(set) var desk = ExecutionDesk()

    public init(strategyName: String, services: any StrategyServices, indicators: IndicatorBook = IndicatorBook()) {
        self.strategyName = strategyName
        self.services = services
        self.indicators = indicators
    }

    func log(_ level: ScriptLogLevel, _ message: String, at location: String) {
        services.log(ScriptLogEntry(script: strategyName, level: level, message: message, location: location))
    }

    /// The methods every `ctx` has; the engine adds its trading methods to this list.
    public static let coreMethods: [LuaFunction<StrategyContext>] = [
        .method(
            "now",
            LuaDocumentation(
                "Returns the engine's current time in seconds since 1970 (UTC); simulated in a backtest.",
                returns: [.init("number")])
        ) { context, frame in
            frame.returning(number: context.kernel.map { $0.now.secondsSince1970 } ?? context.services.now())
        },
        .method(
            "log",
            LuaDocumentation(
                "Writes a line to the strategy's log at `level` (debug, info, warning or error).",
                parameters: [.init("level", "string", "debug | info | warning | error"), .init("message", "string")])
        ) { context, frame in
            let levelName = try frame.string(1)
            guard let level = ScriptLogLevel(rawValue: levelName) else {
                throw LuaCallError.invalidArgument(1, of: frame.functionName, "level must be debug, info, warning or error, not '\(levelName)'")
            }
            context.log(level, try frame.string(2), at: frame.callerLocation)
            return frame.returnNothing()
        },
        .method(
            "name",
            LuaDocumentation("Returns the strategy's name.", returns: [.init("string")])
        ) { context, frame in
            try frame.returning(.string(context.strategyName))
        },
    ]

    /// The `ctx` library: the core methods plus `extra` ones (the engine's).
    public static func library(adding extra: [LuaFunction<StrategyContext>] = []) -> LuaLibrary<StrategyContext> {
        LuaLibrary(
            name: "kumo.Context",
            summary: "The host's API for one strategy, passed to every handler as `ctx`.",
            functions: coreMethods + IndicatorMethods.all + TradingMethods.all + AccountMethods.all + PortfolioMethods.all + ModelMethods.all + AltDataMethods.all + ExecutionMethods.all + MarketMakingMethods.all + extra)
    }
}

/// Which single-value indicator a `ctx` method reads: the method, its period, the symbol.
struct IndicatorSlotKey: Hashable {
    var method: String
    var period: Int64
    var symbol: String
}

/// ``IndicatorSlotKey`` with the method as its number and the symbol as its Lua string identity.
struct InternedSlotKey: Equatable {
    var method: Int
    var period: Int64
    var symbol: UInt
}
