import Foundation
import KumoBacktest
import KumoCore
import KumoData
import KumoEngine
import KumoLua
import KumoScripting
import Testing

/// A strategy that errors every bar, breaks its budget, or tries to escape the sandbox from
/// `on_bar` is quarantined; the others' backtest completes exactly as it would alone.
struct QuarantineTests {
    static let marker = FileManager.default.temporaryDirectory.appendingPathComponent("kumo-escaped-\(UUID().uuidString)")

    static let scripts: [(name: String, source: String)] = [
        ("broken", "function S.on_bar(ctx, bar) error('bad bar') end"),
        ("spinner", "function S.on_bar(ctx, bar) while true do end end"),
        ("escaper", """
            function S.on_bar(ctx, bar)
              local ok = pcall(function() io.open('\(marker.path)', 'w'):write('x') end)
              os.execute('touch \(marker.path)')
            end
            """),
    ]

    static func run(_ files: [URL], roots: ScriptRoots, series: [(symbol: Symbol, bars: [Bar])]) throws -> BacktestResult {
        try LuaThread.run {
            try Backtest(configuration: EngineConfiguration()).run(series: series) { kernel in
                try files.map { file in
                    let strategy = LuaEngineStrategy(try StrategyLoader(roots: roots).load(file, services: RecordingServices()), kernel: kernel)
                    try strategy.start()
                    return strategy
                }
            }
        }
    }

    @Test func badStrategiesAreQuarantinedAndTheGoodOneRunsAsAlone() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kumo-quarantine-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var files: [URL] = []
        for (name, body) in Self.scripts {
            let file = folder.appendingPathComponent("\(name).lua")
            try "local S = { name = '\(name)', symbols = { 'SYN0001' }, timeframe = '1d' }\n\(body)\nreturn S\n".write(to: file, atomically: true, encoding: .utf8)
            files.append(file)
        }
        let good = BacktraderReferenceTests.project.appendingPathComponent("strategies/sma_cross.lua")
        let roots = ScriptRoots(project: BacktraderReferenceTests.project)
        let series = SyntheticMarket(seed: 5, symbols: 2, days: 300).dailyBars()

        let alone = try Self.run([good], roots: roots, series: series)
        let together = try Self.run(files + [good], roots: roots, series: series)

        #expect(!alone.fills.isEmpty)
        #expect(together.fills == alone.fills)
        #expect(together.finalEquity == alone.finalEquity)
        #expect(together.equityCurve.count == alone.equityCurve.count)
        let reports = Dictionary(uniqueKeysWithValues: together.strategies.map { ($0.name, $0) })
        #expect(reports["sma_cross"]?.health == "healthy")
        #expect(reports["sma_cross"]?.failures == 0)
        for name in ["broken", "spinner", "escaper"] {
            #expect(reports[name]?.health == "quarantined", "\(name)")
            #expect(reports[name]?.failures == 3, "\(name): \(reports[name]?.failures ?? -1)")
        }
        #expect(reports["broken"]?.firstFailure?.contains("broken.lua:2: bad bar") == true)
        #expect(reports["spinner"]?.firstFailure?.contains("instruction") == true, "\(reports["spinner"]?.firstFailure ?? "")")
        #expect(reports["escaper"]?.firstFailure?.contains("execute") == true, "\(reports["escaper"]?.firstFailure ?? "")")
        #expect(!FileManager.default.fileExists(atPath: Self.marker.path))
        #expect(together.summary().contains { $0.contains("spinner: quarantined") })
        #expect(try together.json().contains("\"health\" : \"quarantined\""))
    }
}
