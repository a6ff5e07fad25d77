import KumoCore
import KumoEngine
public import KumoLua
import KumoPortfolio

/// `ctx:portfolio_weights{…}`: target weights for several symbols from their recent closes, by
/// the same recipes as `kumo portfolio` (mean-variance, HRP, risk parity, Black–Litterman).
public enum PortfolioMethods {
    static let options: Set<String> = [
        "symbols", "method", "lookback", "covariance", "returns", "risk_free", "min_weight", "max_weight", "target_volatility", "target_return",
        "risk_aversion", "linkage", "sectors", "views",
    ]

    public static let all: [LuaFunction<StrategyContext>] = [
        .method("portfolio_weights", LuaDocumentation(
            "Returns target weights by symbol from the last `lookback` closes (default 252) of `symbols`: method 'max_sharpe' (default), 'min_volatility', 'efficient_risk' {target_volatility}, 'efficient_return' {target_return}, 'max_utility' {risk_aversion}, 'hrp' {linkage}, 'risk_parity', 'black_litterman' {views = {{picks = {[sym] = 1, …}, ret = r}, …}}, 'equal_weight', 'inverse_volatility'; covariance 'sample'|'ledoit_wolf', returns 'compounded'|'mean', risk_free, min_weight, max_weight, sectors = {name = {symbols = {…}, min = 0, max = 1}}. Nil and why while the history is short or no portfolio meets the constraints.",
            parameters: [.init("opts", "kumo.PortfolioOptions")], returns: [.init("table<string, number>?"), .init("string?", "why no weights")])
        ) { context, frame in
            let kernel = try TradingMethods.kernel(context, frame)
            let options = try frame.table(1)
            let function = frame.functionName
            for field in options.fields where !Self.options.contains(field.key.stringValue ?? "") {
                throw LuaCallError("\(function): unknown option '\(field.key.stringValue ?? field.key.description)' (\(Self.options.sorted().joined(separator: ", ")))")
            }
            let symbols = try Self.symbols(options, in: function)
            let lookback = Int(try OrderOptions.number(options, "lookback", in: function) ?? 252)
            guard lookback >= 2, lookback < kernel.configuration.historyDepth else {
                throw LuaCallError("\(function): lookback must be between 2 and \(kernel.configuration.historyDepth - 1), not \(lookback)")
            }
            let recipe = try Self.recipe(options, in: function)
            // The closes of the dates every symbol has, newest `lookback + 1` of them.
            let histories = symbols.map { symbol in Dictionary(kernel.history(symbol, count: lookback + 1).map { ($0.time, $0.close.doubleValue) }, uniquingKeysWith: { $1 }) }
            let common = histories.dropFirst().reduce(Set(histories[0].keys)) { $0.intersection($1.keys) }.sorted().suffix(lookback + 1)
            guard common.count == lookback + 1 else {
                return try frame.returning(.nil, .string("\(common.count) of the \(lookback + 1) closes needed are in every symbol's history yet"))
            }
            let weights: [Double]
            do throws(PortfolioError) {
                let series = try ReturnSeries(names: symbols.map(\.code), prices: common.map { time in histories.map { $0[time]! } })
                weights = try recipe.weights(series)
            } catch {
                // A script's mistake is an error; a market with no answer today is nil and why.
                guard case .invalidInput(let message) = error else { return try frame.returning(.nil, .string(error.description)) }
                throw LuaCallError("\(function): \(message)")
            }
            var table = LuaTable()
            for (symbol, weight) in zip(symbols, weights) { table[symbol.code] = .number(weight) }
            return try frame.returning(.table(table))
        }
    ]

    static func symbols(_ options: LuaTable, in function: String) throws(LuaCallError) -> [Symbol] {
        guard case .table(let list)? = options["symbols"], list.array.count >= 2 else {
            throw LuaCallError("\(function): opts.symbols must list at least two symbols")
        }
        var result: [Symbol] = []
        for (index, value) in list.array.enumerated() {
            guard case .string(let code) = value, let symbol = Symbol(code) else { throw LuaCallError("\(function): opts.symbols[\(index + 1)] is not a symbol code") }
            guard !result.contains(symbol) else { throw LuaCallError("\(function): opts.symbols names \(code) twice") }
            result.append(symbol)
        }
        return result
    }

    static func recipe(_ options: LuaTable, in function: String) throws(LuaCallError) -> PortfolioRecipe {
        func choice<T: RawRepresentable<String> & CaseIterable>(_ key: String, _ fallback: T) throws(LuaCallError) -> T {
            guard let text = try OrderOptions.string(options, key, in: function) else { return fallback }
            guard let value = T(rawValue: text) else {
                throw LuaCallError("\(function): opts.\(key) '\(text)' is not one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return value
        }
        var recipe = PortfolioRecipe(method: try choice("method", PortfolioRecipe.Method.maxSharpe))
        recipe.covariance = try choice("covariance", PortfolioRecipe.CovarianceEstimator.sample)
        recipe.returns = try choice("returns", PortfolioRecipe.ReturnEstimator.compounded)
        recipe.linkage = try choice("linkage", HierarchicalClustering.Linkage.single)
        recipe.riskFreeRate = try OrderOptions.number(options, "risk_free", in: function) ?? 0
        recipe.lowerBound = try OrderOptions.number(options, "min_weight", in: function) ?? 0
        recipe.upperBound = try OrderOptions.number(options, "max_weight", in: function) ?? 1
        recipe.targetVolatility = try OrderOptions.number(options, "target_volatility", in: function)
        recipe.targetReturn = try OrderOptions.number(options, "target_return", in: function)
        recipe.riskAversion = try OrderOptions.number(options, "risk_aversion", in: function) ?? 1
        if case .table(let sectors)? = options["sectors"] {
            for field in sectors.fields {
                guard let name = field.key.stringValue, case .table(let spec) = field.value, case .table(let members)? = spec["symbols"] else {
                    throw LuaCallError("\(function): opts.sectors.\(field.key.description) must be {symbols = {…}, min = 0, max = 1}")
                }
                recipe.sectors.append(.init(
                    name: name, members: members.array.compactMap(\.stringValue), lower: try OrderOptions.number(spec, "min", in: function) ?? 0,
                    upper: try OrderOptions.number(spec, "max", in: function) ?? 1))
            }
        }
        if case .table(let views)? = options["views"] {
            for (index, value) in views.array.enumerated() {
                guard case .table(let view) = value, case .table(let picks)? = view["picks"], let expected = view["ret"]?.doubleValue else {
                    throw LuaCallError("\(function): opts.views[\(index + 1)] must be {picks = {[symbol] = weight, …}, ret = number}")
                }
                recipe.views.append(.init(
                    picks: Dictionary(picks.fields.compactMap { field in field.key.stringValue.flatMap { key in field.value.doubleValue.map { (key, $0) } } }, uniquingKeysWith: { $1 }),
                    expectedReturn: expected))
            }
        }
        return recipe
    }
}
