public import KumoCore
public import KumoLua

/// What a strategy module declared, validated at load: its parameters, symbols, timeframe and
/// which handlers it defines.
public struct StrategyDefinition: Sendable, Hashable {
    /// The strategy's name: its `name` field, else the file name without `.lua`.
    public var name: String
    /// Default parameters (`params`), plain values; the host may override them.
    public var parameters: LuaTable
    public var symbols: [Symbol]
    /// The bar timeframe; `nil` for a strategy that handles ticks or timers only.
    public var timeframe: Timeframe?
    public var handlers: Set<StrategyHandler>
    /// Non-fatal findings, such as a field the contract does not know.
    public var warnings: [String]

    public init(
        name: String, parameters: LuaTable, symbols: [Symbol], timeframe: Timeframe?, handlers: Set<StrategyHandler>,
        warnings: [String] = []
    ) {
        self.name = name
        self.parameters = parameters
        self.symbols = symbols
        self.timeframe = timeframe
        self.handlers = handlers
        self.warnings = warnings
    }
}
