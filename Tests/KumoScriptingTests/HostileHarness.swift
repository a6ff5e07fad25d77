import Foundation
import KumoLua
import KumoScripting

/// Runs a hostile script the way the reference host of `lua-hostile/EXPECTED.tsv` does: the
/// chunk (init), then its global `on_tick` handler twice if it defined one, and reports each
/// outcome as `phase:STATUS message`.
struct HostileHarness {
    static let limits = LuaLimits(
        memoryBytes: 64 << 20, instructionsPerCall: 20_000_000, wallClockNanosecondsPerCall: 5_000_000_000)

    struct Report {
        var outcome: String
        var memoryAfter: Int
        var printed: [LuaPrintedLine]
        var vm: LuaVM
    }

    final class Output: @unchecked Sendable {
        var lines: [LuaPrintedLine] = []
    }

    static func run(_ file: URL, limits: LuaLimits = limits) throws -> Report {
        let source = try String(contentsOf: file, encoding: .utf8)
        let output = Output()
        let resolver = ScriptModuleResolver(roots: TestPaths.roots, scriptFolder: file.deletingLastPathComponent())
        let vm = try LuaVM(limits: limits, modules: resolver, output: { output.lines.append($0) })
        let environment = try vm.makeEnvironment()
        try vm.setGlobal("SANDBOX_HOST", value: true, in: environment)
        var parts: [String] = []
        var initialized = false
        do {
            let chunk = try vm.load(source, chunkName: file.lastPathComponent, environment: environment)
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
        return Report(outcome: parts.joined(separator: "; "), memoryAfter: vm.memoryInUse, printed: output.lines, vm: vm)
    }

    static func describe(_ error: LuaScriptError) -> String {
        let tag: String
        switch error.kind {
        case .memoryLimit: tag = "ERRMEM"
        case .instructionBudget, .timeBudget: tag = "KILLED"
        case .syntax: tag = "ERRSYNTAX"
        case .refused: tag = "REFUSED"
        default: tag = "ERRRUN"
        }
        return "\(tag) \(error.message)"
    }

    /// The status word of each phase, such as `init:OK; on_tick#1:KILLED`.
    static func statuses(_ outcome: String) -> String {
        outcome.split(separator: ";").map { phase in
            phase.trimmingCharacters(in: .whitespaces).split(separator: " ").first.map(String.init) ?? ""
        }.joined(separator: "; ")
    }
}
