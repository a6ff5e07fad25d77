import KumoLua
import Testing

/// The allow-listed environment: what scripts can reach, what they cannot change, and the
/// limits a script's own pcall cannot escape.
struct SandboxTests {
    @Test(arguments: ["io", "debug", "package", "dofile", "loadfile", "require_absent_marker", "warn"])
    func unsafeGlobalsAreAbsent(_ name: String) throws {
        let results = try evaluate("return _G[...] == nil", arguments: [.string(name)])
        #expect(results == [true])
    }

    @Test func osOffersOnlyHostTime() throws {
        let results = try evaluate("local names = {} for k in pairs(os) do names[#names + 1] = k end table.sort(names) return table.concat(names, ',')")
        #expect(results == ["clock,date,time"])
    }

    @Test func scriptTimeIsTheHostsClock() throws {
        let results = try LuaThread.run {
            let vm = try LuaVM()
            vm.scriptTime = 1_700_000_000.75
            let chunk = try vm.load("return os.time(), os.date('!%Y-%m-%d %H:%M:%S')", chunkName: "t", environment: try vm.makeEnvironment())
            return try vm.call(chunk)
        }
        #expect(results == [.integer(1_700_000_000), "2023-11-14 22:13:20"])
    }

    @Test func randomSequencesDependOnlyOnTheSeed() throws {
        let source = "local t = {} for i = 1, 5 do t[i] = math.random(1, 1000000) end return table.concat(t, ' ')"
        let first = try evaluate(source, seed: 42)
        let again = try evaluate(source, seed: 42)
        let other = try evaluate(source, seed: 43)
        #expect(first == again)
        #expect(first != other)
    }

    @Test func libraryTablesAreReadOnly() throws {
        #expect(try failure(of: "string.upper = nil")?.message == "test.lua:1: sandbox: 'string' is read-only")
        #expect(try failure(of: "rawset(math, 'pi', 3)")?.message == "test.lua:1: sandbox: 'math' is read-only")
        #expect(try failure(of: "setmetatable(table, nil)")?.message == "test.lua:1: cannot change a protected metatable")
    }

    @Test func libraryProxiesStillIterateAndCount() throws {
        let results = try evaluate("local n = 0 for k, v in pairs(string) do n = n + 1 end return n > 10, #string, string.format('%05.1f', 3.14159)")
        #expect(results == [true, 0, "003.1"])
    }

    @Test func stringMetatableIsLockedButMethodsWork() throws {
        let results = try evaluate("return getmetatable(''), ('kumo'):upper(), ('a,b'):find(',', 1, true)")
        #expect(results == ["string", "KUMO", 2, 2])
    }

    @Test func eachEnvironmentHasItsOwnGlobals() throws {
        let results = try LuaThread.run { () throws -> [LuaValue] in
            let vm = try LuaVM()
            let first = try vm.makeEnvironment()
            let second = try vm.makeEnvironment()
            try vm.call(try vm.load("shared_name = 'first'; print = nil", chunkName: "a", environment: first))
            return try vm.call(try vm.load("return shared_name, type(print)", chunkName: "b", environment: second))
        }
        #expect(results == [.nil, "function"])
    }

    @Test func loadAcceptsTextOnlyAndDefaultsToTheCallersEnvironment() throws {
        let results = try evaluate("""
            secret = 'mine'
            local from_text = load('return secret')()
            local ok, err = pcall(load, 'return 1', 'x', 'b')
            local binary, why = load(string.char(27) .. 'LuaT')
            local reader_ok = pcall(load, function() return nil end)
            return from_text, ok, binary, why, reader_ok
            """)
        #expect(results == ["mine", false, .nil, "attempt to load a binary chunk (mode is 't')", false])
    }

    @Test func gcMetamethodsAreRefusedEvenThroughPcall() throws {
        let results = try evaluate("return pcall(setmetatable, {}, { __gc = print })")
        #expect(results == [false, "sandbox: __gc metamethods are not allowed"])
    }

    @Test func collectgarbageOnlyCounts() throws {
        let results = try evaluate("return type(collectgarbage('count')), pcall(collectgarbage, 'collect')")
        #expect(results == ["number", false, "sandbox: collectgarbage('collect') is not allowed"])
    }

