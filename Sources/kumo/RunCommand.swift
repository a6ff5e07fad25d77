import ArgumentParser
import Foundation
import KumoEngine
import KumoLive
import KumoLua
import KumoScripting
import Logging

/// `kumo run [--paper] [--config kumo.toml]`: the engine as a long-running process.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run the engine live on the paper venue: the config's feed, strategies hot-reloaded, every order journaled.",
        discussion: """
            Stops cleanly on SIGINT or SIGTERM. After a crash, run it again: the journal rebuilds positions, cash and open orders, and \
            trading goes on from the first event the journal had not seen.
            kumo.toml (paths relative to it): [engine] cash, journal, socket, log, log_level, speed, durable, checkpoint_every; \
            [feed] kind (replay | synthetic), symbols, timeframe, db, seed, count, days; [[strategy]] file, symbols. See strategies/kumo.toml.
            """)

    @Option(help: "The config file.") var config = "kumo.toml"
    @Flag(help: "Trade on the simulated venue (the only venue until a broker is configured).") var paper = false
    @Option(help: "Override engine.speed: feed seconds per wall second (0: as fast as possible).") var speed: Double?
    @Flag(help: "Exit when the feed ends instead of waiting for a signal.") var exitAtEnd = false
    @Flag(help: "Do not watch strategy files for hot reloads.") var noReload = false

    func run() throws {
        var settings: LiveConfig
        do { settings = try LiveConfig.read(URL(fileURLWithPath: config)) } catch { throw ValidationError(error.description) }
        if let speed {
            guard speed >= 0 else { throw ValidationError("--speed must be ≥ 0") }
            settings.engine.speed = speed
        }
        let logFile = JSONLinesLogHandler.LogFile(path: settings.resolve(settings.engine.log).path)
        guard let level = Logger.Level(rawValue: settings.engine.logLevel) else {
            throw ValidationError("\(config): engine.log_level: '\(settings.engine.logLevel)' is not trace, debug, info, notice, warning, error or critical")
        }
        LoggingSystem.bootstrap { label in
            var handler = JSONLinesLogHandler(label: label, file: logFile)
            handler.logLevel = level
            return handler
        }
        let stop = StopSignal()
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { stop.stop(number == SIGINT ? "SIGINT" : "SIGTERM") }
            source.resume()
            sources.append(source)
        }
        let roots = try ProjectRoots.locate()
        let watch = !noReload
        let exitAtEnd = exitAtEnd
        let summary = try LuaThread.run { () throws -> LiveEngine.Summary in
            let engine: LiveEngine
            do { engine = try LiveEngine(config: settings, roots: roots) } catch { throw ValidationError("\(error)") }
            if engine.recoveredRecords > 0 {
                // Unbuffered: an operator (or a test) sees it even if the process dies right after.
                FileHandle.standardOutput.write(Data("recovered \(engine.recoveredRecords) journal records through event \(engine.recoveredThrough): \(engine.kernel.fills.count) fills, \(engine.kernel.openOrders().count) open orders\n".utf8))
            }
            if watch { try engine.watchForReloads() }
            let server: ConsoleServer
            do { server = try ConsoleServer(path: settings.resolve(settings.engine.socket).path, engine: engine) } catch { throw ValidationError("\(error)") }
            engine.betweenEvents.append { server.drain() }
            defer { server.stop() }
            FileHandle.standardOutput.write(Data("console on \(server.path) (kumo repl)\n".utf8))
            return engine.run(stop: stop, exitAtEnd: exitAtEnd)
        }
        _ = sources
        print("stopped by \(summary.stoppedBy ?? "the end of the feed"): \(summary.events) events (\(summary.replayed) replayed), \(summary.fills) fills, \(summary.openOrders) open orders, cash \(summary.cash), equity \(String(format: "%.0f", summary.equity))")
        for record in summary.reloads { print("reload \(record.file) v\(record.version): \(record.outcome)") }
    }
}
