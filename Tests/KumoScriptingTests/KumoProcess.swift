import Foundation
import Testing

/// Runs the built `kumo` binary from the project folder, as a trader does.
enum KumoProcess {
    /// The built `kumo` binary beside the test bundle.
    static var binary: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("kumo")
    }

    static func run(_ arguments: [String], models: String? = nil) throws -> (status: Int32, output: String) {
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "build kumo first: \(binary.path)")
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        if let models {
            // Model commands and --model read the registry under $KUMO_HOME.
            var environment = ProcessInfo.processInfo.environment
            environment["KUMO_HOME"] = URL(fileURLWithPath: models).deletingLastPathComponent().path
            process.environment = environment
        }
        process.currentDirectoryURL = TestPaths.project
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning {
            process.terminate()
            Issue.record("kumo \(arguments.joined(separator: " ")) hung")
        }
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
