import Foundation
import KumoCore
import KumoEngine
import KumoLive
import KumoLua
import KumoScripting
import Testing

/// A strategy whose config names symbols receives only their events.
struct SymbolRoutingTests {
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
