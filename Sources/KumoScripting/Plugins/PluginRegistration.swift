public import KumoLua

/// What a plugin's `setup(api, opts)` registered through `api`: indicators and sizing rules,
/// each held as references to its Lua functions.
public final class PluginRegistration {
    /// A registered indicator: `new(params) -> state` and `update(state, bar) -> number|nil`.
    public struct Indicator: Sendable {
        public var name: String
        public var summary: String
        public var defaults: LuaTable
        let new: LuaReference
        let update: LuaReference
    }

    /// A registered sizing rule: `size(request) -> quantity`.
    public struct SizingRule: Sendable {
        public var name: String
        public var summary: String
        let size: LuaReference
    }

    public private(set) var indicators: [String: Indicator] = [:]
    public private(set) var sizingRules: [String: SizingRule] = [:]

    /// The `api` handed to `setup`.
    static let library = LuaLibrary<PluginRegistration>(
        name: "kumo.PluginAPI",
        summary: "What a plugin's setup(api, opts) registers through.",
        functions: [
            .method(
                "add_indicator",
                LuaDocumentation(
                    "Registers an indicator: `spec.new(params)` returns its state, `spec.update(state, bar)` returns the value (nil while warming up).",
                    parameters: [.init("spec", "{ name: string, summary: string?, params: table?, new: fun(params: table): table, update: fun(state: table, bar: kumo.Bar): number? }")])
            ) { registration, frame in
                let spec = try frame.table(1)
                let name = try requireName(spec, in: frame.functionName)
                guard registration.indicators[name] == nil else {
                    throw LuaCallError("indicator '\(name)' is registered twice")
                }
                guard let new = try frame.functionField(1, "new"), let update = try frame.functionField(1, "update") else {
                    throw LuaCallError("indicator '\(name)' needs functions 'new' and 'update'")
                }
                registration.indicators[name] = Indicator(
                    name: name, summary: spec["summary"]?.stringValue ?? "", defaults: spec["params"]?.tableValue ?? LuaTable(),
                    new: new, update: update)
                return frame.returnNothing()
            },
            .method(
                "add_sizing_rule",
                LuaDocumentation(
                    "Registers a position-sizing rule: `spec.size(request)` returns a quantity for a request table (cash, price, atr, …).",
                    parameters: [.init("spec", "{ name: string, summary: string?, size: fun(request: table): number }")])
            ) { registration, frame in
                let spec = try frame.table(1)
                let name = try requireName(spec, in: frame.functionName)
                guard registration.sizingRules[name] == nil else {
                    throw LuaCallError("sizing rule '\(name)' is registered twice")
                }
                guard let size = try frame.functionField(1, "size") else {
                    throw LuaCallError("sizing rule '\(name)' needs a function 'size'")
                }
                registration.sizingRules[name] = SizingRule(name: name, summary: spec["summary"]?.stringValue ?? "", size: size)
                return frame.returnNothing()
            },
        ])

    private static func requireName(_ spec: LuaTable, in function: String) throws(LuaCallError) -> String {
        guard let name = spec["name"]?.stringValue, ScriptModuleResolver.isValidName(name), !name.contains(".") else {
            throw LuaCallError("\(function): spec.name must be a Lua identifier such as 'cci'")
        }
        return name
    }
}
