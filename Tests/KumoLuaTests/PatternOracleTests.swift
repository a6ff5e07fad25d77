import Foundation
import KumoLua
import Testing

/// Kumo's budgeted pattern matcher replaces string.find/match/gmatch/gsub. Every case here runs
/// both in a sandboxed VM and in Debian's stock `lua5.4` interpreter; the outputs must be equal.
struct PatternOracleTests {
    /// A Lua program that prints one line per case; it runs unchanged on both sides.
    static let program = #"""
        local out = {}
        local function show(...)
          local n = select('#', ...)
          local parts = {}
          for i = 1, n do
            local v = select(i, ...)
            parts[#parts + 1] = type(v) == 'string' and string.format('%q', v) or tostring(v)
          end
          out[#out + 1] = table.concat(parts, ' ')
        end
        local function try(f, ...)
          local ok, a, b, c, d = pcall(f, ...)
          if ok then show(a, b, c, d) else show('error', (tostring(a):gsub('^.-:%d+: ', ''))) end
        end
        local subjects = { 'hello world', '  trim me  ', 'key=value; k2=v2', '(a(b)c)', 'THE (quick) fox',
          '2024-01-31', 'aaa', '', 'x=1, y=22, z=333', 'f(a,b)[c]{d}', 'éé utf8 ü', 'a.b.c', 'end%', 'THE END' }
        local patterns = { '(%a+)', '^%s*(.-)%s*$', '(%w+)=(%w+)', '%b()', '%f[%a]%a+', '(%d+)-(%d+)-(%d+)',
          'a-', 'a*', 'a+', 'a?b', '[%a_][%w_]*', '[^%s]+', '()o()', '(a)(a)%1', '%.', '[%]]', '[a-c]+',
          '%d%d?%d?', '.-=', '[%(%)]', '^$', 'x*$', '%u+', '[^%l%s]', '((%a)%a*)', '%s' }
        for _, s in ipairs(subjects) do
          for _, p in ipairs(patterns) do
            try(string.find, s, p)
            try(string.match, s, p)
            try(string.match, s, p, 3)
            try(string.gsub, s, p, '<%0>')
            try(string.gsub, s, p, '%1', 2)
            local items = {}
            local ok = pcall(function() for a, b in s:gmatch(p) do items[#items + 1] = tostring(a) .. '|' .. tostring(b) end end)
            show('gmatch', ok, table.concat(items, ','))
          end
          try(string.find, s, '.', -3, true)
          try(string.find, s, 'o w', 1, true)
          try(string.gsub, s, '%w+', { hello = 'HI', key = false })
          try(string.gsub, s, '(%w+)', function(w) if #w > 3 then return w:upper() end end)
        end
        for _, bad in ipairs({ '(', '%', '[a', '(()', '%b', '%f', '%1', 'a)', '%g(' }) do
          try(string.find, 'abc', bad)
          try(string.gsub, 'abc', 'b', bad)
        end
        try(string.gsub, 'abc', '', '-')
        try(string.gsub, 'hello world', 'o', '0', 1)
        try(string.match, '  x', '()x()')
        try(string.find, 'a\0b', '\0', 1, true)
        try(string.find, 'a\0b', '%z')
        try(string.rep, 'ab', 3, ',')
        try(string.rep, 'x', 0)
        return table.concat(out, '\n')
        """#

    @Test func matchesTheStockInterpreterCaseByCase() throws {
        let stock = ["/usr/bin/lua5.4", "/usr/local/bin/lua5.4"].first { FileManager.default.isExecutableFile(atPath: $0) }
        let interpreter = try #require(stock, "the lua5.4 interpreter (Debian package lua5.4) is needed as the oracle")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kumo-pattern-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = folder.appendingPathComponent("oracle.lua")
        try ("io.write((function() " + Self.program + " end)())").write(to: script, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: interpreter)
        process.arguments = [script.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let expected = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)

        let text: String
        switch try evaluate(Self.program).first {
        case .string(let value)?: text = value
        case .bytes(let value)?: text = String(decoding: value, as: UTF8.self)
        case let other: text = "not a string: \(String(describing: other))"
        }
        let ours = text.split(separator: "\n", omittingEmptySubsequences: false)

        #expect(ours.count == expected.count)
        #expect(expected.count > 2000)
        for (index, (mine, theirs)) in zip(ours, expected).enumerated() where mine != theirs {
            Issue.record("case \(index + 1): Kumo \(mine) vs lua5.4 \(theirs)")
        }
    }
}
