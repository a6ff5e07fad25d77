import Foundation
import Hummingbird
import KumoCore
import KumoEngine
import KumoLive

extension APIServer {
    /// Account, P&L, positions, orders, fills, risk and market data.
    func addTradingRoutes(_ router: Router<BasicRequestContext>) {
        let api = self
        router.get("/api/v1/account") { request, _ in
            await api.handle(request, role: .viewer, routeClass: "read") { _, _ in await api.snapshot("account") { .json(EngineViews.account($0)) } }
        }
        router.get("/api/v1/pnl") { request, _ in
            await api.handle(request, role: .viewer, routeClass: "read") { _, _ in
                await api.gate.perform { engine in
                    api.history.sample(engine, force: true)
                    var body = EngineViews.account(engine)
                    body["peak"] = api.history.peak
                    body["drawdown"] = api.history.points.last?.drawdown ?? 0
                    body["max_drawdown"] = api.history.maxDrawdown
                    body["day_start_equity"] = engine.kernel.dayStartEquity
                    body["curve"] = api.history.points.map(EquityHistory.json)
                    return .json(body)
                }
            }
        }
        router.get("/api/v1/positions") { request, _ in
            await api.handle(request, role: .viewer, routeClass: "read") { _, _ in await api.snapshot("positions") { .json(EngineViews.positions($0)) } }
        }
        router.get("/api/v1/orders") { request, _ in
            await api.handle(request, role: .viewer, routeClass: "read") { _, _ in
                await api.snapshot("orders") { engine in .json(engine.kernel.openOrders().map(EngineViews.order)) }
            }
        }
        router.get("/api/v1/fills") { request, _ in
            let limit = request.uri.queryParameters.get("limit", as: Int.self) ?? 100
            return await api.handle(request, role: .viewer, routeClass: "read") { _, _ in await api.gate.perform { .json(EngineViews.fills($0, limit: limit)) } }
        }
        router.post("/api/v1/orders") { request, _ in
            await api.handle(request, role: .trader, routeClass: "trade") { _, body in await api.placeOrder(body) }
        }
        router.delete("/api/v1/orders/:id") { request, context in
            let id = context.parameters.get("id") ?? ""
            return await api.handle(request, role: .trader, routeClass: "trade") { _, _ in
                await api.gate.perform { engine in
                    guard let order = engine.kernel.orders[ClientOrderID(id)] else { return .error(404, "no order has the id \(id)") }
                    if let problem = engine.kernel.cancel(order.id) { return .error(409, problem) }
                    return .json(EngineViews.order(engine.kernel.orders[order.id] ?? order))
                }
            }
        }
        router.get("/api/v1/risk") { request, _ in
            await api.handle(request, role: .viewer, routeClass: "read") { _, _ in await api.gate.perform { .json(EngineViews.risk($0)) } }
        }
        for (path, command) in [("halt", RiskCommand.halt), ("resume", .resume), ("flatten", .flatten)] {
            router.post(RouterPath("/api/v1/risk/\(path)")) { request, _ in
                await api.handle(request, role: .admin, routeClass: "admin") { token, body in await api.risk(command, body, source: "api:\(token.id)") }
            }
        }
        router.get("/api/v1/data/symbols") { request, _ in
            await api.handle(request, role: .viewer, routeClass: "read") { _, _ in await api.gate.perform { .json($0.feedSymbols) } }
        }
        router.get("/api/v1/data/bars/:symbol") { request, context in
            let code = context.parameters.get("symbol") ?? ""
            let limit = request.uri.queryParameters.get("limit", as: Int.self) ?? 100
            return await api.handle(request, role: .viewer, routeClass: "read") { _, _ in
                guard let symbol = Symbol(code) else { return .error(400, "'\(code)' is not a symbol code") }
                guard limit > 0 else { return .error(400, "limit must be positive") }
                return await api.gate.perform { engine in
                    .json(engine.kernel.history(symbol, count: limit).map { bar in
                        ["time": bar.time.kst, "open": bar.open.doubleValue, "high": bar.high.doubleValue, "low": bar.low.doubleValue,
                         "close": bar.close.doubleValue, "volume": bar.volume] as [String: Any]
                    })
                }
            }
        }
    }

    /// A hot read from the snapshots (at most their interval old, never older than the caller's
    /// last command); through the gate when there are none.
    func snapshot(_ name: String, fallback: @escaping @Sendable (LiveEngine) -> APIReply) async -> APIReply {
        if let body = snapshots?.body(name) { return APIReply(status: 200, body: body) }
        return await gate.perform(fallback)
    }

    /// Strategies: list, enable, disable, reload, parameters, reload history.
    func addStrategyRoutes(_ router: Router<BasicRequestContext>) {
        let api = self
        router.get("/api/v1/strategies") { request, _ in
            await api.handle(request, role: .viewer, routeClass: "read") { _, _ in await api.gate.perform { .json(EngineViews.strategies($0)) } }
        }
        for (action, enabled) in [("enable", true), ("disable", false)] {
            router.post(RouterPath("/api/v1/strategies/:name/\(action)")) { request, context in
                let name = context.parameters.get("name") ?? ""
                return await api.handle(request, role: .admin, routeClass: "admin") { token, _ in
                    await api.gate.perform { engine in
                        guard let state = engine.setEnabled(name, enabled, source: "api:\(token.id)") else { return .error(404, "no strategy is named \(name)") }
                        return .json(["name": state.name, "enabled": state.enabled, "health": state.health])
                    }
                }
            }
        }
        router.get("/api/v1/strategies/:name/reloads") { request, context in
            let name = context.parameters.get("name") ?? ""
            return await api.handle(request, role: .viewer, routeClass: "read") { _, _ in
                await api.gate.perform { engine in engine.reloadHistory(of: name).map { .json($0) } ?? .error(404, "no strategy is named \(name)") }
            }
        }
        router.post("/api/v1/strategies/:name/params") { request, context in
            let name = context.parameters.get("name") ?? ""
            return await api.handle(request, role: .admin, routeClass: "admin") { token, body in await api.setParameter(name, body, source: "api:\(token.id)") }
        }
        router.post("/api/v1/strategies/:name/reload") { request, context in
            let name = context.parameters.get("name") ?? ""
            return await api.handle(request, role: .admin, routeClass: "admin") { token, _ in
                await api.gate.perform { engine in
                    engine.queueReload(name, source: "api:\(token.id)") ? .json(["name": name, "reload": "queued"], status: 202) : .error(404, "no strategy is named \(name)")
                }
            }
        }
    }
}
