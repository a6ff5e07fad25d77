public import Foundation
public import KumoCore
public import KumoEngine
public import KumoModels
public import KumoLua

/// One loaded strategy: its own sandboxed VM, its validated contract, its handlers and `ctx`.
///
/// The engine calls its handlers in event order on one thread. A failed call is reported and
/// counted; after repeated failures the strategy is quarantined and no longer called.
public final class ScriptedStrategy: @unchecked Sendable {
    // @unchecked Sendable: like its VM, used by one thread at a time; a hot reload builds it on the
    // watcher's thread and hands it whole to the engine thread.

    public private(set) var definition: StrategyDefinition
    /// The file it was loaded from and a fingerprint of that source.
    public let file: URL
    public let sourceDigest: String
    /// Files of modules it required (stdlib, plugins, its own folder), for dependency reloads.
    public let dependencies: Set<URL>
    public let vm: LuaVM
    public internal(set) var health: ScriptHealth
    /// Each symbol's bar table (``callBar(symbol:bar:date:)``), and the current date as a Lua string.
    var barRecords = SymbolMap<LuaReference>()
    var barDate: (date: CivilDate, string: LuaReference)?
    /// The Lua function that refills a bar table and calls `on_bar` with it, once made.
    var barCaller: LuaReference?

    let module: LuaReference
    let context: LuaReference
    let handlers: StrategyHandlerTable
    private let printer: PrintForwarder

    init(
        definition: StrategyDefinition, file: URL, sourceDigest: String, dependencies: Set<URL>, vm: LuaVM,
        module: LuaReference, context: LuaReference, handlers: [StrategyHandler: LuaReference], health: ScriptHealth,
        printer: PrintForwarder
    ) {
        self.printer = printer
        self.definition = definition
        self.file = file
        self.sourceDigest = sourceDigest
        self.dependencies = dependencies
        self.vm = vm
        self.module = module
        self.context = context
        self.handlers = StrategyHandlerTable(handlers)
        self.health = health
        indicators = printer.contexts.last!.indicators
    }

    /// The strategy's parent orders (`ctx:execute`), worked by the engine bar by bar.
    public var desk: ExecutionDesk { printer.contexts.last!.desk }

    /// Whether the strategy defines `handler`.
    public func handles(_ handler: StrategyHandler) -> Bool { handlers[handler] != nil }

    /// Calls `handler(ctx, arguments…)`; a missing handler does nothing. Snapshot and restore take no `ctx`.
    /// - Throws: ``LuaScriptError``, `.quarantined` once the strategy has failed too often.
    @discardableResult
    public func call(_ handler: StrategyHandler, _ arguments: [LuaValue] = []) throws(LuaScriptError) -> [LuaValue] {
        guard health.status != .quarantined else {
            throw LuaScriptError(
                kind: .quarantined,
                message: "\(definition.name) is quarantined after \(health.consecutiveFailures) failures in a row; last: \(health.lastError?.message ?? "")")
        }
        guard let function = handlers[handler] else { return [] }
        let takesContext = handler != .snapshot && handler != .restore
        do {
            let results = try vm.call(function, arguments, leading: takesContext ? [context] : [])
            health.recordSuccess()
            return results
        } catch {
            health.recordFailure(LuaScriptErrorSummary(handler: handler.rawValue, message: error.message, isLimit: error.isLimit))
            throw error
        }
    }

    /// The state to carry into a new version: `snapshot()`'s result, or nil when it has none.
    public func snapshot() throws(LuaScriptError) -> LuaValue {
        try call(.snapshot).first ?? .nil
    }

    /// Hands a previous version's state to `restore(state)`.
    public func restore(_ state: LuaValue) throws(LuaScriptError) {
        try call(.restore, [state])
    }

    /// The indicator state `ctx` reads; the engine feeds it each bar before `on_bar`. Kept here
    /// (the contexts' own, replaced with theirs by ``attach(_:indicators:)``) for the per-bar path.
    public private(set) var indicators: IndicatorBook

    /// Points `ctx`, `kumo.log` and `print` at `services` (the engine's) and at the running
    /// version's `indicators` and parent orders (`desk`), as a hot reload does when the new
    /// version takes over: its parents keep working, their children's fills still reach them.
    public func attach(_ services: any StrategyServices, indicators: IndicatorBook? = nil, desk: ExecutionDesk? = nil) {
        for context in printer.contexts {
            context.services = services
            if let indicators { context.indicators = indicators }
            if let desk { context.desk = desk }
        }
        if let indicators { self.indicators = indicators }
        if let kernel = printer.contexts.first(where: { $0.kernel != nil })?.kernel { attach(kernel: kernel) }
        printer.services = services
        vm.scriptTime = services.now()
    }

    /// Overrides parameter `name` (from `--param name=value` or a config), parsing `text` as the
    /// type of its default; call before `init`. Throws a sentence naming the parameter.
    public func setParameter(_ name: String, _ text: String) throws(LuaScriptError) {
        guard let current = definition.parameters[name] else {
            let known = definition.parameters.fields.compactMap(\.key.stringValue).joined(separator: ", ")
            throw LuaScriptError(kind: .refused, message: "\(definition.name) has no parameter '\(name)' (it has: \(known.isEmpty ? "none" : known))")
        }
        let value: LuaValue
        switch current {
        case .integer:
            guard let number = Int64(text) else { throw Self.badParameter(name, text, "an integer") }
            value = .integer(number)
        case .number:
            guard let number = Double(text), number.isFinite else { throw Self.badParameter(name, text, "a number") }
            value = .number(number)
        case .boolean:
            guard text == "true" || text == "false" else { throw Self.badParameter(name, text, "true or false") }
            value = .boolean(text == "true")
        case .string: value = .string(text)
        default: throw LuaScriptError(kind: .refused, message: "parameter '\(name)' is a list and cannot be set from text")
        }
        guard case .table = try vm.field("params", of: module), let params = try vm.tableReference("params", in: module) else {
            throw LuaScriptError(kind: .refused, message: "\(definition.name) has no params table")
        }
        defer { vm.release(params) }
        try vm.setField(name, to: value, in: params)
    }

    /// Replaces the strategy's `symbols` (`--universe`, a config's `symbols`), in its definition and
    /// in the script's own table, so code reading `strategy.symbols` sees them; call before `init`.
    public func setSymbols(_ symbols: [Symbol]) throws(LuaScriptError) {
        try vm.setField("symbols", to: .table(LuaTable(array: symbols.map { .string($0.code) })), in: module)
        definition.symbols = symbols
    }

    static func badParameter(_ name: String, _ text: String, _ expected: String) -> LuaScriptError {
        LuaScriptError(kind: .refused, message: "parameter '\(name)' expects \(expected), not '\(text)'")
    }

    /// Lets `ctx` trade through `kernel` (the engine calls this before the first event).
    public func attach(kernel: Kernel) {
        for context in printer.contexts { context.kernel = kernel }
    }

    /// Lets `ctx:predict` read `models`.
    public func attach(models: ModelService) {
        for context in printer.contexts { context.models = models }
    }

    /// Lets `ctx:disclosures`, `ctx:news`, `ctx:econ`, `on_disclosure` and `on_news` see `feeds`.
    public func attach(altData feeds: AltDataFeeds) {
        for context in printer.contexts { context.altData = feeds }
        altData = feeds
    }

    /// The data beyond prices the strategy's contexts see (kept here so a bar reads one property).
    private(set) var altData = AltDataFeeds()

    /// Lifts a quarantine.
    public func resetHealth() { health.reset() }
}