    @Test func pcallCannotSwallowTheInstructionBudget() throws {
        let error = try failure(
            of: "local caught = 0\nwhile true do if not pcall(function() while true do end end) then caught = caught + 1 end end",
            limits: LuaLimits(instructionsPerCall: 200_000))
        #expect(error?.kind == .instructionBudget)
    }

    @Test func pcallCannotSwallowTheMemoryCap() throws {
        let error = try failure(
            of: "for i = 1, 50 do pcall(function() local t = {} for j = 1, 1e8 do t[j] = j end end) end return 'survived'",
            limits: LuaLimits(memoryBytes: 8 << 20))
        #expect(error?.kind == .memoryLimit)
    }

    @Test func memoryReturnsUnderTheCapAndTheVMKeepsWorking() throws {
        let (error, memory, after) = try LuaThread.run { () throws -> (LuaScriptError?, Int, LuaValue) in
            let vm = try LuaVM(limits: LuaLimits(memoryBytes: 8 << 20))
            let environment = try vm.makeEnvironment()
            var caught: LuaScriptError?
            do {
                try vm.call(try vm.load("local t = {} for i = 1, 1e9 do t[i] = { i } end", chunkName: "bomb", environment: environment))
            } catch let error as LuaScriptError { caught = error }
            let memory = vm.memoryInUse
            let after = try vm.call(try vm.load("return #string.rep('x', 1000)", chunkName: "after", environment: environment)).first ?? .nil
            return (caught, memory, after)
        }
        #expect(error?.kind == .memoryLimit)
        #expect(memory < 1 << 20)
        #expect(after == .integer(1000))
    }

    @Test func patternBacktrackingIsChargedToTheBudget() throws {
        let error = try failure(of: "return string.find(string.rep('a', 200), '.-.-.-b')", limits: LuaLimits(instructionsPerCall: 1_000_000))
        #expect(error?.kind == .instructionBudget)
    }

    @Test func cLoopsOverHugeRangesAreChargedToTheBudget() throws {
        let limits = LuaLimits(instructionsPerCall: 1_000_000)
        #expect(try failure(of: "table.move({}, 1, 1 << 62, 2)", limits: limits)?.kind == .instructionBudget)
        #expect(try failure(of: "table.concat(setmetatable({}, { __index = function() return 'x' end }), '', 1, 1 << 40)", limits: limits)?.kind == .instructionBudget)
    }

    @Test func stringRepBeyondTheCapFailsBeforeAllocating() throws {
        let error = try failure(of: "return string.rep('abc', 1 << 50)")
        #expect(error?.kind == .memoryLimit)
        #expect(try evaluate("return #string.rep('', 1 << 62), string.rep('ab', 3, '-')") == [0, "ab-ab-ab"])
    }

    @Test func printIsForwardedWithItsLineAndCappedPerCall() throws {
        final class Lines: @unchecked Sendable { var items: [LuaPrintedLine] = [] }
        let lines = Lines()
        let dropped = try LuaThread.run { () throws -> Int in
            let vm = try LuaVM(output: { lines.items.append($0) })
            let chunk = try vm.load("print('bar', 1, true)\nfor i = 1, 100 do print(string.rep('x', 4000)) end", chunkName: "p.lua", environment: try vm.makeEnvironment())
            try vm.call(chunk)
            return vm.droppedOutputBytes
        }
        #expect(lines.items.first == LuaPrintedLine(text: "bar\t1\ttrue", location: "p.lua:1"))
        #expect(lines.items.map(\.text.utf8.count).reduce(0, +) <= 64 * 1024, "\(lines.items.map(\.text.utf8.count))")
        #expect(dropped > 0)
    }

    @Test func nestedCoroutineClosesAreBoundedInsteadOfCrashing() throws {
        let source = """
            local coro = false
            for i = 1, 500 do
              local previous = coro
              coro = coroutine.create(function()
                local cc <close> = setmetatable({}, { __close = function() if previous then assert(coroutine.close(previous)) end end })
                coroutine.yield()
              end)
              coroutine.resume(coro)
            end
            return coroutine.close(coro)
            """
        let results = try evaluate(source)
        #expect(results.first == false)
        #expect(results.last?.stringValue?.contains("nest too deeply") == true)
    }

    @Test func requireWithoutAResolverFailsClearly() throws {
        let error = try failure(of: "require('kumo.ta')")
        #expect(error?.message.contains("module 'kumo.ta' not found: require is not available here") == true)
    }
}
