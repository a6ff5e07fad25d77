public import KumoCore

/// A run's economic series, point in time: at any moment a reader sees, for each period, the
/// latest value published by then (a revision replaces a value only from its own publication).
public final class EconFeed: @unchecked Sendable {
    // @unchecked Sendable: built once, then read only.
    struct Series {
        /// Every vintage, by publication.
        var vintages: [EconObservation]
        /// For each i, the index of the vintage of the latest period among `vintages[0...i]` (a later vintage wins a tie).
        var newest: [Int]
        var periods: [EconPeriod]
        var byPeriod: [EconPeriod: [EconObservation]]
    }

    private let series: [String: Series]

    public init(_ observations: [EconObservation]) {
        var grouped: [String: [EconObservation]] = [:]
        for o in observations { grouped[o.series, default: []].append(o) }
        series = grouped.mapValues { list in
            let vintages = list.sorted { ($0.publishedAt, $0.period) < ($1.publishedAt, $1.period) }
            var newest: [Int] = []
            newest.reserveCapacity(vintages.count)
            for (index, vintage) in vintages.enumerated() {
                if let best = newest.last, vintages[best].period > vintage.period { newest.append(best) } else { newest.append(index) }
            }
            let byPeriod = Dictionary(grouping: vintages, by: \.period)
            return Series(vintages: vintages, newest: newest, periods: byPeriod.keys.sorted(), byPeriod: byPeriod)
        }
    }

    /// The series the feed holds.
    public var names: [String] { series.keys.sorted() }

    /// The last `count` periods of `name` known at `now`, each at its latest vintage by then,
    /// oldest first; nil when the feed has no such series.
    public func history(_ name: String, count: Int, now: Timestamp) -> [EconObservation]? {
        guard let s = series[name] else { return nil }
        var low = 0, high = s.vintages.count
        while low < high {
            let middle = (low + high) / 2
            if s.vintages[middle].publishedAt > now { high = middle } else { low = middle + 1 }
        }
        guard low > 0, count > 0 else { return [] }
        let top = s.vintages[s.newest[low - 1]].period
        var index = s.periods.lastIndex(of: top) ?? -1
        var out: [EconObservation] = []
        while index >= 0, out.count < count {
            if let known = s.byPeriod[s.periods[index]]?.last(where: { $0.publishedAt <= now }) { out.append(known) }
            index -= 1
        }
        return out.reversed()
    }
}

