import Foundation
import KumoCore
import Testing

/// The console as an operator uses it: `kumo repl -e` from scripts, and a person typing in a
/// pseudo-terminal, against a running `kumo run`.
struct ConsoleTests {
    /// Starts `kumo run` on a paced feed (about `seconds` long) and waits for its socket.
    static func engine(seconds: Double) throws -> (process: Process, home: URL, output: Pipe) {
        let home = try LiveRecoveryTests.home(speed: 1500.0 * 86_400 / seconds)
        let process = Process()
        process.executableURL = KumoProcess.binary
        process.arguments = ["run", "--config", home.appendingPathComponent("kumo.toml").path, "--no-reload"]
        process.currentDirectoryURL = TestPaths.project
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let socket = home.appendingPathComponent("kumo.sock").path
        let deadline = Date().addingTimeInterval(30)
        while !FileManager.default.fileExists(atPath: socket), Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        return (process, home, pipe)
    }

    static func repl(_ home: URL, _ expression: String) throws -> (status: Int32, output: String) {
        try KumoProcess.run(["repl", "--socket", home.appendingPathComponent("kumo.sock").path, "-e", expression])
    }

    static func events(_ home: URL) throws -> Int {
        let output = try repl(home, "risk().events").output
        return Int(output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    @Test func scriptedQueriesAndCommandsWhileTheEngineRuns() throws {
        let (process, home, pipe) = try Self.engine(seconds: 20)
        defer { if process.isRunning { process.terminate() } }
        let attributes = try FileManager.default.attributesOfItem(atPath: home.appendingPathComponent("kumo.sock").path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        Thread.sleep(forTimeInterval: 1)
        let strategies = try Self.repl(home, "strategies()")
        #expect(strategies.status == 0)
        #expect(strategies.output.contains("sma_cross") && strategies.output.contains("healthy"), "\(strategies.output)")
        let pnl = try Self.repl(home, "pnl()")
        #expect(pnl.output.contains("equity") && pnl.output.contains("cash"), "\(pnl.output)")
        let sum = try Self.repl(home, "local t = 0 for i = 1, 10 do t = t + i end return t")
        #expect(sum.output.trimmingCharacters(in: .whitespacesAndNewlines) == "55")
        let bad = try Self.repl(home, "positions(")
        #expect(bad.status == 1)
        // A hostile expression is stopped by its budget while the engine keeps its pace.
        let before = try Self.events(home)
        let started = Date()
        let spin = try Self.repl(home, "while true do end")
        #expect(spin.status == 1)
        #expect(spin.output.contains("budget"), "\(spin.output)")
        #expect(Date().timeIntervalSince(started) < 5)
        Thread.sleep(forTimeInterval: 0.5)
        let after = try Self.events(home)
        #expect(after > before, "events \(before) → \(after)")
        let sma = try Self.repl(home, "indicator('sma:5', 'SYN0001')")
        #expect(Double(sma.output.trimmingCharacters(in: .whitespacesAndNewlines)) != nil, "\(sma.output)")
        #expect(try Self.repl(home, "reloads()").output.contains("(none)"))
        // Operator commands.
        #expect(try Self.repl(home, "halt('test')").output.contains("halted"))
        #expect(try Self.repl(home, "risk().halted").output.contains("test"))
        #expect(try Self.repl(home, "resume()").output.contains("resumed"))
        #expect(try Self.repl(home, "disable('sma_cross')").output.contains("disabled"))
        #expect(try Self.repl(home, "strategies()[1].enabled").output.contains("false"))
        #expect(try Self.repl(home, "set_param('sma_cross', 'fast', 5)").output.contains("sma_cross.fast = 5"))
        #expect(try Self.repl(home, "set_param('sma_cross', 'fast', 'x')").status == 1)
        process.terminate()  // SIGTERM: a clean stop
        process.waitUntilExit()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0, "\(output)")
        #expect(output.contains("stopped by SIGTERM"), "\(output)")
        #expect(!FileManager.default.fileExists(atPath: home.appendingPathComponent("kumo.sock").path))
    }

    @Test func aPersonTypesInATerminal() throws {
        let (process, home, _) = try Self.engine(seconds: 30)
        defer { if process.isRunning { process.terminate() } }
        // A pseudo-terminal driven by Python's pty: type keys, read the screen.
        let script = """
            import os, pty, sys, time, select
            pid, fd = pty.fork()
            if pid == 0:
                os.environ['HOME'] = sys.argv[3]
                os.execv(sys.argv[1], [sys.argv[1], 'repl', '--socket', sys.argv[2]])
            screen = b''
            def read(wait=1.5):
                global screen
                end = time.time() + wait
                while time.time() < end:
                    r, _, _ = select.select([fd], [], [], 0.1)
                    if r:
                        try: screen += os.read(fd, 4096)
                        except OSError: return
            def type(keys):
                os.write(fd, keys.encode())
                read()
            read()
            type('1 + 41\\r')
            type('for i = 1, 3 do\\r')
            type('print(i * 10) end\\r')
            type('\\x1b[A\\x1b[A\\x1b[A\\r')
            type('x = 7\\r')
            type('x * 6 + 1\\x1b[D\\x1b[D\\x1b[D\\x1b[D2\\r')
            type('\\x04')
            sys.stdout.write(screen.decode(errors='replace'))
            """
        let process2 = Process()
        process2.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process2.arguments = ["python3", "-c", script, KumoProcess.binary.path, home.appendingPathComponent("kumo.sock").path, home.path]
        let pipe = Pipe()
        process2.standardOutput = pipe
        try process2.run()
        let screen = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process2.waitUntilExit()
        #expect(screen.contains("kumo> "), "\(screen)")
        #expect(screen.contains("42"))
        #expect(screen.contains("  ... "), "the continuation prompt for an unfinished block")
        #expect(screen.contains("10") && screen.contains("20") && screen.contains("30"))
        // Up three times passes the block's two lines and recalls `1 + 41`.
        #expect(screen.components(separatedBy: "42").count >= 3, "history recall ran the first line again: \(screen)")
        // The cursor moved left four places: `x * 62 + 1` → 435.
        #expect(screen.contains("435"), "\(screen)")
        let history = try String(contentsOf: home.appendingPathComponent(".kumo_history"), encoding: .utf8)
        #expect(history.contains("x = 7"))
    }
}
