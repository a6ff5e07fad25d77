import ArgumentParser
import Foundation
import KumoLive

/// `kumo repl [-e EXPR]`: a Lua console attached to a running `kumo run`.
struct ReplCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repl", abstract: "Attach a Lua console to the running engine: positions(), orders(), fills(n), pnl(), halt(), flatten() …",
        discussion: "Queries: positions(), orders(), fills(n), pnl(), cash(), risk(), strategies(), quote(sym), bars(sym, n). Commands: halt(), resume(), flatten(sym) / flatten(), cancel_all(), reload(name), enable(name), disable(name), set_param(name, k, v). Each request runs between two events under a budget.")

    @Option(help: "The config whose engine.socket to use.") var config = "kumo.toml"
    @Option(help: "The socket path (overrides the config).") var socket: String?
    @Option(name: .short, help: "Run one expression, print its result and exit (status 1 if it failed).") var e: String?

    func run() throws {
        let path: String
        if let socket {
            path = socket
        } else {
            do {
                let settings = try LiveConfig.read(URL(fileURLWithPath: config))
                path = settings.resolve(settings.engine.socket).path
            } catch { throw ValidationError("\(error) (or name the socket with --socket)") }
        }
        let client: ConsoleClient
        do { client = try ConsoleClient(path: path) } catch { throw ValidationError("\(error)") }
        if let e {
            guard let reply = client.send(e) else { throw ValidationError("the engine closed the connection") }
            if !reply.text.isEmpty { print(reply.text) }
            if !reply.ok { throw ExitCode(1) }
            return
        }
        let home = ProcessInfo.processInfo.environment["HOME"].map { URL(fileURLWithPath: $0).appendingPathComponent(".kumo_history") }
        let editor = LineEditor(historyFile: home)
        print("kumo console on \(path) — Ctrl-D to leave")
        var pending = ""
        while true {
            switch editor.read(prompt: pending.isEmpty ? "kumo> " : "  ... ") {
            case .end: return
            case .interrupt: pending = ""
            case .line(let line):
                let code = pending.isEmpty ? line : pending + "\n" + line
                guard !code.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
                guard let reply = client.send(code) else {
                    print("the engine closed the connection")
                    throw ExitCode(1)
                }
                if reply.incomplete {
                    pending = code
                    continue
                }
                pending = ""
                if !reply.text.isEmpty { print(reply.text) }
            }
        }
    }
}
