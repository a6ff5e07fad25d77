import Dispatch
import Foundation
import KumoCore
import KumoData
import KumoEngine
import KumoLua
import Synchronization

extension EngineBenchmark {
    /// Eight (fast, slow) pairs a trader would sweep.
    static let sweepParameters: [(fast: Int, slow: Int)] = [(5, 20), (5, 30), (10, 30), (10, 50), (15, 40), (20, 60), (20, 100), (30, 120)]

    /// Runs the eight parameter sets over `events` on `workers` threads at once, each set in its own
    /// VM and kernel (nothing shared but the read-only bars); returns the wall seconds and each
    /// set's final equity, in parameter order.
    static func sweep(events: [SymbolBar], file: URL, roots: ScriptRoots, workers: Int) throws -> (seconds: Double, equities: [Double]) {
        let results = Mutex<[Int: Result<Double, any Error>]>([:])
        let seconds = try Self.seconds {
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                for index in stride(from: worker, to: sweepParameters.count, by: workers) {
                    let outcome = Result { () throws -> Double in
                        try LuaThread.run {
                            try replayLua(
                                events, file: file, roots: roots,
                                parameters: [("fast", sweepParameters[index].fast), ("slow", sweepParameters[index].slow)])
                        }
                    }
                    results.withLock { $0[index] = outcome }
                }
            }
        }
        let equities = try results.withLock { outcomes in try sweepParameters.indices.map { try outcomes[$0]!.get() } }
        return (seconds, equities)
    }
}
