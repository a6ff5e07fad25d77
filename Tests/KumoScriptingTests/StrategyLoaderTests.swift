import Foundation
import KumoCore
import KumoLua
import KumoScripting
import Testing

struct StrategyLoaderTests {
    static let loader = StrategyLoader(roots: TestPaths.roots)

    /// Writes `files` into a fresh folder and loads `main` from it.
    func load(_ main: String, files: [String: String], services: RecordingServices = RecordingServices())
        throws -> Result<ScriptedStrategy, StrategyLoadError>
    {
        let folder = try TestPaths.temporaryFolder()
        for (name, text) in files { try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return try LuaThread.run { () -> Result<ScriptedStrategy, StrategyLoadError> in
            do { return .success(try Self.loader.load(folder.appendingPathComponent(main), services: services)) } catch let error as StrategyLoadError {
                return .failure(error)
            }
        }
    }

    static let minimal = "local S = { symbols = { '005930' }, timeframe = '1d' }\nfunction S.on_bar(ctx, bar) end\nreturn S\n"

    @Test(arguments: ["sma_cross.lua", "cloud_breakout.lua", "rsi_reversion.lua"])
    func shippedStrategiesLoadAndValidate(_ name: String) throws {
        let strategy = try LuaThread.run {
            try Self.loader.load(TestPaths.strategies.appendingPathComponent(name), services: RecordingServices())
        }
        #expect(strategy.definition.timeframe == Timeframe(1, .day))
        #expect(strategy.handles(.onBar))
        #expect(strategy.handles(.snapshot) && strategy.handles(.restore))
        #expect(!strategy.definition.symbols.isEmpty)
    }

    @Test func syntaxErrorsPointAtFileAndLine() throws {
        let result = try load("broken.lua", files: ["broken.lua": "local S = {}\nfunction S.on_bar(ctx, bar)\n  if bar.close > then end\nend\nreturn S"])
        guard case .failure(let error) = result else { Issue.record("loaded a broken file"); return }
        #expect(error.kind == .syntax)
        #expect(error.line == 3)
        #expect(error.file.hasSuffix("broken.lua"))
    }

    @Test func errorsWhileLoadingNameTheirLine() throws {
        let result = try load("boom.lua", files: ["boom.lua": "local x = nil\nlocal y = x.field\nreturn {}"])
        guard case .failure(let error) = result else { Issue.record("loaded a failing file"); return }
        #expect(error.kind == .runtime)
        #expect(error.line == 2)
        #expect(error.message == "attempt to index a nil value (local 'x')")
    }

    @Test func requireServesStdlibAndTheScriptsFolderAndRecordsThem() throws {
        let helper = "local M = {}\nfunction M.double(x) return 2 * x end\nreturn M\n"
        let main = "local ta = require('kumo.ta')\nlocal helper = require('helper')\nlocal S = { symbols = { '005930' }, timeframe = '1d' }\nfunction S.on_bar(ctx, bar) return helper.double(bar) end\nreturn S\n"
        let strategy = try load("main.lua", files: ["main.lua": main, "helper.lua": helper]).get()
        let names = Set(strategy.dependencies.map(\.lastPathComponent))
        #expect(names == ["ta.lua", "helper.lua"])
        let doubled = try LuaThread.run { try strategy.call(.onBar, [21]) }
        #expect(doubled == [42])
    }

    @Test func requireCannotLeaveTheAllowedFolders() throws {
        let result = try load("escape.lua", files: ["escape.lua": "require('..secret')\nreturn {}"])
        guard case .failure(let error) = result else { Issue.record("loaded"); return }
        #expect(error.message.hasPrefix("invalid module name '..secret'"))
        #expect(error.line == 1)
    }

    @Test func requiredModulesAreReadOnlyToTheirUsers() throws {
        let main = "local ta = require('kumo.ta')\nta.crossed_above = nil\nreturn {}"
        guard case .failure(let error) = try load("tamper.lua", files: ["tamper.lua": main]) else { Issue.record("loaded"); return }
        #expect(error.message == "sandbox: 'kumo.ta' is read-only")
    }

    @Test func logAndPrintReachTheServicesTaggedWithTheirLine() throws {
        let services = RecordingServices(time: 1_700_000_000)
        let source = "local S = { symbols = { '005930' }, timeframe = '1d' }\nfunction S.on_bar(ctx, bar)\n  ctx:log('warning', 'low volume')\n  kumo.log.info('close', bar.close)\n  print('t', ctx:now())\nend\nreturn S\n"
        let strategy = try load("logger.lua", files: ["logger.lua": source], services: services).get()
        try LuaThread.run { try strategy.call(.onBar, [.table(LuaTable(["close": 70_100]))]) }
        let entries = services.entries.map { "\($0.script) \($0.level.rawValue) \($0.message) @\($0.location.split(separator: "/").last ?? "")" }
        #expect(entries == ["logger warning low volume @logger.lua:3", "logger info close 70100 @logger.lua:4", "logger info t\t1700000000.0 @logger.lua:5"])
    }

    @Test func repeatedFailuresQuarantineTheStrategy() throws {
        let source = "local S = { symbols = { '005930' }, timeframe = '1d' }\nfunction S.on_bar(ctx, bar) error('bad data') end\nreturn S\n"
        let strategy = try load("flaky.lua", files: ["flaky.lua": source]).get()
        let kinds = try LuaThread.run { () -> [LuaScriptError.Kind] in
            (1...4).map { _ in
                do { try strategy.call(.onBar, [.nil]); return .runtime } catch let error as LuaScriptError { return error.kind } catch { return .refused }
            }
        }
        #expect(kinds == [.runtime, .runtime, .runtime, .quarantined])
        #expect(strategy.health.status == .quarantined)
        #expect(strategy.health.lastError?.message.hasSuffix("bad data") == true)
        strategy.resetHealth()
        #expect(strategy.health.status == .healthy)
    }

    @Test func aSuccessBetweenFailuresKeepsTheStrategyRunning() throws {
        let source = "local S = { symbols = { '005930' }, timeframe = '1d' }\nfunction S.on_bar(ctx, bar) if bar then error('x') end end\nreturn S\n"
        let strategy = try load("mixed.lua", files: ["mixed.lua": source]).get()
        try LuaThread.run {
            for value: LuaValue in [1, 1, .nil, 1, 1, .nil] { _ = try? strategy.call(.onBar, [value]) }
        }
        #expect(strategy.health.status == .healthy)
        #expect(strategy.health.totalFailures == 4)
    }

    @Test func aBudgetKillIsReportedAsALimit() throws {
        let source = "local S = { symbols = { '005930' }, timeframe = '1d' }\nfunction S.on_bar(ctx, bar) while true do end end\nreturn S\n"
        let strategy = try load("spin.lua", files: ["spin.lua": source]).get()
        let error = try LuaThread.run { () -> LuaScriptError? in
            do { try strategy.call(.onBar, [.nil]); return nil } catch let error as LuaScriptError { return error }
        }
        #expect(error?.kind == .instructionBudget)
        #expect(strategy.health.lastError?.isLimit == true)
    }
}

extension StrategyLoaderTests {
    @Test func parametersAreOverriddenWithTheirDefaultsTypes() throws {
        let source = "local S = { params = { fast = 10, weight = 0.5, on = true, label = 'x' }, symbols = { '005930' }, timeframe = '1d' }\nfunction S.on_bar(ctx, bar) return S.params.fast, S.params.weight, S.params.on, S.params.label end\nreturn S\n"
        let strategy = try load("params.lua", files: ["params.lua": source]).get()
        let values = try LuaThread.run { () throws -> [LuaValue] in
            try strategy.setParameter("fast", "5")
            try strategy.setParameter("weight", "0.25")
            try strategy.setParameter("on", "false")
            try strategy.setParameter("label", "cloud")
            return try strategy.call(.onBar, [.nil])
        }
        #expect(values == [5, 0.25, false, "cloud"])
        let errors = try LuaThread.run { () -> [String] in
            ["fast=1.5", "weight=abc", "on=yes", "slow=3"].map { assignment in
                let parts = assignment.split(separator: "=").map(String.init)
                do { try strategy.setParameter(parts[0], parts[1]); return "" } catch let error as LuaScriptError { return error.message } catch { return "" }
            }
        }
        #expect(errors == [
            "parameter 'fast' expects an integer, not '1.5'", "parameter 'weight' expects a number, not 'abc'",
            "parameter 'on' expects true or false, not 'yes'", "params has no parameter 'slow' (it has: fast, label, on, weight)",
        ])
    }
}
