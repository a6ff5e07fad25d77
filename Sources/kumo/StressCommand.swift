import ArgumentParser
import Foundation
import KumoCore
import KumoEngine
import KumoResearch

/// `kumo stress --data 005930 --position 005930=100 --market 069500`: history's crashes and
/// synthetic shocks replayed on today's holdings.
struct StressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stress", abstract: "Stress-test holdings: historical crashes replayed and synthetic shocks (gap, limit-down, liquidity, volatility).",
        discussion: """
            Episodes: \(StressScenario.standard.compactMap { if case .historical = $0.kind { $0.name } else { nil } }.joined(separator: "; ")). \
            An episode the data does not cover is reported as such; --market supplies an index proxy for holdings without data then.
            """)

    @OptionGroup var market: MarketReplayOptions
    @Option(name: .customLong("position"), help: "Shares held: SYMBOL=SHARES; repeatable.") var positions: [String] = []
    @Option(name: .customLong("weight"), help: "A weight of --cash instead of shares: SYMBOL=0.3; repeatable.") var weights: [String] = []
    @Option(help: "Cash held beside --position holdings.") var cashHeld = 0.0
    @Option(name: .customLong("market"), help: "A bar file or stored symbol of the market (KOSPI or 069500), for holdings without data in an episode.")
    var marketProxy: String?
    @Option(name: .customLong("scenario"), help: "Another episode: NAME=YYYY-MM-DD:YYYY-MM-DD; repeatable.") var extra: [String] = []
    @Option(help: "Write the result as JSON here.") var json: String?
    @Option(help: "Write a self-contained HTML report here.") var report: String?

    func run() throws {
        for (flag, path) in [("--json", json), ("--report", report)] {
            if let path { try OutputPath.prepare(path, flag: flag) }
        }
        guard positions.isEmpty != weights.isEmpty else { throw ValidationError("give the holdings with --position SYMBOL=SHARES or with --weight SYMBOL=W, one of the two") }
        let series = try market.series()
        let offset = KRXSessions.utcOffsetSeconds
        func history(_ bars: [Bar]) -> [(date: CivilDate, close: Double, volume: Double)] {
            bars.map { (CivilDate($0.time, utcOffsetSeconds: offset), $0.close.doubleValue, Double($0.volume)) }
        }
        let amounts = try (positions.isEmpty ? weights : positions).map { try PortfolioCommand.number($0, flag: positions.isEmpty ? "--weight" : "--position") }
        var holdings: [StressTest.Holding] = []
        var cash = cashHeld
        let capital = try market.engineConfiguration().cash.doubleValue
        for (code, amount) in amounts {
            guard let item = series.first(where: { $0.symbol.code == code }) else {
                throw ValidationError("\(code) is held but no --data source is \(code) (they are: \(series.map(\.symbol.code).joined(separator: ", ")))")
            }
            let price = item.bars.last!.close.doubleValue
            let shares = positions.isEmpty ? (amount * capital / price).rounded(.down) : amount
            holdings.append(.init(symbol: item.symbol, shares: shares, history: history(item.bars)))
        }
        if !weights.isEmpty { cash = capital - holdings.reduce(0) { $0 + $1.shares * ($1.history.last?.close ?? 0) } }
        let proxy = try marketProxy.map { try market.loadSeries($0).bars }.map { history($0).map { ($0.date, $0.close) } } ?? []
        let extraScenarios = try extra.map { text in
            guard let scenario = StressScenario(parsing: text) else { throw ValidationError("--scenario '\(text)' must be NAME=YYYY-MM-DD:YYYY-MM-DD, the first date earlier") }
            return scenario
        }
        let test = StressTest(holdings: holdings, cash: cash, market: proxy)
        let rows = test.run(StressScenario.standard + extraScenarios)
        print(String(format: "holdings       value %.0f (%.0f in cash)", test.value, cash))
        let table = StressReport.rows(rows)
        for row in [StressReport.header] + table {
            print(row[0].padding(toLength: 34, withPad: " ", startingAt: 0) + row[1].leftPadded(14) + row[2].leftPadded(9) + row[3].leftPadded(10)
                + row[4].leftPadded(16) + "  " + row[5])
        }
        let holdingRows = holdings.map { [$0.symbol.code, String(format: "%.0f", $0.shares), String(format: "%.0f", $0.history.last?.close ?? 0),
                                          String(format: "%.0f", $0.shares * ($0.history.last?.close ?? 0))] }
        if let json {
            let body: [String: Any] = [
                "value": test.value, "cash": cash,
                "holdings": holdings.map { ["symbol": $0.symbol.code, "shares": $0.shares, "price": $0.history.last?.close ?? 0] },
                "scenarios": rows.map { row -> [String: Any] in
                    [
                        "scenario": row.scenario, "loss": row.loss.isNaN ? NSNull() : row.loss, "loss_fraction": row.lossFraction.isNaN ? NSNull() : row.lossFraction,
                        "worst_day": row.worstDay.isNaN ? NSNull() : row.worstDay, "days_to_recover": row.daysToRecover as Any, "note": row.note ?? "",
                    ]
                },
            ]
            try JSONSerialization.data(withJSONObject: body, options: [.prettyPrinted, .sortedKeys]).write(to: URL(fileURLWithPath: json))
        }
        if let report {
            try StressReport.html(title: "Stress test", holdings: holdingRows, rows: rows).write(toFile: report, atomically: true, encoding: .utf8)
        }
    }
}

extension String {
    /// The text right-aligned in `width` columns.
    func leftPadded(_ width: Int) -> String { count >= width ? " " + self : String(repeating: " ", count: width - count) + self }
}
