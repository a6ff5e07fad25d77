import ArgumentParser
import Foundation
import KumoScripting

/// `kumo stubs`: regenerates stdlib/_meta/host.lua from the binding declarations.
struct StubsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stubs", abstract: "Write the LuaCATS stubs of the bound host API (stdlib/_meta/host.lua).")

    @Option(help: "Where to write; '-' prints to standard output.")
    var output: String?

    func run() throws {
        let text = LuaStubWriter.render()
        let target = try output ?? ProjectRoots.locate().stdlib.appendingPathComponent("_meta/host.lua").path
        if target == "-" {
            print(text, terminator: "")
        } else {
            try text.write(toFile: target, atomically: true, encoding: .utf8)
            print("wrote \(target)")
        }
    }
}
