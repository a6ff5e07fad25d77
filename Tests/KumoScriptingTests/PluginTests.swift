import Foundation
import KumoLua
import KumoScripting
import Testing

/// The shipped cci plugin against TA-Lib's CCI(14), and the loader's checks of manifests.
struct PluginTests {
    static let host = PluginHost(roots: TestPaths.roots)

    /// Reads the daily bars of `krx-005930-daily.csv` and TA-Lib's `cci_14` for the same rows.
    static func samsung() throws -> (bars: [LuaTable], cci: [Double?]) {
        let data = try String(contentsOf: TestPaths.shared.appendingPathComponent("data/krx-005930-daily.csv"), encoding: .utf8)
        let reference = try String(contentsOf: TestPaths.shared.appendingPathComponent("reference/indicators-krx-005930.csv"), encoding: .utf8)
        let rows = data.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let bars = rows.map { row in
            LuaTable(["open": .number(Double(row[1])!), "high": .number(Double(row[2])!), "low": .number(Double(row[3])!),
                      "close": .number(Double(row[4])!), "volume": .number(Double(row[5])!)])
        }
        let lines = reference.split(separator: "\n")
        let column = lines[0].split(separator: ",").firstIndex(of: "cci_14")!
        let cci = lines.dropFirst().map { line -> Double? in
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            return Double(cells[column])
        }
        return (bars, cci)
    }

    @Test func cciMatchesTALibOnSamsungDailyBars() throws {
        let (bars, expected) = try Self.samsung()
        try #require(bars.count == expected.count)
        let values = try LuaThread.run { () throws -> [Double?] in
            let plugin = try Self.host.load(TestPaths.project.appendingPathComponent("plugins/cci"))
            let indicator = try plugin.makeIndicator("cci")
            return try bars.map { try indicator.update($0) }
        }
        var compared = 0
        for (index, (value, reference)) in zip(values, expected).enumerated() {
            switch (value, reference) {
            case (nil, nil): continue
            case let (value?, reference?):
                compared += 1
                #expect(abs(value - reference) <= 1e-9 * max(1, abs(reference)), "bar \(index + 1): \(value) vs TA-Lib \(reference)")
            default:
                Issue.record("bar \(index + 1): warm-up differs (\(String(describing: value)) vs \(String(describing: reference)))")
            }
        }
        #expect(compared > 8000)
    }

    @Test func parametersOverrideTheDeclaredDefaults() throws {
        let warmUp = try LuaThread.run { () throws -> Int in
            let plugin = try Self.host.load(TestPaths.project.appendingPathComponent("plugins/cci"))
            let indicator = try plugin.makeIndicator("cci", parameters: LuaTable(["period": 5]))
            let bar = LuaTable(["high": 10.0, "low": 9.0, "close": 9.5])
            return try Array(1...10).first { _ in try indicator.update(bar) != nil } ?? 0
        }
        #expect(warmUp == 5)  // the fifth bar is the first with a value
    }

    func pluginError(manifest: String, source: String, folderName: String = "demo") throws -> StrategyLoadError? {
        let root = try TestPaths.temporaryFolder()
        let folder = root.appendingPathComponent(folderName)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try manifest.write(to: folder.appendingPathComponent("manifest.json"), atomically: true, encoding: .utf8)
        try source.write(to: folder.appendingPathComponent("init.lua"), atomically: true, encoding: .utf8)
        return try LuaThread.run { () -> StrategyLoadError? in
            do { _ = try Self.host.load(folder); return nil } catch let error as StrategyLoadError { return error }
        }
    }

    static let demoSource = """
        return { name = 'demo', version = '1.0.0', setup = function(api, opts)
          api:add_sizing_rule({ name = 'half', size = function(request) return request.cash / 2 / request.price end })
        end }
        """

    @Test func aSizingRulePluginLoadsAndAnswers() throws {
        let root = try TestPaths.temporaryFolder()
        let folder = root.appendingPathComponent("demo")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try #"{"name":"demo","version":"1.0.0","summary":"x","provides":{"sizing_rules":["half"]}}"#
            .write(to: folder.appendingPathComponent("manifest.json"), atomically: true, encoding: .utf8)
        try Self.demoSource.write(to: folder.appendingPathComponent("init.lua"), atomically: true, encoding: .utf8)
        let quantity = try LuaThread.run {
            try Self.host.load(folder).size("half", request: LuaTable(["cash": 10_000_000, "price": 50_000]))
        }
        #expect(quantity == 100)
    }

    @Test func manifestProblemsAreNamed() throws {
        let mismatch = try pluginError(manifest: #"{"name":"other","version":"1.0.0","summary":"x","provides":{"sizing_rules":["half"]}}"#, source: Self.demoSource)
        #expect(mismatch?.message == "name 'other' must match its folder 'plugins/demo'")
        let version = try pluginError(manifest: #"{"name":"demo","version":"1.0","summary":"x","provides":{"sizing_rules":["half"]}}"#, source: Self.demoSource)
        #expect(version?.message == "version '1.0' must be MAJOR.MINOR.PATCH, such as 1.0.0")
        let missing = try pluginError(manifest: #"{"name":"demo","version":"1.0.0","provides":{}}"#, source: Self.demoSource)
        #expect(missing?.message == "missing field 'summary'")
        let undeclared = try pluginError(manifest: #"{"name":"demo","version":"1.0.0","summary":"x","provides":{"indicators":["half"]}}"#, source: Self.demoSource)
        #expect(undeclared?.message == "manifest.json declares indicator 'half' but setup did not register it")
    }

    @Test func pluginsAreSandboxedLikeStrategies() throws {
        let source = "local f = io.open('/etc/passwd')\n" + Self.demoSource
        let error = try pluginError(manifest: #"{"name":"demo","version":"1.0.0","summary":"x","provides":{"sizing_rules":["half"]}}"#, source: source)
        #expect(error?.kind == .forbidden)
        #expect(error?.line == 1)
    }
}
