public import Foundation
public import KumoLua

/// Loads plugins: reads the manifest, runs `init.lua` in its own sandboxed VM, calls
/// `setup(api, opts)` and checks that what it registered is what the manifest declares.
public struct PluginHost: Sendable {
    public var roots: ScriptRoots
    public var limits: LuaLimits

    public init(roots: ScriptRoots, limits: LuaLimits = LuaLimits()) {
        self.roots = roots
        self.limits = limits
    }

    /// Loads the plugin in `folder` with `options` passed to its `setup`.
    public func load(_ folder: URL, options: LuaTable = LuaTable()) throws(StrategyLoadError) -> LoadedPlugin {
        let manifest = try PluginManifest.read(from: folder)
        let entry = folder.appendingPathComponent("init.lua")
        let display = ScriptModuleResolver.display(entry)
        let source: String
        do throws(LuaModuleError) {
            source = try ScriptModuleResolver.readSource(entry, module: manifest.name)
        } catch {
            throw StrategyLoadError(kind: .unreadable, file: display, message: error.message)
        }
        if let finding = ForbiddenAPIScanner.scan(source).first {
            throw StrategyLoadError(kind: .forbidden, file: display, line: finding.line, message: "'\(finding.api)': \(finding.reason)")
        }
        let registration = PluginRegistration()
        do throws(LuaScriptError) {
            let vm = try LuaVM(limits: limits, modules: ScriptModuleResolver(roots: roots, scriptFolder: folder))
            let environment = try vm.makeEnvironment()
            let chunk = try vm.load(source, chunkName: display, environment: environment)
            let module = try vm.callKeepingResult(chunk)
            try checkModule(try vm.value(of: module), manifest: manifest, file: display)
            guard let setup = try vm.functionReference("setup", in: module) else {
                throw LuaScriptError(kind: .refused, message: "the plugin table needs a 'setup' function")
            }
            let api = try vm.makeObject(PluginRegistration.library, host: registration)
            try vm.call(setup, [.table(options)], leading: [api])
            try checkRegistered(registration, manifest: manifest, file: display)
            return LoadedPlugin(manifest: manifest, vm: vm, registration: registration)
        } catch {
            throw StrategyLoader.loadError(error, file: display)
        }
    }

    private func checkModule(_ module: LuaValue, manifest: PluginManifest, file: String) throws(LuaScriptError) {
        guard case .table(let table) = module else {
            throw LuaScriptError(kind: .refused, message: "a plugin must return { name, version, setup } (it returned \(module.typeName))")
        }
        guard table["name"]?.stringValue == manifest.name, table["version"]?.stringValue == manifest.version else {
            throw LuaScriptError(
                kind: .refused,
                message: "the plugin table's name and version must match manifest.json (\(manifest.name) \(manifest.version))")
        }
    }

    private func checkRegistered(_ registration: PluginRegistration, manifest: PluginManifest, file: String)
        throws(LuaScriptError)
    {
        let pairs = [
            ("indicator", Set(manifest.provides.indicators), Set(registration.indicators.keys)),
            ("sizing rule", Set(manifest.provides.sizingRules), Set(registration.sizingRules.keys)),
        ]
        for (kind, declared, registered) in pairs {
            if let missing = declared.subtracting(registered).sorted().first {
                throw LuaScriptError(kind: .refused, message: "manifest.json declares \(kind) '\(missing)' but setup did not register it")
            }
            if let extra = registered.subtracting(declared).sorted().first {
                throw LuaScriptError(kind: .refused, message: "setup registered \(kind) '\(extra)', which manifest.json does not declare")
            }
        }
    }
}

/// A loaded plugin: its VM and what it registered. Use it from one thread at a time.
public final class LoadedPlugin: @unchecked Sendable {
    // @unchecked Sendable: owns a LuaVM, which is used by one thread at a time.
    public let manifest: PluginManifest
    public let vm: LuaVM
    public let registration: PluginRegistration

    init(manifest: PluginManifest, vm: LuaVM, registration: PluginRegistration) {
        self.manifest = manifest
        self.vm = vm
        self.registration = registration
    }

    /// Makes a running instance of indicator `name`, its defaults overridden by `parameters`.
    public func makeIndicator(_ name: String, parameters: LuaTable = LuaTable()) throws(LuaScriptError) -> PluginIndicator {
        guard let indicator = registration.indicators[name] else {
            throw LuaScriptError(kind: .refused, message: "plugin '\(manifest.name)' has no indicator '\(name)'")
        }
        var merged = indicator.defaults
        for field in parameters.fields { if let key = field.key.stringValue { merged[key] = field.value } }
        let state = try vm.callKeepingResult(indicator.new, [.table(merged)])
        return PluginIndicator(vm: vm, update: indicator.update, state: state)
    }

    /// Asks sizing rule `name` for a quantity.
    public func size(_ name: String, request: LuaTable) throws(LuaScriptError) -> Double {
        guard let rule = registration.sizingRules[name] else {
            throw LuaScriptError(kind: .refused, message: "plugin '\(manifest.name)' has no sizing rule '\(name)'")
        }
        guard let quantity = try vm.call(rule.size, [.table(request)]).first?.doubleValue, quantity.isFinite, quantity >= 0 else {
            throw LuaScriptError(kind: .refused, message: "sizing rule '\(name)' must return a non-negative number")
        }
        return quantity
    }
}

/// One running instance of a plugin indicator: its state lives in the plugin's VM.
public final class PluginIndicator: @unchecked Sendable {
    // @unchecked Sendable: drives its plugin's VM, one thread at a time.
    let vm: LuaVM
    let updateFunction: LuaReference
    let state: LuaReference

    init(vm: LuaVM, update: LuaReference, state: LuaReference) {
        self.vm = vm
        self.updateFunction = update
        self.state = state
    }

    deinit { vm.release(state) }

    /// Feeds a bar (`open`, `high`, `low`, `close`, `volume`, …); returns the value, or nil while warming up.
    public func update(_ bar: LuaTable) throws(LuaScriptError) -> Double? {
        let result = try vm.call(updateFunction, [.table(bar)], leading: [state]).first ?? .nil
        switch result {
        case .nil: return nil
        case let value where value.doubleValue != nil: return value.doubleValue
        default: throw LuaScriptError(kind: .refused, message: "an indicator's update must return a number or nil, not \(result.typeName)")
        }
    }
}
