/// Ichimoku price theory (價格論): targets from three consecutive swings A, B, C (up: A low,
/// B high, C low; down mirrored). The formulas hold in both directions.
public struct PriceTargets: Sendable, Hashable {
    public var a: Double
    public var b: Double
    public var c: Double

    public init(a: Double, b: Double, c: Double) {
        self.a = a
        self.b = b
        self.c = c
    }

    /// From the last three swings, when there are three.
    public init?(swings: [SwingPoint]) {
        guard swings.count >= 3 else { return nil }
        let last = swings.suffix(3).map(\.price)
        self.init(a: last[0], b: last[1], c: last[2])
    }

    /// Whether the targets lie above C (an up move: A low, B high, C low).
    public var isUp: Bool { b > a }
    /// E: B + (B − A), the doubled first leg from its end (倍加).
    public var e: Double { b + (b - a) }
    /// N: C + (B − A), the first leg repeated from the pullback (N計算値).
    public var n: Double { c + (b - a) }
    /// V: B + (B − C), the pullback mirrored beyond B (倍返し).
    public var v: Double { b + (b - c) }
    /// NT: C + (C − A), the rise of the lows repeated (NT計算値).
    public var nt: Double { c + (c - a) }

    /// The targets by name, in the order E, N, V, NT.
    public var all: [(name: String, price: Double)] { [("E", e), ("N", n), ("V", v), ("NT", nt)] }
}

/// Follows price targets as bars arrive and records the bar each was first reached.
public struct PriceTargetTracker: Sendable, Hashable {
    public let targets: PriceTargets
    /// Target name → index of the bar that reached it.
    public private(set) var reached: [String: Int] = [:]
    private var seen = 0

    public init(targets: PriceTargets) { self.targets = targets }

    /// Feeds a bar; returns the names of the targets it reached first.
    @discardableResult
    public mutating func update(high: Double, low: Double) -> [String] {
        defer { seen += 1 }
        var hits: [String] = []
        for (name, price) in targets.all where reached[name] == nil {
            if targets.isUp ? high >= price : low <= price {
                reached[name] = seen
                hits.append(name)
            }
        }
        return hits
    }
}
