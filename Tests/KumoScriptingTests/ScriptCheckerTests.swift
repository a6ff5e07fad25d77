import Foundation
import KumoLua
import KumoScripting
import Testing

/// `kumo check`: the library checker, and the command as a trader runs it.
struct ScriptCheckerTests {
    static let checker = ScriptChecker(loader: StrategyLoader(roots: TestPaths.roots))

    func check(_ url: URL) throws -> [ScriptChecker.Diagnostic] {
        try LuaThread.run { Self.checker.check(url) }
    }

    @Test func shippedStrategiesAndPluginPass() throws {
        let paths = ScriptChecker.scripts(at: TestPaths.strategies) + [TestPaths.project.appendingPathComponent("plugins/cci")]
        #expect(paths.count == 8)  // seven strategies and the plugin
        for path in paths { #expect(try check(path).isEmpty, "\(path.lastPathComponent)") }
    }

    @Test(arguments: HostileCorpusTests.files)
    func everyHostileScriptGetsAnError(_ file: String) throws {
        let diagnostics = try check(TestPaths.hostile.appendingPathComponent(file))
        #expect(diagnostics.contains { $0.severity == .error }, "\(file)")
    }

    @Test func forbiddenAPIsAreNamedWithTheirLines() throws {
        let diagnostics = try check(TestPaths.hostile.appendingPathComponent("01_os_execute.lua")).map(\.description)
        #expect(diagnostics.contains { $0.hasSuffix("01_os_execute.lua:6: error: forbidden API 'os.execute': only os.time, os.clock and os.date exist (host time); no process, file or environment access") })
        #expect(diagnostics.contains { $0.hasSuffix("01_os_execute.lua:7: error: forbidden API 'io': the sandbox has no file access") })
    }

    @Test func limitsHitWhileLoadingAreNamed() throws {
        let diagnostics = try check(TestPaths.hostile.appendingPathComponent("29_infinite_loop_while.lua")).map(\.description)
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.hasSuffix("29_infinite_loop_while.lua:7: error: stopped by a sandbox limit while loading: sandbox: instruction budget exceeded") == true)
    }

    @Test func theScannerIgnoresCommentsStringsAndFields() {
        let source = """
            -- io.open is not called here
            local s = "os.execute('x')"
            local t = { io = 1, debug = 2 }
            local x = t.io + t.debug --[[ debug ]] + os.time()
            local y = collectgarbage('count')
            """
        #expect(ForbiddenAPIScanner.scan(source).isEmpty)
        let findings = ForbiddenAPIScanner.scan("local a = require('../x')\nlocal b = collectgarbage('stop')\nlocal c = os.getenv('HOME')")
        #expect(findings.map(\.api) == ["require('../x')", "collectgarbage('stop')", "os.getenv"])
        #expect(findings.map(\.line) == [1, 2, 3])
    }

    @Test func theCommandFailsOnEveryHostileScriptAndPassesTheShippedOnes() throws {
        let hostile = HostileCorpusTests.files.map { "Tests/KumoScriptingTests/Hostile/" + $0 }
        let bad = try KumoProcess.run(["check"] + hostile)
        #expect(bad.status == 1)
        #expect(bad.output.contains("checked \(hostile.count) scripts"))
        for file in HostileCorpusTests.files {
            #expect(bad.output.contains("\(file):") && !bad.output.contains("\(file): ok"), "\(file)")
        }
        let good = try KumoProcess.run(["check", "strategies", "plugins/cci"])
        #expect(good.status == 0)
        #expect(good.output.hasSuffix("checked 8 scripts: 0 errors, 0 warnings\n"))
    }
}
