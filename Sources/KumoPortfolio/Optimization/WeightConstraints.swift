/// The bounds every optimiser honours: a lower and upper weight per asset (long-only 0…1 by
/// default) and caps on the total weight of a sector.
public struct WeightConstraints: Sendable, Equatable {
    /// A floor and a cap on the summed weight of some assets.
    public struct SectorLimit: Sendable, Equatable {
        public var name: String
        public var members: [Int]
        public var lower: Double
        public var upper: Double

        public init(name: String, members: [Int], lower: Double = 0, upper: Double) {
            self.name = name
            self.members = members
            self.lower = lower
            self.upper = upper
        }
    }

    public var lower: [Double]
    public var upper: [Double]
    public var sectors: [SectorLimit]

    /// The same bounds for each of `count` assets.
    public init(count: Int, lower: Double = 0, upper: Double = 1, sectors: [SectorLimit] = []) {
        self.lower = Array(repeating: lower, count: count)
        self.upper = Array(repeating: upper, count: count)
        self.sectors = sectors
    }

    public init(lower: [Double], upper: [Double], sectors: [SectorLimit] = []) {
        self.lower = lower
        self.upper = upper
        self.sectors = sectors
    }

    /// Refuses bounds that contradict themselves before any solver sees them.
    func validate(count: Int, names: [String]) throws(PortfolioError) {
        guard lower.count == count, upper.count == count else {
            throw .invalidInput("weight bounds are given for \(lower.count) assets, the returns have \(count)")
        }
        for index in 0..<count where !(lower[index] <= upper[index]) {
            throw .invalidInput("asset \(names[index]): lower bound \(lower[index]) is above its upper bound \(upper[index])")
        }
        guard lower.reduce(0, +) <= 1 + 1e-12, upper.reduce(0, +) >= 1 - 1e-12 else {
            throw .invalidInput("weight bounds cannot sum to 1 (lower bounds sum to \(lower.reduce(0, +)), upper to \(upper.reduce(0, +)))")
        }
        for sector in sectors {
            guard sector.lower <= sector.upper else {
                throw .invalidInput("sector \(sector.name): lower limit \(sector.lower) is above its cap \(sector.upper)")
            }
            if let bad = sector.members.first(where: { !(0..<count).contains($0) }) {
                throw .invalidInput("sector \(sector.name) names asset index \(bad), outside 0..<\(count)")
            }
        }
    }

    /// The constraints on weights `w` that sum to `total` (1 for weights, `k` for max Sharpe's
    /// scaled variables), as `a·w ≥ b` rows with `b = 0` when `scaledBySum` (bounds times Σw).
    func inequalities(count: Int, names: [String], scaledBySum: Bool) -> [QuadraticProgram.Constraint] {
        var rows: [QuadraticProgram.Constraint] = []
        func row(_ coefficients: [Double], _ bound: Double, scale: Double, _ name: String) {
            var a = coefficients
            if scaledBySum {
                for k in 0..<count { a[k] -= scale }
                rows.append(.init(a, 0, name: name))
            } else {
                rows.append(.init(a, bound, name: name))
            }
        }
        let redundantUpper = lower.allSatisfy { $0 >= 0 }
        for index in 0..<count {
            var unit = [Double](repeating: 0, count: count)
            unit[index] = 1
            if lower[index] > -.infinity { row(unit, lower[index], scale: lower[index], "\(names[index]) ≥ \(lower[index])") }
            if upper[index] < .infinity, !(redundantUpper && upper[index] >= 1) {
                row(unit.map { -$0 }, -upper[index], scale: -upper[index], "\(names[index]) ≤ \(upper[index])")
            }
        }
        for sector in sectors {
            var members = [Double](repeating: 0, count: count)
            for index in sector.members { members[index] = 1 }
            if sector.lower > 0 { row(members, sector.lower, scale: sector.lower, "sector \(sector.name) ≥ \(sector.lower)") }
            row(members.map { -$0 }, -sector.upper, scale: -sector.upper, "sector \(sector.name) ≤ \(sector.upper)")
        }
        return rows
    }
}
