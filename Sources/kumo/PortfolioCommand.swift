import ArgumentParser
import Foundation
import KumoCore
import KumoEngine
import KumoPortfolio
import KumoResearch

/// `kumo portfolio --data A --data B … --method max_sharpe`: target weights for several symbols
/// from their history, in whole shares for a capital, and optionally rebalanced through history.
struct PortfolioCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "portfolio", abstract: "Portfolio construction: mean-variance, HRP, risk parity, Black–Litterman; shares and rebalancing.",
        discussion: """
            Methods: \(PortfolioRecipe.Method.allCases.map(\.rawValue).joined(separator: ", ")). Returns are annualised by 252 bars; \
            --cash is the capital shares are bought for.
            """)

    @OptionGroup var market: MarketReplayOptions
    @Option(help: "The construction method.") var method = "max_sharpe"
    @Option(help: "Covariance estimator: sample or ledoit_wolf.") var covariance = "sample"
    @Option(help: "Expected returns: compounded (CAGR) or mean (arithmetic × 252).") var returns = "compounded"
    @Option(help: "Risk-free rate per year, for max_sharpe and Black–Litterman.") var riskFree = 0.0
    @Option(help: "Target volatility per year, for efficient_risk.") var targetVolatility: Double?
    @Option(help: "Target return per year, for efficient_return.") var targetReturn: Double?
    @Option(help: "Risk aversion, for max_utility.") var riskAversion = 1.0
    @Option(help: "Every weight's bounds, low:high (default 0:1, long only).") var bounds = "0:1"
    @Option(name: .customLong("bound"), help: "One symbol's bounds: SYMBOL=low:high; repeatable.") var symbolBounds: [String] = []
    @Option(name: .customLong("sector"), help: "A sector's members: NAME=SYM,SYM; repeatable.") var sectors: [String] = []
    @Option(name: .customLong("sector-cap"), help: "A sector's most weight: NAME=0.4; repeatable.") var sectorCaps: [String] = []
    @Option(name: .customLong("sector-floor"), help: "A sector's least weight: NAME=0.1; repeatable.") var sectorFloors: [String] = []
    @Option(name: .customLong("view"), help: "A Black–Litterman view: SYM=0.12 (absolute) or A-B=0.03 (A beats B by 3%); repeatable.") var views: [String] = []
    @Option(name: .customLong("market-cap"), help: "A symbol's market capitalisation for Black–Litterman's implied prior: SYM=value; repeatable.")
    var marketCaps: [String] = []
    @Option(help: "Black–Litterman's tau.") var tau = 0.05
    @Option(help: "HRP linkage: single, complete, average or ward.") var linkage = "single"
    @Option(help: "Rebalance through the history: weekly, monthly, quarterly, yearly or band:0.05 (drift band).") var rebalance: String?
    @Option(help: "Bars of history each rebalance estimates from.") var lookback = 252
    @Option(help: "Write the result as JSON here.") var json: String?
    @Option(help: "Write a self-contained HTML report here.") var report: String?

    func run() throws {
        for (flag, path) in [("--json", json), ("--report", report)] {
            if let path { try OutputPath.prepare(path, flag: flag) }
        }
        let recipe = try makeRecipe()
        let (symbols, times, closes) = try alignedCloses()
        let names = symbols.map(\.code)
        let series = try mapped { try ReturnSeries(names: names, prices: closes) }
        let weights = try mapped { try recipe.weights(series) }
        let matrix = recipe.estimates(series).covariance
        let expected = try mapped { try recipe.expectedReturns(series) }
        let configuration = try market.engineConfiguration()
        let capital = configuration.cash.doubleValue
        let allocation = try mapped { try DiscreteAllocation(weights: weights, prices: closes.last!, capital: capital) }
        let contributions = RiskParity.riskContributions(weights: weights, covariance: matrix)
        let offset = KRXSessions.utcOffsetSeconds
        print("period         \(times.first!.isoDate(utcOffsetSeconds: offset)) … \(times.last!.isoDate(utcOffsetSeconds: offset)), \(closes.count) bars")
        print("symbol         weight   risk share  exp. return  volatility  shares")
        for index in names.indices {
            print(String(format: "%-12@ %7.2f%%  %9.2f%%  %10.2f%%  %9.2f%%  %6d", names[index], weights[index] * 100, contributions[index] * 100,
                         expected[index] * 100, matrix[index, index].squareRoot() * 100, allocation.shares[index]))
        }
        let volatility = matrix.quadraticForm(weights).squareRoot()
        let portfolioReturn = dot(weights, expected)
        print(String(format: "portfolio      expected return %.2f%%, volatility %.2f%%, Sharpe %.3f; %.0f left in cash", portfolioReturn * 100, volatility * 100,
                     (portfolioReturn - riskFree) / volatility, allocation.leftover))
        var outcome: RebalanceSimulation.Outcome?
        if let rebalance {
            guard let schedule = RebalanceSimulation.Schedule(parsing: rebalance) else {
                throw ValidationError("--rebalance '\(rebalance)' is not weekly, monthly, quarterly, yearly or band:W (0 < W < 1)")
            }
            let simulation = RebalanceSimulation(
                symbols: symbols, times: times, closes: closes, recipe: recipe, lookback: lookback, schedule: schedule, capital: capital, configuration: configuration)
            let result = try mapped { try simulation.run() }
            outcome = result
            print(String(format: "rebalanced     %d times (%@, %d-bar lookback): final equity %.0f from %.0f, turnover %.2f×, commission %.0f, tax %.0f",
                         result.rebalances.count, rebalance, lookback, result.equity.last ?? capital, capital, result.turnover, result.commission, result.tax))
            let fallbacks = result.rebalances.filter { $0.fallback != nil }
            if let first = fallbacks.first {
                print("               \(fallbacks.count) held the least-volatile portfolio instead, first on \(first.time.isoDate(utcOffsetSeconds: offset)): \(first.fallback!)")
            }
        }
        if let json {
            var body: [String: Any] = [
                "method": recipe.method.rawValue, "covariance": recipe.covariance.rawValue, "returns": recipe.returns.rawValue,
                "from": times.first!.isoDate(utcOffsetSeconds: offset), "to": times.last!.isoDate(utcOffsetSeconds: offset), "bars": closes.count,
                "weights": Dictionary(uniqueKeysWithValues: zip(names, weights).map { ($0, $1) }),
                "risk_contributions": Dictionary(uniqueKeysWithValues: zip(names, contributions).map { ($0, $1) }),
                "expected_returns": Dictionary(uniqueKeysWithValues: zip(names, expected).map { ($0, $1) }),
                "shares": Dictionary(uniqueKeysWithValues: zip(names, allocation.shares).map { ($0, $1) }), "leftover_cash": allocation.leftover,
                "expected_return": portfolioReturn, "volatility": volatility, "sharpe": (portfolioReturn - riskFree) / volatility,
                "covariance_matrix": matrix.rowArrays, "correlation_matrix": ReturnSeries.correlation(of: matrix).rowArrays,
            ]
            if let outcome {
                body["rebalance"] = [
                    "schedule": rebalance!, "lookback": lookback, "count": outcome.rebalances.count, "final_equity": outcome.equity.last ?? capital,
                    "turnover": outcome.turnover, "commission": outcome.commission, "tax": outcome.tax,
                    "fallbacks": outcome.rebalances.filter { $0.fallback != nil }.map { $0.time.isoDate(utcOffsetSeconds: offset) },
                    "equity": zip(outcome.times, outcome.equity).map { ["date": $0.isoDate(utcOffsetSeconds: offset), "equity": $1] },
                ]
            }
            try JSONSerialization.data(withJSONObject: body, options: [.prettyPrinted, .sortedKeys]).write(to: URL(fileURLWithPath: json))
        }
        if let report {
            let settings = [
                ("method", recipe.method.rawValue), ("covariance", recipe.covariance.rawValue), ("expected returns", recipe.returns.rawValue),
                ("period", "\(times.first!.isoDate(utcOffsetSeconds: offset)) … \(times.last!.isoDate(utcOffsetSeconds: offset))"),
                ("expected return", String(format: "%.2f%%", portfolioReturn * 100)), ("volatility", String(format: "%.2f%%", volatility * 100)),
                ("capital", String(format: "%.0f", capital)),
            ]
            try PortfolioReport(
                title: "Portfolio: " + names.joined(separator: ", "), settings: settings, names: names, weights: weights, expected: expected, covariance: matrix,
                shares: allocation.shares, rebalance: outcome
            ).html().write(toFile: report, atomically: true, encoding: .utf8)
        }
    }

    func mapped<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as PortfolioError { throw ValidationError(error.description) }
    }

    /// The closes of every `--data` source on the dates all of them traded.
    func alignedCloses() throws -> ([Symbol], [Timestamp], [[Double]]) {
        let series = try market.series()
        guard series.count >= 2 else { throw ValidationError("a portfolio needs at least two --data sources, got \(series.count)") }
        var seen = Set<Symbol>()
        for item in series where !seen.insert(item.symbol).inserted { throw ValidationError("--data names \(item.symbol) twice") }
        let offset = KRXSessions.utcOffsetSeconds
        let byDate = series.map { item in
            Dictionary(item.bars.map { (CivilDate($0.time, utcOffsetSeconds: offset), ($0.time, $0.close.doubleValue)) }, uniquingKeysWith: { $1 })
        }
        let common = byDate.dropFirst().reduce(Set(byDate[0].keys)) { $0.intersection($1.keys) }.sorted()
        guard common.count > 2 else { throw ValidationError("the --data sources share \(common.count) dates; they need more than two in common") }
        let times = common.map { byDate[0][$0]!.0 }
        let closes = common.map { date in byDate.map { $0[date]!.1 } }
        return (series.map(\.symbol), times, closes)
    }

    func makeRecipe() throws -> PortfolioRecipe {
        let normalised = method.replacingOccurrences(of: "-", with: "_")
        guard let kind = PortfolioRecipe.Method(rawValue: normalised) else {
            throw ValidationError("--method '\(method)' is not one of \(PortfolioRecipe.Method.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var recipe = PortfolioRecipe(method: kind)
        guard let estimator = PortfolioRecipe.CovarianceEstimator(rawValue: covariance.replacingOccurrences(of: "-", with: "_")) else {
            throw ValidationError("--covariance '\(covariance)' is not sample or ledoit_wolf")
        }
        guard let returnEstimator = PortfolioRecipe.ReturnEstimator(rawValue: returns) else { throw ValidationError("--returns '\(returns)' is not compounded or mean") }
        guard let clustering = HierarchicalClustering.Linkage(rawValue: linkage) else { throw ValidationError("--linkage '\(linkage)' is not single, complete, average or ward") }
        recipe.covariance = estimator
        recipe.returns = returnEstimator
        recipe.linkage = clustering
        recipe.riskFreeRate = riskFree
        recipe.targetVolatility = targetVolatility
        recipe.targetReturn = targetReturn
        recipe.riskAversion = riskAversion
        recipe.tau = tau
        let common = try Self.range(bounds, flag: "--bounds")
        recipe.lowerBound = common.lowerBound
        recipe.upperBound = common.upperBound
        for text in symbolBounds {
            let (symbol, value) = try Self.pair(text, flag: "--bound")
            recipe.bounds[symbol] = try Self.range(value, flag: "--bound \(symbol)")
        }
        var members: [String: [String]] = [:]
        for text in sectors {
            let (name, list) = try Self.pair(text, flag: "--sector")
            members[name] = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        let caps = try Dictionary(sectorCaps.map { try Self.number($0, flag: "--sector-cap") }, uniquingKeysWith: { $1 })
        let floors = try Dictionary(sectorFloors.map { try Self.number($0, flag: "--sector-floor") }, uniquingKeysWith: { $1 })
        for name in Set(caps.keys).union(floors.keys) where members[name] == nil {
            throw ValidationError("sector \(name) has a cap or floor but no --sector \(name)=SYM,SYM")
        }
        recipe.sectors = members.keys.sorted().map { .init(name: $0, members: members[$0]!, lower: floors[$0] ?? 0, upper: caps[$0] ?? 1) }
        recipe.views = try views.map { text in
            let (subject, value) = try Self.number(text, flag: "--view")
            let sides = subject.split(separator: "-", maxSplits: 1).map(String.init)
            return .init(picks: sides.count == 2 ? [sides[0]: 1, sides[1]: -1] : [subject: 1], expectedReturn: value)
        }
        if !marketCaps.isEmpty { recipe.marketWeights = try Dictionary(marketCaps.map { try Self.number($0, flag: "--market-cap") }, uniquingKeysWith: { $1 }) }
        if kind == .blackLitterman && recipe.views.isEmpty { throw ValidationError("black_litterman needs at least one --view") }
        return recipe
    }

    static func pair(_ text: String, flag: String) throws -> (String, String) {
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { throw ValidationError("\(flag) '\(text)' must be NAME=VALUE") }
        return (parts[0], parts[1])
    }

    static func number(_ text: String, flag: String) throws -> (String, Double) {
        let (name, value) = try pair(text, flag: flag)
        guard let number = Double(value), number.isFinite else { throw ValidationError("\(flag) '\(text)': '\(value)' is not a number") }
        return (name, number)
    }

    static func range(_ text: String, flag: String) throws -> ClosedRange<Double> {
        let parts = text.split(separator: ":").map { Double($0) }
        guard parts.count == 2, let low = parts[0], let high = parts[1], low <= high else { throw ValidationError("\(flag) '\(text)' must be low:high with low ≤ high") }
        return low...high
    }
}
