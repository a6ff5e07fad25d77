/// A swing high or low: a turning point of price, the unit of Ichimoku's time, price and wave theories.
public struct SwingPoint: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable { case high = "H", low = "L" }

    /// The bar index (0-based) where the swing is.
    public var index: Int
    public var price: Double
    public var kind: Kind
    /// Whether the bars that confirm it have closed; the last swing of a series is provisional.
    public var isConfirmed: Bool

    public init(index: Int, price: Double, kind: Kind, isConfirmed: Bool = true) {
        self.index = index
        self.price = price
        self.kind = kind
        self.isConfirmed = isConfirmed
    }
}
