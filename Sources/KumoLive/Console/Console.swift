import Foundation
import KumoLua

/// One console's Lua state: sandboxed like a strategy, with the engine's queries and operator
/// commands as globals, and a budget per request (instructions and wall time) so a query never
/// holds the engine loop longer than that. Variables persist between requests.
final class Console {
    let vm: LuaVM
    let environment: LuaReference
    /// What `print` wrote during the current request.
    private let printed = PrintBuffer()

    final class PrintBuffer: @unchecked Sendable {
        // @unchecked Sendable: appended from the VM's print sink on the engine thread, read after the call.
        private let lock = NSLock()
        private var lines: [String] = []
        func append(_ line: String) { lock.withLock { lines.append(line) } }
        func take() -> [String] { lock.withLock { defer { lines.removeAll() }; return lines } }
    }

    /// The per-request budget: 20M instructions or 50 ms.
    static let limits = LuaLimits(memoryBytes: 32 << 20, instructionsPerCall: 20_000_000, wallClockNanosecondsPerCall: 50_000_000)

    init(host: ConsoleHost) throws(LuaScriptError) {
        let buffer = printed
        vm = try LuaVM(limits: Self.limits, output: { buffer.append($0.text) })
        environment = try vm.makeEnvironment()
        let object = try vm.makeObject(LuaLibrary(name: "kumo.Console", summary: "The running engine, from a console.", functions: ConsoleFunctions.all), host: host)
        try vm.setGlobal("engine", object, in: environment)
        let names = ConsoleFunctions.all.map(\.name)
        let prelude = names.map { "\($0) = engine.\($0)" }.joined(separator: "\n")
        let chunk = try vm.load(prelude, chunkName: "console", environment: environment)
        _ = try vm.call(chunk)
        vm.release(chunk)
    }

    /// What a request gave: its rendering, whether it ran, and whether the chunk is unfinished.
    struct Reply {
        var text: String
        var ok: Bool
        var incomplete = false
    }

    /// Runs `code` as an expression (its values shown) or as statements.
    func evaluate(_ code: String) -> Reply {
        let chunk: LuaReference
        do throws(LuaScriptError) {
            chunk = try vm.load("return " + code, chunkName: "console", environment: environment)
        } catch {
            do throws(LuaScriptError) {
                chunk = try vm.load(code, chunkName: "console", environment: environment)
            } catch {
                return Reply(text: error.message, ok: false, incomplete: error.message.hasSuffix("<eof>"))
            }
        }
        defer { vm.release(chunk) }
        do throws(LuaScriptError) {
            let values = try vm.call(chunk)
            let lines = printed.take() + (values.isEmpty ? [] : [ConsoleFormat.render(values)])
            return Reply(text: lines.joined(separator: "\n"), ok: true)
        } catch {
            return Reply(text: (printed.take() + [error.description]).joined(separator: "\n"), ok: false)
        }
    }
}
