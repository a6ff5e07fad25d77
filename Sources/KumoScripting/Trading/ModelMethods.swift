import KumoCore
import KumoEngine
import KumoModels
public import KumoLua

/// The `ctx` methods that read the host's models: predictions computed by Swift after each bar,
/// batched over symbols, never blocking the script.
public enum ModelMethods {
    static func service(_ context: StrategyContext, _ frame: borrowing LuaCallFrame) throws(LuaCallError) -> ModelService {
        guard let models = context.models else {
            throw LuaCallError("\(frame.functionName): this run serves no models (kumo backtest --model NAME loads one from the registry)")
        }
        return models
    }

    /// The account inputs an agent reads for `symbol`: the strategy's position, cash and equity.
    static func account(_ context: StrategyContext, _ frame: borrowing LuaCallFrame, _ symbol: Symbol) throws(LuaCallError) -> [Float] {
        let kernel = try TradingMethods.kernel(context, frame)
        let position = kernel.book(context.strategyName).position(symbol)
        let close = kernel.lastBars[symbol]?.close.doubleValue ?? 0
        return AgentSpec.accountInputs(
            positionValue: Double(position.quantity) * close, cash: kernel.cash(for: context.strategyName).doubleValue, costBasis: position.costBasis.doubleValue,
            equity: kernel.equity(for: context.strategyName))
    }

    static func served(_ models: ModelService, _ name: String, _ frame: borrowing LuaCallFrame) throws(LuaCallError) {
        guard models.version(name) != nil else {
            throw LuaCallError.invalidArgument(1, of: frame.functionName, "no model '\(name)' is served (served: \(models.names.joined(separator: ", ")))")
        }
    }

    public static let all: [LuaFunction<StrategyContext>] = [
        .method("act", LuaDocumentation(
            "Returns agent `name`'s action for `symbol` given the strategy's position and cash: the target weight (0…1), the level's index (1-based) or nil for a continuous agent, and its value estimate; nil while its window is not full.",
            parameters: [.init("name", "string"), .init("symbol", "string")], returns: [.init("number?"), .init("integer?"), .init("number?")])
        ) { context, frame in
            let models = try service(context, frame)
            let name = try frame.string(1)
            try served(models, name, frame)
            guard models.agent(name) != nil else {
                throw LuaCallError.invalidArgument(1, of: frame.functionName, "'\(name)' is a supervised model, not an agent: read it with ctx:predict")
            }
            let symbol = try TradingMethods.symbol(frame, 2)
            guard let decision = models.act(name, symbol: symbol, account: try account(context, frame, symbol)) else { return try frame.returning(.nil) }
            return try frame.returning(.number(decision.weight), decision.choice.map { .integer(Int64($0 + 1)) } ?? .nil, .number(decision.value))
        },
        .method("predict", LuaDocumentation(
            "Returns model `name`'s latest output for `symbol`: a number, class probabilities { down, flat, up } for a direction model, or an agent's value estimate for the strategy's account; nil while its window is not full.",
            parameters: [.init("name", "string"), .init("symbol", "string")], returns: [.init("number|{ down: number, flat: number, up: number }|nil")])
        ) { context, frame in
            let models = try service(context, frame)
            let name = try frame.string(1)
            try served(models, name, frame)
            if models.agent(name) != nil {
                // An agent's prediction is its value estimate for the strategy's account as it stands.
                let symbol = try TradingMethods.symbol(frame, 2)
                guard let decision = models.act(name, symbol: symbol, account: try account(context, frame, symbol)) else { return try frame.returning(.nil) }
                return frame.returning(number: decision.value)
            }
            guard let output = models.prediction(name, symbol: try TradingMethods.symbol(frame, 2)) else { return try frame.returning(.nil) }
            if output.count == 1 { return frame.returning(number: output[0]) }
            if output.count == 3 {
                return try frame.returning(.table(LuaTable(["down": .number(output[0]), "flat": .number(output[1]), "up": .number(output[2])])))
            }
            return try frame.returning(.table(LuaTable(array: output.map(LuaValue.number))))
        },
        .method("model", LuaDocumentation(
            "Returns model `name`'s version, stage and hold-out metrics (ic, hit_rate, mse or accuracy and f1, samples).",
            parameters: [.init("name", "string")], returns: [.init("{ version: integer, stage: string, metrics: table }?")])
        ) { context, frame in
            let models = try service(context, frame)
            guard let meta = models.version(try frame.string(1)) else { return try frame.returning(.nil) }
            var metrics = LuaTable()
            if let m = meta.metrics {
                metrics["samples"] = .integer(Int64(m.samples))
                metrics["ic"] = .number(m.informationCoefficient)
                metrics["hit_rate"] = .number(m.hitRate)
                if let mse = m.mse { metrics["mse"] = .number(mse) }
                if let accuracy = m.accuracy { metrics["accuracy"] = .number(accuracy) }
                if let f1 = m.f1 { metrics["f1"] = .number(f1) }
            }
            return try frame.returning(.table(LuaTable([
                "version": .integer(Int64(meta.version)), "stage": .string(meta.stage.rawValue), "metrics": .table(metrics),
            ])))
        },
    ]
}
