import KumoLua

/// Runs a chunk in a fresh VM on a Lua thread and returns its results.
func evaluate(_ source: String, limits: LuaLimits = LuaLimits(), seed: Int64 = 0, arguments: [LuaValue] = [])
    throws -> [LuaValue]
{
    try LuaThread.run {
        let vm = try LuaVM(limits: limits, randomSeed: seed)
        let chunk = try vm.load(source, chunkName: "test.lua", environment: try vm.makeEnvironment())
        return try vm.call(chunk, arguments)
    }
}

/// Runs a chunk and returns the error it failed with, or nil when it succeeded.
func failure(of source: String, limits: LuaLimits = LuaLimits()) throws -> LuaScriptError? {
    try LuaThread.run { () throws -> LuaScriptError? in
        let vm = try LuaVM(limits: limits)
        do {
            let chunk = try vm.load(source, chunkName: "test.lua", environment: try vm.makeEnvironment())
            try vm.call(chunk)
            return nil
        } catch let error as LuaScriptError {
            return error
        }
    }
}
