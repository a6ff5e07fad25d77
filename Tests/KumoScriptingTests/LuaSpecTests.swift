import Foundation
import KumoLua
import KumoScripting
import Testing

/// Runs each `LuaSpecs/*_spec.lua` in a fresh sandboxed VM, busted style; every `it` must pass.
struct LuaSpecTests {
    static let specs: [String] = (try? FileManager.default.contentsOfDirectory(atPath: TestPaths.specs.path))?
        .filter { $0.hasSuffix("_spec.lua") }.sorted() ?? []

    @Test func thereAreSpecs() { #expect(Self.specs.count >= 2) }

    @Test(arguments: specs)
    func specPasses(_ name: String) throws {
        let results = try LuaThread.run { () throws -> [LuaValue] in
            let vm = try LuaVM(modules: ScriptModuleResolver(roots: TestPaths.roots, scriptFolder: TestPaths.specs))
            let environment = try vm.makeEnvironment()
            let harness = try String(contentsOf: TestPaths.specs.appendingPathComponent("spec_harness.lua"), encoding: .utf8)
            try vm.call(try vm.load(harness, chunkName: "spec_harness.lua", environment: environment))
            let spec = try String(contentsOf: TestPaths.specs.appendingPathComponent(name), encoding: .utf8)
            try vm.call(try vm.load(spec, chunkName: name, environment: environment))
            guard let collect = try vm.functionReference("spec_results", in: environment) else { return [] }
            return try vm.call(collect)
        }
        let cases = results.first?.tableValue?.array ?? []
        #expect(cases.count >= 5)
        for item in cases {
            guard let fields = item.tableValue else { continue }
            #expect(fields["ok"] == true, "\(fields["name"]?.stringValue ?? "?"): \(fields["message"]?.stringValue ?? "")")
        }
    }
}
