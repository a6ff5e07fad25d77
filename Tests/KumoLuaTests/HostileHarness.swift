import Foundation
import KumoLua

/// Runs a hostile script the way the reference host of `lua-hostile/EXPECTED.tsv` does: the
/// chunk (init), then the global `on_tick` handler if it defined one, and reports each outcome.
struct HostileHarness {
    static let limits = LuaLimits(
        memoryBytes: 64 << 20, instructionsPerCall: 20_000_000, wallClockNanosecondsPerCall: 2_000_000_000)

    struct Report {
        var outcome: String
        var memoryAfter: Int
        var peakMemory: Int
        var vm: LuaVM
    }

    static func run(_ source: String, name: String, limits: LuaLimits = limits) throws -> Report {
        let vm = try LuaVM(limits: limits, output: { _ in })
        let environment = try vm.makeEnvironment()
        try vm.setGlobal("SANDBOX_HOST", value: true, in: environment)
        var parts: [String] = []
        var initialized = false
        do {
            let chunk = try vm.load(source, chunkName: name, environment: environment)
            try vm.call(chunk)
            parts.append("init:OK")
            initialized = true
        } catch {
            parts.append("init:" + describe(error))
        }
        if initialized, let onTick = try vm.functionReference("on_tick", in: environment) {
            for tick in 1...2 {
                do {
                    try vm.call(onTick, [.integer(Int64(tick))])
                    parts.append("on_tick#\(tick):OK")
                } catch {
                    parts.append("on_tick#\(tick):" + describe(error))
                }
            }
        }
        vm.collectGarbage()
        return Report(outcome: parts.joined(separator: "; "), memoryAfter: vm.memoryInUse, peakMemory: vm.peakMemory, vm: vm)
    }

    static func describe(_ error: LuaScriptError) -> String {
        let tag: String
        switch error.kind {
        case .memoryLimit: tag = "ERRMEM"
        case .instructionBudget, .timeBudget: tag = "KILLED"
        case .syntax: tag = "ERRSYNTAX"
        default: tag = "ERRRUN"
        }
        return "\(tag) \(error.message)"
    }
}
