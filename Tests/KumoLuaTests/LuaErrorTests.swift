import KumoLua
import Testing

/// Script failures come back with the script's file and line, a traceback, and the right kind.
struct LuaErrorTests {
    @Test func syntaxErrorsNameFileAndLine() throws {
        let error = try failure(of: "local x = 1\nlocal y = = 2\n")
        #expect(error?.kind == .syntax)
        #expect(error?.message.hasPrefix("test.lua:2:") == true)
        #expect(error?.location?.line == 2)
    }

    @Test func runtimeErrorsCarryATracebackThroughEachFrame() throws {
        let source = """
            local function inner() error('boom') end
            local function middle() inner() end
            middle()
            """
        let error = try failure(of: source)
        #expect(error?.kind == .runtime)
        #expect(error?.message == "test.lua:1: boom")
        let traceback = try #require(error?.traceback)
        #expect(traceback.contains("test.lua:1: in upvalue 'inner'") || traceback.contains("test.lua:1: in local 'inner'"))
        #expect(traceback.contains("test.lua:2:"))
        #expect(traceback.contains("test.lua:3:"))
    }

    @Test func nonStringErrorObjectsAreDescribedByTypeOnly() throws {
        let error = try failure(of: "error(setmetatable({}, { __tostring = function() return 'forged' end }))")
        #expect(error?.message == "(error object is a table value)")
    }

    @Test func errorLevelTwoBlamesTheCaller() throws {
        let source = """
            local function check(q) if q <= 0 then error('quantity must be positive', 2) end end
            check(-1)
            """
        #expect(try failure(of: source)?.message == "test.lua:2: quantity must be positive")
    }

    @Test func budgetKillsNameTheLimitAndTheLine() throws {
        let error = try failure(of: "local n = 0\nwhile true do n = n + 1 end", limits: LuaLimits(instructionsPerCall: 100_000))
        #expect(error?.kind == .instructionBudget)
        #expect(error?.message == "test.lua:2: sandbox: instruction budget exceeded")
    }

    @Test func wallClockDeadlineStopsWorkTheInstructionBudgetAllows() throws {
        // table.sort's comparisons are counted, but a 50 ms deadline comes first on any machine.
        let source = "local t = {} for i = 1, 400000 do t[i] = (i * 7919) % 400009 end for k = 1, 1000 do table.sort(t, function(a, b) return a > b end) end"
        let error = try failure(
            of: source, limits: LuaLimits(instructionsPerCall: .max / 2, wallClockNanosecondsPerCall: 50_000_000))
        #expect(error?.kind == .timeBudget)
        #expect(error?.message.contains("sandbox: time budget exceeded") == true)
    }
}
