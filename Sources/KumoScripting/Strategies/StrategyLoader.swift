public import Foundation
public import KumoCore
public import KumoLua

/// Loads a strategy file into a fresh sandboxed VM: reads it, binds `ctx` and `kumo.log`, runs
/// the chunk, validates the contract and keeps the handlers. Nothing half-loaded escapes:
/// either a ready ``ScriptedStrategy`` or a ``StrategyLoadError`` naming file and line.
public struct StrategyLoader: Sendable {
    public var roots: ScriptRoots
    public var limits: LuaLimits
    public var randomSeed: Int64
    /// Failures in a row before a loaded strategy is quarantined.
    public var quarantineThreshold: Int
    /// Methods added to `ctx` beyond the core ones (the engine's trading API).
    public var contextMethods: [LuaFunction<StrategyContext>]
    /// The trading calendar indicator projections use to name future days.
    public var calendar: any TradingCalendar

    /// The largest strategy file loaded.
    public static let maxSourceBytes = 1 << 20

    public init(
        roots: ScriptRoots, limits: LuaLimits = LuaLimits(), randomSeed: Int64 = 0, quarantineThreshold: Int = 3,
        contextMethods: [LuaFunction<StrategyContext>] = [], calendar: any TradingCalendar = WeekdayCalendar()
    ) {
        self.calendar = calendar
        self.roots = roots
        self.limits = limits
        self.randomSeed = randomSeed
        self.quarantineThreshold = quarantineThreshold
        self.contextMethods = contextMethods
    }

    /// Loads `file`; its `print` and `kumo.log` output goes to `services`.
    public func load(_ file: URL, services: any StrategyServices) throws(StrategyLoadError) -> ScriptedStrategy {
        let display = ScriptModuleResolver.display(file)
        let source: String
        do throws(LuaModuleError) {
            source = try ScriptModuleResolver.readSource(file, module: display)
        } catch {
            throw StrategyLoadError(kind: .unreadable, file: display, message: error.message)
        }
        return try load(source: source, file: file, services: services)
    }

    /// Loads strategy source text as if it were `file` (whose folder serves `require`).
    public func load(source: String, file: URL, services: any StrategyServices) throws(StrategyLoadError)
        -> ScriptedStrategy
    {
        let display = ScriptModuleResolver.display(file)
        let fallbackName = file.deletingPathExtension().lastPathComponent
        let resolver = ScriptModuleResolver(roots: roots, scriptFolder: file.deletingLastPathComponent())
        let printer = PrintForwarder(services: services, script: fallbackName)
        let (vm, module) = try Self.phase(display) { () throws(LuaScriptError) -> (LuaVM, LuaReference) in
            let vm = try LuaVM(limits: limits, randomSeed: randomSeed, modules: resolver, output: printer.forward)
            vm.scriptTime = services.now()
            let logContext = StrategyContext(strategyName: fallbackName, services: services)
            let log = try vm.makeObject(KumoLogLibrary.library, host: logContext)
            try vm.setGlobal("kumo", try vm.makeTable([("log", log)], frozenAs: "kumo"))
            printer.contexts.append(logContext)
            let chunk = try vm.load(source, chunkName: display, environment: try vm.makeEnvironment())
            return (vm, try vm.callKeepingResult(chunk))
        }
        let value = try Self.phase(display) { () throws(LuaScriptError) in try vm.value(of: module) }
        let definition = try StrategyContract.validate(value, file: display, source: source) { field in
            guard let function = try? vm.functionReference(field, in: module) else { return nil }
            defer { vm.release(function) }
            return try? vm.definitionLine(of: function)
        }
        return try Self.phase(display) { () throws(LuaScriptError) -> ScriptedStrategy in
            let strategyContext = StrategyContext(
                strategyName: definition.name, services: services, indicators: IndicatorBook(calendar: calendar))
            let ctx = try vm.makeObject(StrategyContext.library(adding: contextMethods), host: strategyContext)
            printer.script = definition.name
            printer.contexts.append(strategyContext)
            var handlers: [StrategyHandler: LuaReference] = [:]
            for handler in definition.handlers {
                handlers[handler] = try vm.functionReference(handler.rawValue, in: module)
            }
            return ScriptedStrategy(
                definition: definition, file: file.standardizedFileURL, sourceDigest: Self.digest(source),
                dependencies: Set(resolver.loadedFiles.values), vm: vm, module: module, context: ctx,
                handlers: handlers, health: ScriptHealth(threshold: quarantineThreshold), printer: printer)
        }
    }

    /// Runs one step of a load, turning a script failure into a load error at the script's line.
    private static func phase<T>(_ file: String, _ body: () throws(LuaScriptError) -> T) throws(StrategyLoadError) -> T {
        do {
            return try body()
        } catch {
            throw loadError(error, file: file)
        }
    }

    static func loadError(_ error: LuaScriptError, file: String) -> StrategyLoadError {
        let kind: StrategyLoadError.Kind =
            switch error.kind {
            case .syntax: .syntax
            case .instructionBudget, .timeBudget, .memoryLimit: .limit
            default: .runtime
            }
        if let location = error.location {
            let message = String(error.message.dropFirst(location.chunk.count + 1 + String(location.line).count + 1))
                .trimmingCharacters(in: .whitespaces)
            return StrategyLoadError(kind: kind, file: location.chunk, line: location.line, message: message)
        }
        return StrategyLoadError(kind: kind, file: file, message: error.message)
    }

    /// A short fingerprint of a source text (FNV-1a, 64 bits), to tell versions apart.
    static func digest(_ source: String) -> String { FNV1a.hex(source) }
}

/// Forwards what a script prints to its services' log at info level, and knows the host objects
/// behind `ctx` and `kumo.log` so a hot-reloaded version can be pointed at the engine's services.
final class PrintForwarder: @unchecked Sendable {
    // @unchecked Sendable: called only from the VM's thread while a script runs.
    var services: any StrategyServices
    var script: String
    var contexts: [StrategyContext] = []

    init(services: any StrategyServices, script: String) {
        self.services = services
        self.script = script
    }

    var forward: @Sendable (LuaPrintedLine) -> Void {
        { [self] line in
            services.log(ScriptLogEntry(script: script, level: .info, message: line.text, location: line.location))
        }
    }
}
