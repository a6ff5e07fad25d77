import Foundation

/// The API described as OpenAPI 3.1, served at `/api/v1/openapi.json`.
enum OpenAPIDocument {
    struct Route {
        var method: String
        var path: String
        var role: String
        var summary: String
    }

    static let routes: [Route] = [
        Route(method: "get", path: "/api/v1/account", role: "viewer", summary: "Cash, equity, realized and unrealized P&L, costs, halt state, event count."),
        Route(method: "get", path: "/api/v1/positions", role: "viewer", summary: "Open positions with their last price and P&L."),
        Route(method: "get", path: "/api/v1/orders", role: "viewer", summary: "Open orders, oldest first."),
        Route(method: "post", path: "/api/v1/orders", role: "trader", summary: "Place an order {strategy, symbol, side, qty, limit?, tif?}; 409 while halted."),
        Route(method: "delete", path: "/api/v1/orders/{id}", role: "trader", summary: "Cancel an open order."),
        Route(method: "get", path: "/api/v1/fills", role: "viewer", summary: "The last `limit` fills (default 100)."),
        Route(method: "get", path: "/api/v1/strategies", role: "viewer", summary: "Strategies: version, health, enabled, failures."),
        Route(method: "post", path: "/api/v1/strategies/{name}/enable", role: "admin", summary: "Let a strategy receive events again (lifts a quarantine)."),
        Route(method: "post", path: "/api/v1/strategies/{name}/disable", role: "admin", summary: "Stop calling a strategy."),
        Route(method: "post", path: "/api/v1/strategies/{name}/reload", role: "admin", summary: "Reload a strategy from its file at the next gap."),
        Route(method: "get", path: "/api/v1/strategies/{name}/reloads", role: "viewer", summary: "A strategy's reload history, oldest first."),
        Route(method: "post", path: "/api/v1/strategies/{name}/params", role: "admin", summary: "Set a parameter {key, value}."),
        Route(method: "get", path: "/api/v1/data/symbols", role: "viewer", summary: "The feed's symbols, bar counts and spans."),
        Route(method: "get", path: "/api/v1/data/bars/{symbol}", role: "viewer", summary: "A symbol's last `limit` bars (default 100, within the engine's history depth)."),
        Route(method: "post", path: "/api/v1/risk/halt", role: "admin", summary: "Halt new strategy orders {reason?}."),
        Route(method: "post", path: "/api/v1/risk/resume", role: "admin", summary: "Let strategy orders through again."),
        Route(method: "post", path: "/api/v1/risk/flatten", role: "admin", summary: "Sell every long position {symbol?} at market; 409 while halted."),
        Route(method: "get", path: "/api/v1/pnl", role: "viewer", summary: "P&L, peak, drawdown and the equity curve sampled between events."),
        Route(method: "get", path: "/api/v1/risk", role: "viewer", summary: "Halt state, today's P&L and the risk limits."),
        Route(method: "get", path: "/api/v1/alerts", role: "viewer", summary: "Recent alerts, newest first."),
        Route(method: "get", path: "/api/v1/whoami", role: "viewer", summary: "The calling token's id, name and role."),
        Route(method: "get", path: "/api/v1/models", role: "viewer", summary: "The model registry: each model's versions and stages, and whether it is served."),
        Route(method: "get", path: "/api/v1/models/{name}", role: "viewer", summary: "One model's versions, stages, metrics and backtests."),
        Route(method: "post", path: "/api/v1/models/{name}/promote", role: "admin", summary: "Make {version} production (the served model swaps at the next gap)."),
        Route(method: "post", path: "/api/v1/models/{name}/shadow", role: "admin", summary: "Run {version} beside production as its shadow."),
        Route(method: "post", path: "/api/v1/models/{name}/rollback", role: "admin", summary: "Put the previous production back."),
        Route(method: "get", path: "/api/v1/models/{name}/shadow", role: "viewer", summary: "The shadow's online comparison with production (IC, hit rate, virtual P&L)."),
        Route(method: "get", path: "/api/v1/models/{name}/drift", role: "viewer", summary: "PSI of live inputs and predictions against training, and which drifted."),
        Route(method: "post", path: "/api/v1/backtests", role: "trader", summary: "Submit a backtest {strategy, params?, symbols?, from?, to?} over the feed's bars."),
        Route(method: "get", path: "/api/v1/backtests", role: "viewer", summary: "Backtest jobs, newest first."),
        Route(method: "get", path: "/api/v1/backtests/{id}", role: "viewer", summary: "A job's state and progress, and its figures when done."),
        Route(method: "get", path: "/api/v1/backtests/{id}/result", role: "viewer", summary: "A finished job's result as JSON."),
        Route(method: "get", path: "/api/v1/backtests/{id}/report", role: "viewer", summary: "A finished job's HTML report."),
        Route(method: "delete", path: "/api/v1/backtests/{id}", role: "trader", summary: "Cancel a queued or running job."),
        Route(method: "get", path: "/", role: "none", summary: "The dashboard (logs in with a token)."),
        Route(method: "get", path: "/metrics", role: "viewer", summary: "Prometheus text format."),
        Route(method: "get", path: "/health", role: "none", summary: "Liveness."),
        Route(method: "get", path: "/ready", role: "none", summary: "Readiness: the engine answers, the journal is writable, the feed is live and the broker connected (503 otherwise)."),
    ]

    static let json: String = {
        var paths: [String: [String: Any]] = [:]
        for route in routes {
            var operation: [String: Any] = [
                "summary": route.summary, "x-kumo-role": route.role,
                "responses": ["200": ["description": "OK"], "401": ["description": "No or unknown token"], "403": ["description": "Role too low"],
                              "429": ["description": "Rate limited (Retry-After)"]],
            ]
            if route.role != "none" { operation["security"] = [["bearer": [String]()]] }
            paths[route.path, default: [:]][route.method] = operation
        }
        let document: [String: Any] = [
            "openapi": "3.1.0", "info": ["title": "Kumo operator API", "version": "1"], "paths": paths,
            "components": ["securitySchemes": ["bearer": ["type": "http", "scheme": "bearer"]]],
        ]
        let data = (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }()
}
