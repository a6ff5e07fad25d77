import Foundation
import KumoPortfolio

/// PyPortfolioOpt's and scikit-learn's numbers for the fixture prices: made afresh by
/// `Fixtures/make_reference.py` when pypfopt imports on this machine, else the committed file.
struct PortfolioReference: Decodable {
    struct Frontier: Decodable {
        var bounds: [Double]
        var sectors: Sectors?
        var expected_returns: [Double]
        var covariance: [[Double]]
        var min_volatility: [Double]
        var max_sharpe_rf: Double
        var max_sharpe: [Double]
        var efficient_risk_target: Double
        var efficient_risk: [Double]
        var efficient_return_target: Double
        var efficient_return: [Double]
        var max_quadratic_utility: [Double]
    }

    struct Sectors: Decodable {
        var map: [String: String]
        var lower: [String: Double]
        var upper: [String: Double]
    }

    struct Shrunk: Decodable {
        var covariance: [[Double]]
        var shrinkage: Double
    }

    struct Views: Decodable {
        var tau: Double
        var picks: [[Double]]
        var views: [Double]
        var posterior: [Double]
    }

    struct Case: Decodable {
        var name: String
        var assets: [String]
        var ledoit_wolf: Shrunk
        var hrp: [String: [Double]]
        var black_litterman: Views
        var frontiers: [Frontier]

        /// The fixture's closes as returns.
        func series() throws -> ReturnSeries {
            let file = PortfolioReference.fixtures.appendingPathComponent("\(name)-closes.csv")
            let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n")
            let prices = lines.dropFirst().map { line in line.split(separator: ",").dropFirst().map { Double($0)! } }
            return try ReturnSeries(names: assets, prices: prices)
        }
    }

    var generator: String
    var cases: [Case]

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static let shared: PortfolioReference = {
        let committed = fixtures.appendingPathComponent("portfolio-reference.json")
        var file = committed
        if Self.pythonHasPyPortfolioOpt() {
            let fresh = FileManager.default.temporaryDirectory.appendingPathComponent("kumo-portfolio-reference-\(getpid()).json")
            if run(["python3", fixtures.appendingPathComponent("make_reference.py").path, "--out", fresh.path]) == 0 { file = fresh }
        }
        return try! JSONDecoder().decode(PortfolioReference.self, from: Data(contentsOf: file))
    }()

    static func pythonHasPyPortfolioOpt() -> Bool {
        run(["python3", "-c", "import pypfopt, sklearn"]) == 0
    }

    static func run(_ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return -1
        }
        process.waitUntilExit()
        return process.terminationStatus
    }
}

/// The largest absolute difference between two vectors of one length.
func largestDifference(_ lhs: [Double], _ rhs: [Double]) -> Double {
    precondition(lhs.count == rhs.count)
    return zip(lhs, rhs).map { abs($0 - $1) }.max() ?? 0
}
