import Foundation
import KumoCore
import KumoEngine
import KumoLive
import KumoRisk

/// The read-only views of the running engine, as JSON (built on the engine thread).
enum EngineViews {
    static func order(_ order: Order) -> [String: Any] {
        var result: [String: Any] = [
            "id": order.id.value, "strategy": order.strategy, "symbol": order.symbol.code, "side": order.side.rawValue, "qty": order.quantity,
            "filled": order.filledQuantity, "type": order.type.name, "status": order.status.rawValue,
        ]
        if let price = order.type.namedPrices.first { result["price"] = price.doubleValue }
        return result
    }

    static func account(_ engine: LiveEngine) -> [String: Any] {
        let kernel = engine.kernel
        let cash = kernel.portfolio.cash.doubleValue
        return [
            "cash": cash, "equity": kernel.equity, "realized_pnl": kernel.portfolio.realizedPnL.doubleValue,
            "unrealized_pnl": kernel.equity - cash - kernel.portfolio.costBasis.doubleValue, "commission": kernel.portfolio.commissionPaid.doubleValue,
            "tax": kernel.portfolio.taxPaid.doubleValue, "halted": kernel.haltReason as Any, "events": kernel.eventIndex,
            "open_orders": kernel.openOrders().count, "fills": kernel.fills.count,
        ]
    }

    static func positions(_ engine: LiveEngine) -> [[String: Any]] {
        let kernel = engine.kernel
        return kernel.portfolio.positions.sorted { $0.key < $1.key }.filter { $0.value.quantity != 0 }.map { symbol, position in
            let mark = kernel.lastBars[symbol]?.close.doubleValue ?? position.averagePrice
            return [
                "symbol": symbol.code, "qty": position.quantity, "avg_price": position.averagePrice, "last": mark,
                "unrealized_pnl": mark * Double(position.quantity) - position.costBasis.doubleValue, "realized_pnl": position.realizedPnL.doubleValue,
            ]
        }
    }

    static func fills(_ engine: LiveEngine, limit: Int) -> [[String: Any]] {
        engine.kernel.fills.suffix(max(0, limit)).map { fill in
            [
                "time": fill.time.kst, "strategy": fill.strategy, "symbol": fill.symbol.code, "side": fill.side.rawValue, "qty": fill.quantity,
                "price": fill.price.doubleValue, "commission": fill.commission.doubleValue, "tax": fill.tax.doubleValue, "order_id": fill.order.value,
            ]
        }
    }

    static func strategies(_ engine: LiveEngine) -> [[String: Any]] {
        engine.strategyStates.map {
            ["name": $0.name, "version": $0.version, "health": $0.health, "enabled": $0.enabled, "failures": $0.failures, "file": $0.file, "memory": $0.memory]
        }
    }
}

extension EngineViews {
    static func risk(_ engine: LiveEngine) -> [String: Any] {
        let kernel = engine.kernel
        let limits = kernel.configuration.risk
        let optional: (Double?) -> Any = { $0 ?? NSNull() }
        return [
            "halted": kernel.haltReason as Any, "day_start_equity": kernel.dayStartEquity, "equity": kernel.equity,
            "daily_pnl": kernel.equity - kernel.dayStartEquity,
            "limits": [
                "max_position_value": optional(limits.maxPositionValue), "max_order_value": optional(limits.maxOrderValue),
                "max_gross_exposure": optional(limits.maxGrossExposure), "max_orders_per_second": limits.maxOrdersPerSecond.map { $0 as Any } ?? NSNull(),
                "max_daily_loss": optional(limits.maxDailyLoss), "max_price_deviation": optional(limits.maxPriceDeviation),
            ],
            "rejected": kernel.orders.values.count { $0.status == .rejected },
        ]
    }
}
