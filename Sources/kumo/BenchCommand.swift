import ArgumentParser
import Foundation
import KumoLua
import KumoScripting

/// `kumo bench`: speed figures, measured in the build at hand (use a release build).
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Measure Kumo's speed and print the figures.", subcommands: [ScriptBench.self])
}

/// `kumo bench script [--json]`: the Lua runtime's crossing, creation, reload and memory figures.
struct ScriptBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "script", abstract: "Swift↔Lua call cost, VM creation, hot reload and idle VM memory.")

    @Flag(help: "Print JSON.")
    var json = false

    @Option(help: "Calls per crossing measurement.")
    var calls = 2_000_000

    func run() throws {
        let benchmark = ScriptBenchmark(roots: try ProjectRoots.locate(), calls: calls)
        let figures = try LuaThread.run { try benchmark.run() }
        if json {
            let data = try JSONSerialization.data(withJSONObject: figures.mapValues { ($0 * 100).rounded() / 100 }, options: [.sortedKeys, .prettyPrinted])
            print(String(decoding: data, as: UTF8.self))
        } else {
            for (name, value) in figures.sorted(by: { $0.key < $1.key }) { print("\(name)\t\(String(format: "%.2f", value))") }
        }
    }
}
