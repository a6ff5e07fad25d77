import Foundation
import KumoLua

/// The runtime's speed figures for `kumo bench script`: crossing costs both ways, VM creation,
/// a hot reload of a 500-line strategy, and an idle VM's memory. Run it on a ``LuaThread``.
public struct ScriptBenchmark: Sendable {
    public var roots: ScriptRoots
    /// Calls per crossing measurement.
    public var calls: Int

    public init(roots: ScriptRoots, calls: Int = 2_000_000) {
        self.roots = roots
        self.calls = calls
    }

    /// Runs every measurement and returns the figures by name.
    public func run() throws -> [String: Double] {
        var figures: [String: Double] = [:]
        figures["swift_to_lua_ns"] = try swiftToLua()
        let (perCall, loop) = try luaToSwift()
        figures["lua_to_swift_ns"] = perCall
        figures["lua_to_swift_loop_ns"] = loop
        let (create, idle) = try vmCreation()
        figures["vm_create_us"] = create
        figures["idle_vm_bytes"] = idle
        figures["vm_create_load_us"] = try createAndLoad()
        figures["reload_us"] = try reload()
        figures["lua_loop_ns_per_iteration"] = try loopCost()
        return figures
    }

    /// A per-bar style call: `on_bar(o, h, l, c, v)` from Swift through a registry reference.
    func swiftToLua() throws -> Double {
        let vm = try LuaVM()
        let environment = try vm.makeEnvironment()
        let chunk = try vm.load(
            "local n = 0\nfunction on_bar(o, h, l, c, v) n = n + 1 return c end", chunkName: "bench", environment: environment)
        try vm.call(chunk)
        guard let onBar = try vm.functionReference("on_bar", in: environment) else { throw BenchmarkError("on_bar missing") }
        var checksum = 0.0
        let elapsed = Self.measure {
            for i in 0..<calls {
                let close = Double(i & 1023)
                let result = try? vm.call(onBar) { arguments in
                    arguments.push(100.0)
                    arguments.push(101.0)
                    arguments.push(99.0)
                    arguments.push(close)
                    arguments.push(1000.0)
                }
                checksum += result?.doubleValue ?? 0
            }
        }
        precondition(checksum > 0, "the benchmark's calls returned nothing")
        return elapsed / Double(calls) * 1e9
    }

    /// Lua calling a bound Swift function: the loop with the call minus the same loop without it.
    func luaToSwift() throws -> (perCall: Double, loop: Double) {
        final class Counter { var total = 0.0 }
        let counter = Counter()
        let library = LuaLibrary<Counter>(
            name: "bench", summary: "",
            functions: [
                .function("add", LuaDocumentation("Adds a number.")) { counter, frame in
                    counter.total += try frame.number(1)
                    return frame.returning(number: counter.total)
                }
            ])
        let vm = try LuaVM()
        let add = try vm.makeObject(library, host: counter)
        try vm.setGlobal("bench", add)
        let environment = try vm.makeEnvironment()
        let source = """
            local add = bench.add
            function with_call(n) for i = 1, n do add(i) end end
            function without_call(n) local x = 0 for i = 1, n do x = x + i end return x end
            """
        try vm.call(try vm.load(source, chunkName: "bench", environment: environment))
        guard let withCall = try vm.functionReference("with_call", in: environment),
            let withoutCall = try vm.functionReference("without_call", in: environment)
        else { throw BenchmarkError("bench functions missing") }
        let n = Int64(calls)
        let loaded = Self.measure { _ = try? vm.call(withCall, scalars: .integer(n)) }
        let empty = Self.measure { _ = try? vm.call(withoutCall, scalars: .integer(n)) }
        precondition(counter.total > 0, "the bound function was not called")
        return ((loaded - empty) / Double(n) * 1e9, loaded / Double(n) * 1e9)
    }

    /// A fresh sandboxed VM with the kumo globals; and its heap when idle.
    func vmCreation() throws -> (micros: Double, idleBytes: Double) {
        let rounds = 2000
        var idle = 0
        let elapsed = try Self.measureThrowing {
            for _ in 0..<rounds {
                let vm = try LuaVM()
                idle = vm.memoryInUse
            }
        }
        return (elapsed / Double(rounds) * 1e6, Double(idle))
    }

    /// A fresh VM plus loading and validating a small strategy, as `kumo check` and a start do.
    func createAndLoad() throws -> Double {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("bench_strategy.lua")
        try Self.strategySource(lines: 60, version: 1).write(to: file, atomically: true, encoding: .utf8)
        let loader = StrategyLoader(roots: roots)
        let rounds = 500
        return try Self.measureThrowing {
            for _ in 0..<rounds { _ = try loader.load(file, services: RecordingServices()) }
        } / Double(rounds) * 1e6
    }

    /// Compile + restore + swap of a 500-line strategy through the reloader, as a save does.
    func reload() throws -> Double {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("big_strategy.lua")
        try Self.strategySource(lines: 500, version: 0).write(to: file, atomically: true, encoding: .utf8)
        let loader = StrategyLoader(roots: roots)
        let services = RecordingServices()
        let slot = StrategySlot(strategy: try loader.load(file, services: services), services: services)
        let reloader = StrategyReloader(loader: loader)
        reloader.register(slot)
        let rounds = 200
        var total = 0.0
        for version in 1...rounds {
            try Self.strategySource(lines: 500, version: version).write(to: file, atomically: true, encoding: .utf8)
            total += Self.measure {
                reloader.prepare(changed: [file])
                reloader.applyPending()
            }
        }
        guard slot.version == rounds + 1 else { throw BenchmarkError("a reload failed: \(reloader.history.last!)") }
        return total / Double(rounds) * 1e6
    }

    /// A plain Lua loop's cost per iteration under the budget hook, for context.
    func loopCost() throws -> Double {
        let vm = try LuaVM()
        let environment = try vm.makeEnvironment()
        try vm.call(try vm.load("function spin(n) local x = 0 for i = 1, n do x = x + i end return x end", chunkName: "bench", environment: environment))
        guard let spin = try vm.functionReference("spin", in: environment) else { throw BenchmarkError("spin missing") }
        let n = Int64(calls) * 5
        return Self.measure { _ = try? vm.call(spin, scalars: .integer(n)) } / Double(n) * 1e9
    }

    /// A strategy of about `lines` lines with state carried by snapshot/restore.
    static func strategySource(lines: Int, version: Int) -> String {
        var source = [
            "-- generated benchmark strategy, version \(version)",
            "local S = { params = { fast = 10, slow = 30 }, symbols = { '005930' }, timeframe = '1d' }",
            "local count = 0",
        ]
        var helper = 0
        while source.count < lines - 8 {
            source.append("local function helper_\(helper)(x)")
            source.append("  local y = x * \(helper + 1) + \(version)")
            source.append("  if y > 1000 then return y - 1000 end")
            source.append("  return y")
            source.append("end")
            helper += 1
        }
        source += [
            "function S.on_bar(ctx, bar) count = count + 1 return helper_0(count) end",
            "function S.snapshot() return { count = count, version = \(version) } end",
            "function S.restore(state) count = state.count end",
            "return S",
        ]
        return source.joined(separator: "\n") + "\n"
    }

    static func measure(_ body: () -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    static func measureThrowing(_ body: () throws -> Void) throws -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kumo-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}

struct BenchmarkError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
