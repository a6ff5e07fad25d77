import Foundation
import KumoCore

extension StressTest {
    /// Replays the episode on today's holdings: each holding moves as it did then; one without
    /// data then moves as the market proxy did times its beta to the proxy. The path goes on
    /// past the episode (up to two years) to find the day the start value came back.
    func historical(_ name: String, from: CivilDate, to: CivilDate) -> Row {
        let calendar = (market.isEmpty ? holdings.flatMap { $0.history.map(\.date) } : market.map(\.date))
        // The path starts at the last close before the episode, so its first day's move counts.
        let before = calendar.filter { $0 < from }.max()
        let days = (before.map { [$0] } ?? []) + Array(Set(calendar.filter { $0 >= from })).sorted()
        let episodeEnd = days.firstIndex { $0 > to } ?? days.count
        guard before != nil, episodeEnd > 1 else {
            return Row(scenario: name, loss: .nan, lossFraction: .nan, worstDay: .nan, daysToRecover: nil,
                       note: "no data for \(from.description) … \(to.description): import the market (069500 or KOSPI) or the holdings for it")
        }
        let horizon = min(days.count, episodeEnd + 504)
        let marketCloses = Dictionary(market.map { ($0.date, $0.close) }, uniquingKeysWith: { $1 })
        var proxied: [String] = []
        var halted: [String] = []
        var paths: [[Double]] = []
        for holding in holdings {
            let closes = Dictionary(holding.history.map { ($0.date, $0.close) }, uniquingKeysWith: { $1 })
            let volumes = Dictionary(holding.history.map { ($0.date, $0.volume) }, uniquingKeysWith: { $1 })
            let hasOwn = days[0..<episodeEnd].allSatisfy { closes[$0] != nil }
            var factor = 1.0
            var path = [1.0]
            let beta = hasOwn ? 1 : self.beta(closes, marketCloses)
            if !hasOwn { proxied.append("\(holding.symbol) (β \(String(format: "%.2f", beta)))") }
            let frozen = days[0..<episodeEnd].filter { volumes[$0] == 0 }.count
            if frozen > 0 { halted.append("\(holding.symbol) untradable \(frozen) days") }
            for index in 1..<horizon {
                let (previous, today) = (days[index - 1], days[index])
                if hasOwn, let a = closes[previous], let b = closes[today] {
                    factor *= b / a
                } else if let a = marketCloses[previous], let b = marketCloses[today] {
                    factor *= 1 + beta * (b / a - 1)
                }
                path.append(factor)
            }
            paths.append(path)
        }
        let start = value
        let values = (0..<horizon).map { step in cash + zip(holdings, paths).reduce(0) { $0 + $1.0.value * $1.1[step] } }
        let episode = values[0..<episodeEnd]
        let trough = episode.min()!
        let worst = zip(episode, episode.dropFirst()).map { $1 / $0 - 1 }.min() ?? 0
        let troughIndex = values.firstIndex(of: trough)!
        let recovered = values.indices.dropFirst().first { $0 >= troughIndex && values[$0] >= start }
        var notes = ["from the close of \(days[0].description) to \(days[episodeEnd - 1].description)"]
        if !proxied.isEmpty { notes.append("via the market: " + proxied.joined(separator: ", ")) }
        notes += halted
        return Row(
            scenario: name, loss: start - trough, lossFraction: (start - trough) / start, worstDay: worst, daysToRecover: recovered,
            note: notes.joined(separator: "; "))
    }

    /// The holding's beta to the market over their common daily returns (1 with under 60 days).
    func beta(_ closes: [CivilDate: Double], _ market: [CivilDate: Double]) -> Double {
        let common = Set(closes.keys).intersection(market.keys).sorted()
        let pairs = zip(common, common.dropFirst()).map { a, b in (closes[b]! / closes[a]! - 1, market[b]! / market[a]! - 1) }
        guard pairs.count >= 60 else { return 1 }
        let meanX = pairs.reduce(0) { $0 + $1.0 } / Double(pairs.count)
        let meanM = pairs.reduce(0) { $0 + $1.1 } / Double(pairs.count)
        let covariance = pairs.reduce(0) { $0 + ($1.0 - meanX) * ($1.1 - meanM) }
        let variance = pairs.reduce(0) { $0 + ($1.1 - meanM) * ($1.1 - meanM) }
        return variance > 0 ? covariance / variance : 1
    }
}
