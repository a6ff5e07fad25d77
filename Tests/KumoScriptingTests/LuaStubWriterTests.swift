import Foundation
import KumoLua
import KumoScripting
import Testing

struct LuaStubWriterTests {
    @Test func committedStubsMatchTheBindingDeclarations() throws {
        let committed = try String(contentsOf: TestPaths.roots.stdlib.appendingPathComponent("_meta/host.lua"), encoding: .utf8)
        #expect(committed == LuaStubWriter.render(), "run `swift run kumo stubs` after changing a binding")
    }

    @Test func everyBoundFunctionHasAStub() {
        let stubs = LuaStubWriter.render()
        for library in LuaStubWriter.hostLibraries {
            for function in library.functions {
                #expect(stubs.contains((function.isMethod ? ":" : ".") + function.name + "("), "\(library.name) \(function.name)")
            }
        }
        #expect(stubs.contains("function Context:log(level, message) end"))
        #expect(stubs.contains("function kumo.log.warning(...) end"))
    }
}
