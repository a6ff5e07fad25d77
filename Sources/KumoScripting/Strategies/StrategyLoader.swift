public import Foundation
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

    /// The largest strategy file loaded.
    public static let maxSourceBytes = 1 << 20

    public init(
        roots: ScriptRoots, limits: LuaLimits = LuaLimits(), randomSeed: Int64 = 0, quarantineThreshold: Int = 3,
        contextMethods: [LuaFunction<StrategyContext>] = []
    ) {
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
        do throws(LuaScriptError) {
            let vm = try LuaVM(limits: limits, randomSeed: randomSeed, modules: resolver, output: printer.forward)
            vm.scriptTime = services.now()
            let context = StrategyContext(strategyName: fallbackName, services: services)
            let log = try vm.makeObject(KumoLogLibrary.library, host: context)
            let kumo = try vm.makeTable([("log", log)], frozenAs: "kumo")
            try vm.setGlobal("kumo", kumo)
            let environment = try vm.makeEnvironment()
            let chunk = try vm.load(source, chunkName: display, environment: environment)
            let module = try vm.callKeepingResult(chunk)
            let definition = try validate(module, in: vm, file: display, source: source)
            let strategyContext = StrategyContext(strategyName: definition.name, services: services)
            let ctx = try vm.makeObject(StrategyContext.library(adding: contextMethods), host: strategyContext)
            printer.script = definition.name
            var handlers: [StrategyHandler: LuaReference] = [:]
            for handler in definition.handlers {
                handlers[handler] = try vm.functionReference(handler.rawValue, in: module)
            }
            return ScriptedStrategy(
                definition: definition, file: file.standardizedFileURL, sourceDigest: Self.digest(source),
                dependencies: Set(resolver.loadedFiles.values), vm: vm, module: module, context: ctx,
                handlers: handlers, health: ScriptHealth(threshold: quarantineThreshold),
                contexts: [context, strategyContext], printer: printer)
        } catch {
            throw Self.loadError(error, file: display)
        }
    }

    private func validate(_ module: LuaReference, in vm: LuaVM, file: String, source: String) throws(LuaScriptError)
        -> StrategyDefinition
    {
        let value = try vm.value(of: module)
        do throws(StrategyLoadError) {
            return try StrategyContract.validate(value, file: file, source: source) { field in
                guard let function = try? vm.functionReference(field, in: module) else { return nil }
                defer { vm.release(function) }
                return try? vm.definitionLine(of: function)
            }
        } catch {
            // Carried through LuaScriptError so one catch maps every failure; unwrapped in loadError.
            throw LuaScriptError(kind: .refused, message: ContractFailure.encode(error))
        }
    }

    static func loadError(_ error: LuaScriptError, file: String) -> StrategyLoadError {
        if let contract = ContractFailure.decode(error.message) { return contract }
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
    static func digest(_ source: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in source.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }
}

/// Carries a contract error through the VM-error path of ``StrategyLoader`` without losing its fields.
private enum ContractFailure {
    static let marker = "\u{1}contract\u{1}"

    static func encode(_ error: StrategyLoadError) -> String {
        [marker, error.file, error.line.map(String.init) ?? "", error.message].joined(separator: "\u{1}")
    }

    static func decode(_ text: String) -> StrategyLoadError? {
        guard text.hasPrefix(marker) else { return nil }
        let parts = text.dropFirst(marker.count).split(separator: "\u{1}", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        return StrategyLoadError(kind: .contract, file: String(parts[1]), line: Int(parts[2]), message: String(parts[3]))
    }
}

/// Forwards what a script prints to its services' log at info level.
final class PrintForwarder: @unchecked Sendable {
    // @unchecked Sendable: called only from the VM's thread while a script runs.
    var services: any StrategyServices
    var script: String

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
