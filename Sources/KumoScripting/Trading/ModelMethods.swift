import KumoCore
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

    public static let all: [LuaFunction<StrategyContext>] = [
        .method("predict", LuaDocumentation(
            "Returns model `name`'s latest output for `symbol`: a number, or class probabilities { down, flat, up } for a direction model; nil while its window is not full.",
            parameters: [.init("name", "string"), .init("symbol", "string")], returns: [.init("number|{ down: number, flat: number, up: number }|nil")])
        ) { context, frame in
            let models = try service(context, frame)
            let name = try frame.string(1)
            guard models.version(name) != nil else {
                throw LuaCallError.invalidArgument(1, of: frame.functionName, "no model '\(name)' is served (served: \(models.names.joined(separator: ", ")))")
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
