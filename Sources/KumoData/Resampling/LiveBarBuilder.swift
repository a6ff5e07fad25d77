public import KumoCore

/// Builds bars from a live stream of trades, one symbol at a time: a bar closes when the first
/// trade of the next bucket arrives (or ``close(before:)`` says its time is over), with the same
/// buckets as ``BarResampler``.
public struct LiveBarBuilder: Sendable {
    public let resampler: BarResampler
    private var open: [Symbol: (key: Int64, bar: Bar)] = [:]

    public init(timeframe: Timeframe) { resampler = BarResampler(target: timeframe) }

    /// Adds a trade; returns the bar it closed, if it started a new bucket.
    public mutating func add(_ tick: Tick, of symbol: Symbol) -> Bar? {
        let (key, start) = resampler.bucket(of: tick.time)
        guard let current = open[symbol] else {
            open[symbol] = (key, Bar(time: start, open: tick.price, high: tick.price, low: tick.price, close: tick.price, volume: tick.quantity))
            return nil
        }
        if current.key == key {
            let bar = current.bar
            open[symbol] = (key, Bar(time: bar.time, open: bar.open, high: max(bar.high, tick.price), low: min(bar.low, tick.price), close: tick.price, volume: bar.volume + tick.quantity))
            return nil
        }
        open[symbol] = (key, Bar(time: start, open: tick.price, high: tick.price, low: tick.price, close: tick.price, volume: tick.quantity))
        return current.bar
    }

    /// Closes the bars whose bucket ends at or before `time` (a quiet symbol's last minute), oldest symbol first.
    public mutating func close(before time: Timestamp) -> [(symbol: Symbol, bar: Bar)] {
        guard let seconds = resampler.target.seconds else { return [] }
        var closed: [(symbol: Symbol, bar: Bar)] = []
        for symbol in open.keys.sorted() {
            guard let current = open[symbol], current.bar.time.nanoseconds + Int64(seconds) * 1_000_000_000 <= time.nanoseconds else { continue }
            closed.append((symbol, current.bar))
            open[symbol] = nil
        }
        return closed
    }
}
