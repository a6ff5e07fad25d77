import Foundation
import KumoLua
import KumoScripting
import Testing

/// The hostile-script corpus: every script is refused at load or stopped by a named limit, the
/// host stays up, the VM's memory returns under its cap and the VM still runs code afterwards.
struct HostileCorpusTests {
    static let files: [String] = (try? FileManager.default.contentsOfDirectory(atPath: TestPaths.hostile.path))?
        .filter { $0.hasSuffix(".lua") }.sorted() ?? []

    /// Kumo's outcome for each script, reviewed one by one (Hostile/OUTCOMES.tsv).
    static let expected: [String: String] = table(TestPaths.hostile.appendingPathComponent("OUTCOMES.tsv"))

    static func table(_ file: URL) -> [String: String] {
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return [:] }
        var rows: [String: String] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let parts = line.split(separator: "\t", maxSplits: 1)
            if parts.count == 2 { rows[String(parts[0])] = String(parts[1]) }
        }
        return rows
    }

    @Test func corpusHoldsAtLeastFiftyScripts() {
        #expect(Self.files.count >= 50)
        #expect(Set(Self.files) == Set(Self.expected.keys))
    }

    @Test(arguments: files)
    func scriptIsContained(_ file: String) throws {
        let report = try LuaThread.run { try HostileHarness.run(TestPaths.hostile.appendingPathComponent(file)) }
        let stillWorks = try LuaThread.run { () throws -> LuaValue in
            let environment = try report.vm.makeEnvironment()
            return try report.vm.call(try report.vm.load("return 6 * 7", chunkName: "after", environment: environment)).first ?? .nil
        }

        #expect(String(report.outcome.prefix(300)) == Self.expected[file])
        #expect(report.memoryAfter < HostileHarness.limits.memoryBytes)
        #expect(stillWorks == .integer(42))
    }

    /// Where the shared reference host's outcome (lua-hostile/EXPECTED.tsv) has the same
    /// phases, Kumo ends each phase the same way: OK, a runtime error, a memory error or a kill.
    @Test func outcomesAgreeWithTheReferenceHost() throws {
        let reference = Self.table(TestPaths.shared.appendingPathComponent("lua-hostile/EXPECTED.tsv"))
        try #require(!reference.isEmpty, "../shared/lua-hostile/EXPECTED.tsv is missing")
        // Documented differences: both outcomes stop the script with a named limit.
        let deviations: [String: String] = [
            "21_table_growth.lua": "init:ERRMEM",  // the 64 MiB cap fills before the budget runs out
        ]
        for (file, outcome) in reference {
            let theirs = outcome.split(separator: ";").map { phase -> String in
                let text = phase.trimmingCharacters(in: .whitespaces)
                return text.contains("[KILLED]") ? String(text.prefix { $0 != ":" }) + ":KILLED" : String(text.split(separator: " ").first ?? "")
            }
            let ours = HostileHarness.statuses(Self.expected[file] ?? "").split(separator: ";").map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            if let deviation = deviations[file] {
                #expect(ours.first == deviation, "\(file)")
                continue
            }
            #expect(Array(ours.prefix(theirs.count)) == theirs, "\(file): reference \(theirs), Kumo \(ours)")
        }
    }

    @Test func otherVMsCarryOnWhileOneIsKilled() throws {
        let (killed, sum) = try LuaThread.run { () throws -> (LuaScriptError?, LuaValue) in
            let spinning = try LuaVM(limits: LuaLimits(instructionsPerCall: 1_000_000))
            let healthy = try LuaVM()
            let spin = try spinning.load("while true do end", chunkName: "spin", environment: try spinning.makeEnvironment())
            let add = try healthy.load("local s = 0 for i = 1, 100 do s = s + i end return s", chunkName: "add", environment: try healthy.makeEnvironment())
            var caught: LuaScriptError?
            do { try spinning.call(spin) } catch let error as LuaScriptError { caught = error }
            return (caught, try healthy.call(add).first ?? .nil)
        }

        #expect(killed?.kind == .instructionBudget)
        #expect(sum == .integer(5050))
    }
}
