import Foundation
import KumoCore
import KumoEngine
import KumoLive

enum RiskCommand: Sendable { case halt, resume, flatten }

extension APIServer {
    /// A JSON object body, or the reply that says what is wrong with it.
    static func object(_ body: Data, allowEmpty: Bool = false) -> Result<[String: Any], APIReplyError> {
        if body.isEmpty, allowEmpty { return .success([:]) }
        guard let value = try? JSONSerialization.jsonObject(with: body), let object = value as? [String: Any] else {
            return .failure(.init(reply: .error(400, "the body is not a JSON object")))
        }
        return .success(object)
    }

    /// POST /api/v1/orders `{strategy, symbol, side, qty, limit?, tif?}`: files an order under a
    /// strategy's book, refused with 409 while the engine is halted.
    func placeOrder(_ body: Data) async -> APIReply {
        let object: [String: Any]
        switch Self.object(body) {
        case .success(let value): object = value
        case .failure(let error): return error.reply
        }
        guard let strategy = object["strategy"] as? String else { return .error(400, "field 'strategy' is required: the strategy whose book the order goes in") }
        guard let code = object["symbol"] as? String, let symbol = Symbol(code) else { return .error(400, "field 'symbol' must be a symbol code such as \"005930\"") }
        guard let sideText = object["side"] as? String, let side = OrderSide(rawValue: sideText) else { return .error(400, "field 'side' must be \"buy\" or \"sell\"") }
        guard let quantity = object["qty"] as? Int, quantity > 0 else { return .error(400, "field 'qty' must be a positive whole number of shares") }
        var type = OrderType.market
        if let limit = object["limit"] {
            guard let value = limit as? Double, value > 0, value.isFinite else { return .error(400, "field 'limit' must be a positive price") }
            type = .limit(Price(micros: Int64((value * 1e6).rounded())))
        }
        var timeInForce = TimeInForce.day
        if let tif = object["tif"] {
            guard let text = tif as? String, let value = TimeInForce(rawValue: text) else { return .error(400, "field 'tif' must be day, ioc, fok or gtc") }
            timeInForce = value
        }
        let known: Set<String> = ["strategy", "symbol", "side", "qty", "limit", "tif"]
        if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) { return .error(400, "field '\(unknown)' is not an order field (\(known.sorted().joined(separator: ", ")))") }
        let kind = type
        let tif = timeInForce
        return await gate.perform { engine in
            if let reason = engine.kernel.haltReason { return .error(409, "the engine is halted (\(reason)); resume it first") }
            guard engine.strategyNames.contains(strategy) else { return .error(404, "no strategy is named \(strategy) (\(engine.strategyNames.joined(separator: ", ")))") }
            let order = engine.kernel.submit(strategy: strategy, OrderRequest(symbol: symbol, side: side, quantity: Int64(quantity), type: kind, timeInForce: tif))
            if order.status == .rejected { return .json(["order": EngineViews.order(order), "reason": order.reason ?? ""], status: 422) }
            return .json(EngineViews.order(order), status: 201)
        }
    }

    /// POST /api/v1/strategies/{name}/params `{"key": …, "value": number|bool|string}`.
    func setParameter(_ name: String, _ body: Data, source: String) async -> APIReply {
        let object: [String: Any]
        switch Self.object(body) {
        case .success(let value): object = value
        case .failure(let error): return error.reply
        }
        guard let key = object["key"] as? String, !key.isEmpty else { return .error(400, "field 'key' must name the parameter") }
        // JSON's true and false arrive as NSNumbers of type "c" (char).
        guard let value = object["value"], let text = BacktestJobs.scalar(value) else { return .error(400, "field 'value' must be a number, true/false or a string") }
        return await gate.perform { engine in
            guard engine.strategyNames.contains(name) else { return .error(404, "no strategy is named \(name)") }
            if let problem = engine.setParameter(name, key, text, source: source) { return .error(422, problem) }
            return .json(["name": name, "key": key, "value": text])
        }
    }

    func risk(_ command: RiskCommand, _ body: Data, source: String) async -> APIReply {
        let object: [String: Any]
        switch Self.object(body, allowEmpty: true) {
        case .success(let value): object = value
        case .failure(let error): return error.reply
        }
        switch command {
        case .halt:
            if let reason = object["reason"], !(reason is String) { return .error(400, "field 'reason' must be a string") }
            let reason = object["reason"] as? String ?? "halted through the API"
            return await gate.perform { engine in
                engine.halt(reason, source: source)
                return .json(["halted": reason])
            }
        case .resume:
            return await gate.perform { engine in
                engine.resume(source: source)
                return .json(["halted": NSNull()])
            }
        case .flatten:
            var only: Symbol?
            if let code = object["symbol"] {
                guard let text = code as? String, let symbol = Symbol(text) else { return .error(400, "field 'symbol' must be a symbol code") }
                only = symbol
            }
            let symbol = only
            return await gate.perform { engine in
                if let reason = engine.kernel.haltReason { return .error(409, "the engine is halted (\(reason)); flattening places orders, resume first") }
                return .json(["orders": engine.flatten(symbol, source: source).map(EngineViews.order)])
            }
        }
    }
}

/// A reply carried as an error value.
struct APIReplyError: Error {
    var reply: APIReply
}
