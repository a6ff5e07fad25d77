import KumoCore
import KumoEngine
import KumoLua

/// Reads an order from a script's table, naming the field that is wrong: `ctx:order{…}` and the
/// `opts` of `ctx:buy` / `ctx:sell`.
enum OrderOptions {
    /// The fields an order table may hold.
    static let known: Set<String> = [
        "symbol", "side", "qty", "type", "limit", "stop", "trail", "trail_percent", "tif", "client_id", "oco", "take_profit", "stop_loss",
    ]

    static func request(_ table: LuaTable, symbol: Symbol, side: OrderSide, quantity: Int64, in function: String) throws(LuaCallError) -> OrderRequest {
        for field in table.fields {
            guard let key = field.key.stringValue, known.contains(key) else {
                throw LuaCallError("\(function): unknown order field '\(field.key.stringValue ?? field.key.description)' (known: \(known.sorted().joined(separator: ", ")))")
            }
        }
        var request = OrderRequest(symbol: symbol, side: side, quantity: quantity, type: try type(table, in: function))
        if let tif = table["tif"], tif != .nil {
            guard let name = tif.stringValue, let value = TimeInForce(rawValue: name.lowercased()) else {
                throw LuaCallError("\(function): tif must be day, ioc, fok or gtc, not \(tif)")
            }
            request.timeInForce = value
        }
        request.clientID = try string(table, "client_id", in: function)
        request.ocoGroup = try string(table, "oco", in: function)
        request.takeProfit = try price(table, "take_profit", in: function)
        request.stopLoss = try price(table, "stop_loss", in: function)
        return request
    }

    /// The order type the fields name; an explicit `type` must agree with them.
    static func type(_ table: LuaTable, in function: String) throws(LuaCallError) -> OrderType {
        let limit = try price(table, "limit", in: function)
        let stop = try price(table, "stop", in: function)
        let trail = try price(table, "trail", in: function)
        let trailPercent = try number(table, "trail_percent", in: function)
        let inferred: OrderType
        switch (limit, stop, trail, trailPercent) {
        case (nil, nil, nil, nil): inferred = try string(table, "type", in: function) == "market_on_close" ? .marketOnClose : .market
        case (let limit?, nil, nil, nil): inferred = .limit(limit)
        case (nil, let stop?, nil, nil): inferred = .stop(stop)
        case (let limit?, let stop?, nil, nil): inferred = .stopLimit(trigger: stop, limit: limit)
        case (nil, nil, let amount?, nil): inferred = .trailingStop(.amount(amount))
        case (nil, nil, nil, let fraction?): inferred = .trailingStop(.fraction(fraction))
        default: throw LuaCallError("\(function): trail and trail_percent stand alone; they cannot combine with limit, stop or each other")
        }
        if let named = try string(table, "type", in: function), named != inferred.name {
            throw LuaCallError("\(function): type '\(named)' does not match the fields given (they make a \(inferred.name) order)")
        }
        return inferred
    }

    static func string(_ table: LuaTable, _ key: String, in function: String) throws(LuaCallError) -> String? {
        guard let value = table[key], value != .nil else { return nil }
        guard let text = value.stringValue else { throw LuaCallError("\(function): \(key) must be a string, not \(value.typeName)") }
        return text
    }

    static func number(_ table: LuaTable, _ key: String, in function: String) throws(LuaCallError) -> Double? {
        guard let value = table[key], value != .nil else { return nil }
        guard let number = value.doubleValue, number.isFinite else { throw LuaCallError("\(function): \(key) must be a number, not \(value)") }
        return number
    }

    /// A positive price field, kept to the millionth.
    static func price(_ table: LuaTable, _ key: String, in function: String) throws(LuaCallError) -> Price? {
        guard let number = try number(table, key, in: function) else { return nil }
        guard let price = price(number) else { throw LuaCallError("\(function): \(key) must be a positive price, not \(number)") }
        return price
    }

    static func price(_ number: Double) -> Price? {
        guard number > 0, number < 9e12 else { return nil }
        return Price(micros: Int64((number * 1e6).rounded()))
    }
}
