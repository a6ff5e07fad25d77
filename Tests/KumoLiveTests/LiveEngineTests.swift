import Foundation
import KumoCore
import KumoEngine
import KumoLive
import KumoLua
import KumoScripting
import Testing

/// The live loop: routing events by the config's symbols, and a broken reload.
struct LiveEngineTests {
    @Test func aStrategySeesOnlyItsConfiguredSymbols() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kumo-route-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try """
            local S = { symbols = { 'SYN0001' }, timeframe = '1d' }
            function S.on_bar(ctx, bar) ctx:buy(bar.symbol, 1) end
            return S
            """.write(to: folder.appendingPathComponent("buyer.lua"), atomically: true, encoding: .utf8)
        let config = try LiveConfig.parse("""
            [engine]
            journal = "journal.sqlite"
            socket = "kumo.sock"
            [feed]
            kind = "synthetic"
            count = 3
            days = 6
            [[strategy]]
            file = "buyer.lua"
            symbols = ["SYN0002"]
            """, file: "kumo.toml", folder: folder)
        let roots = ScriptRoots(project: ReloadUnderLoadTests.project)
        let fills = try LuaThread.run { () throws -> [Fill] in
            let engine = try LiveEngine(config: config, roots: roots)
            _ = engine.run(stop: StopSignal(), exitAtEnd: true)
            return engine.kernel.fills
        }
        // Six bars of SYN0002 seen, one buy each, the first five filled at the next bar's open.
        #expect(fills.count == 5)
        #expect(fills.allSatisfy { $0.symbol == Symbol("SYN0002")! })
    }
}

extension LiveEngineTests {
    @Test func aBrokenReloadKeepsTheRunningVersionAndSaysWhy() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kumo-broken-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("buyer.lua")
        try "local S = { symbols = { 'SYN0001' }, timeframe = '1d' }\nfunction S.on_bar(ctx, bar) ctx:buy(bar.symbol, 1) end\nreturn S\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let config = try LiveConfig.parse("""
            [engine]
            journal = "journal.sqlite"
            [feed]
            kind = "synthetic"
            count = 1
            days = 6
            [[strategy]]
            file = "buyer.lua"
            """, file: "kumo.toml", folder: folder)
        let roots = ScriptRoots(project: ReloadUnderLoadTests.project)
        let (fills, log, history) = try LuaThread.run { () throws -> ([Fill], [String], [ReloadRecord]) in
            let engine = try LiveEngine(config: config, roots: roots)
            var broken = false
            engine.betweenEvents.append {
                guard !broken, engine.kernel.eventIndex == 3 else { return }
                broken = true
                try? "local S = { symbols = { 'SYN0001' } \nfunction S.on_bar(ctx, bar) ctx:buy(bar.symbol, 1) end\nreturn S\n".write(to: file, atomically: true, encoding: .utf8)
                engine.prepareReload(file)
            }
            _ = engine.run(stop: StopSignal(), exitAtEnd: true)
            return (engine.kernel.fills, engine.log, engine.reloader.history)
        }
        #expect(fills.count == 5, "the old version went on buying every bar")
        #expect(log.contains { $0.hasPrefix("reload of ") && $0.contains("failed, the old version keeps running") }, "\(log)")
        #expect(history.count == 1)
        if case .failed(let why)? = history.first?.outcome { #expect(why.contains("buyer.lua:2")) } else { Issue.record("the reload did not fail") }
    }
}
