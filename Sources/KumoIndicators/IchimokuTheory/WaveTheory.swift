/// Ichimoku wave theory (波動論): names the shape of the latest swings.
public enum WaveTheory {
    /// The wave shapes: one leg (I), two (V), three with a higher high/lower low (N),
    /// contracting (P: lower highs, higher lows) and expanding (Y: higher highs, lower lows).
    public enum Shape: String, Sendable, Hashable { case none, i = "I", v = "V", n = "N", p = "P", y = "Y" }

    /// The shape of the latest swings and its direction (+1 up, −1 down, 0 for P and Y).
    public static func classify(_ swings: [SwingPoint]) -> (shape: Shape, direction: Int) {
        guard swings.count >= 2 else { return (.none, 0) }
        if swings.count >= 5 {
            let recent = swings.suffix(5)
            let highs = recent.filter { $0.kind == .high }.map(\.price)
            let lows = recent.filter { $0.kind == .low }.map(\.price)
            if highs.count >= 2 && lows.count >= 2 {
                let lowerHighs = zip(highs, highs.dropFirst()).allSatisfy { $1 < $0 }
                let higherHighs = zip(highs, highs.dropFirst()).allSatisfy { $1 > $0 }
                let higherLows = zip(lows, lows.dropFirst()).allSatisfy { $1 > $0 }
                let lowerLows = zip(lows, lows.dropFirst()).allSatisfy { $1 < $0 }
                if lowerHighs && higherLows { return (.p, 0) }
                if higherHighs && lowerLows { return (.y, 0) }
            }
        }
        if swings.count >= 4 {
            let legs = Array(swings.suffix(4))
            let (a, b, c, d) = (legs[0], legs[1], legs[2], legs[3])
            if a.kind == .low && c.price > a.price && d.price > b.price { return (.n, 1) }
            if a.kind == .high && c.price < a.price && d.price < b.price { return (.n, -1) }
        }
        let direction = swings.last!.kind == .high ? 1 : -1
        return (swings.count >= 3 ? .v : .i, direction)
    }
}
