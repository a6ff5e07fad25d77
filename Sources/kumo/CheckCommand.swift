import ArgumentParser
import Foundation
import KumoLua
import KumoScripting

/// `kumo check PATH…`: the linter a trader runs before deploying a strategy or plugin.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Load scripts in the sandbox and report syntax, contract and forbidden-API errors.",
        discussion: "PATH is a strategy file, a plugin folder (with manifest.json) or a folder of strategies. Exits 1 on any error.")

    @Argument(help: "Strategy files, plugin folders or folders of strategies.")
    var paths: [String]

    @Option(help: "Memory cap of each script's VM, in MiB.")
    var memory = 64

    func run() throws {
        let roots = try ProjectRoots.locate()
        let loader = StrategyLoader(roots: roots, limits: LuaLimits(memoryBytes: memory << 20))
        let checker = ScriptChecker(loader: loader)
        let files = paths.flatMap { ScriptChecker.scripts(at: URL(fileURLWithPath: $0)) }
        var errors = 0
        var warnings = 0
        for file in files {
            let diagnostics = try LuaThread.run { checker.check(file) }
            for diagnostic in diagnostics {
                print(diagnostic)
                if diagnostic.severity == .error { errors += 1 } else { warnings += 1 }
            }
            if diagnostics.isEmpty { print("\(ScriptModuleResolver.display(file)): ok") }
        }
        print("checked \(files.count) script\(files.count == 1 ? "" : "s"): \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")")
        if errors > 0 { throw ExitCode(1) }
    }
}

/// Finds the project's stdlib/ and plugins/ or explains how to point at them.
enum ProjectRoots {
    static func locate() throws -> ScriptRoots {
        guard let roots = ScriptRoots.locate() else {
            throw ValidationError("cannot find the project's stdlib/ folder: run kumo from the project folder or set KUMO_ROOT")
        }
        return roots
    }
}
