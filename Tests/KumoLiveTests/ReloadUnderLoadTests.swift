import Foundation
import KumoCore
import KumoEngine
import KumoLive
import KumoLua
import KumoScripting
import Testing

/// Hot reload under load: the strategy file is rewritten every 100 ms while the engine runs a
/// long feed as fast as it can. No event is lost or handled twice, no order is placed twice, and
/// the end state equals a reference run that applies the same versions at the same events.
struct ReloadUnderLoadTests {
    static let project = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let symbols = 100
    static let days = 10_000  // 1,000,000 events

    static func source(_ version: Int) -> String {
        """
        local S = { name = 'churn', timeframe = '1d' }  -- every symbol of the feed
        local VERSION = \(version)
        local state = { count = 0 }
        function S.on_bar(ctx, bar)
          state.count = state.count + 1
          if state.count % 500 == 0 then
            local held = ctx:position(bar.symbol).qty
            if held > 0 then ctx:sell(bar.symbol, held) else ctx:buy(bar.symbol, VERSION % 3 + 1) end
          end
        end
        function S.snapshot() return { count = state.count } end
        function S.restore(saved) state.count = saved.count end
        return S
        """
    }

    /// The loader's fingerprint of a source, to know which version was applied.
    static func digest(_ source: String) -> String { FNV1a.hex(source) }

    static func config(_ folder: URL) throws -> LiveConfig {
        try LiveConfig.parse("""
            [engine]
            journal = "journal.sqlite"
            socket = "kumo.sock"
            checkpoint_every = 1024
            [feed]
            kind = "synthetic"
            count = \(symbols)
            days = \(days)
            [[strategy]]
            file = "churn.lua"
            """, file: "kumo.toml", folder: folder)
    }

    final class Writer: @unchecked Sendable {
        // @unchecked Sendable: the flag is behind a lock; the writer thread owns the file.
        let lock = NSLock()
        var running = true
        var written = 1
    }

    @Test func reloadsEveryHundredMillisecondsLoseNothing() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kumo-reload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("churn.lua")
        try Self.source(1).write(to: file, atomically: true, encoding: .utf8)
        let roots = ScriptRoots(project: Self.project)
        let writer = Writer()
        let digests = Dictionary(uniqueKeysWithValues: (1...5000).map { (Self.digest(Self.source($0)), $0) })

        let (live, applied) = try LuaThread.run { () throws -> (LiveEngine.Summary, [(event: Int, version: Int)]) in
            let engine = try LiveEngine(config: try Self.config(folder), roots: roots)
            try engine.watchForReloads()
            let thread = Thread {
                while writer.lock.withLock({ writer.running }) {
                    Thread.sleep(forTimeInterval: 0.1)
                    let next = writer.lock.withLock { () -> Int in
                        writer.written += 1
                        return writer.written
                    }
                    // Written in place, as an editor saves.
                    try? Self.source(next).write(to: file, atomically: false, encoding: .utf8)
                }
            }
            thread.start()
            let summary = engine.run(stop: StopSignal(), exitAtEnd: true)
            writer.lock.withLock { writer.running = false }
            let versions = summary.reloads.filter { if case .applied = $0.outcome { true } else { false } }.map { digests[$0.sourceDigest ?? ""] ?? -1 }
            return (summary, zip(engine.appliedReloads.map(\.event), versions).map { ($0, $1) })
        }
        #expect(live.events == Self.symbols * Self.days)
        #expect(applied.count >= 10, "only \(applied.count) reloads applied")
        #expect(applied.allSatisfy { $0.version > 0 })
        let liveJournal = try EngineJournal(path: folder.appendingPathComponent("journal.sqlite").path).read()
        #expect(Set(liveJournal.orders.map(\.id)).count == liveJournal.orders.count)
        // One order per 500 events handled: none lost, none twice.
        #expect(liveJournal.orders.count == Self.symbols * Self.days / 500)

        // The reference: the same versions applied at the same events, deterministically.
        let reference = FileManager.default.temporaryDirectory.appendingPathComponent("kumo-reload-ref-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: reference, withIntermediateDirectories: true)
        let referenceFile = reference.appendingPathComponent("churn.lua")
        try Self.source(1).write(to: referenceFile, atomically: true, encoding: .utf8)
        let replayed = try LuaThread.run { () throws -> LiveEngine.Summary in
            let engine = try LiveEngine(config: try Self.config(reference), roots: roots)
            var plan = applied[...]
            engine.betweenEvents.append {
                while let next = plan.first, next.event == engine.kernel.eventIndex {
                    plan.removeFirst()
                    try? Self.source(next.version).write(to: referenceFile, atomically: true, encoding: .utf8)
                    engine.prepareReload(referenceFile)
                }
            }
            return engine.run(stop: StopSignal(), exitAtEnd: true)
        }
        let referenceJournal = try EngineJournal(path: reference.appendingPathComponent("journal.sqlite").path).read()
        #expect(replayed.events == live.events)
        #expect(referenceJournal.fills == liveJournal.fills)
        #expect(referenceJournal.orders.map(\.id) == liveJournal.orders.map(\.id))
        #expect(replayed.cash == live.cash)
    }
}
