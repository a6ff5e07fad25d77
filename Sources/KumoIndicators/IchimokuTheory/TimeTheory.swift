/// Ichimoku time theory (時間論): counts bars between swings and projects likely turning bars
/// from basic numbers (基本数値) and equal spans (対等数値, 대등수치).
///
/// Counting follows Hosoda: the swing bar is day 1, so "day n" from a swing at index i is
/// i + n − 1 and a leg from i0 to i1 spans i1 − i0 + 1 days (`inclusive`); pass
/// `inclusive: false` for the software convention i + n.
public enum TimeTheory {
    /// The basic numbers; 226 stands for the 200–257 range.
    public static let basicNumbers = [9, 17, 26, 33, 42, 65, 76, 129, 172, 226]

    /// A projected turning bar and the rule that produced it.
    public struct Projection: Sendable, Hashable {
        public enum Rule: Sendable, Hashable {
            /// A basic number counted from a swing.
            case basicNumber(Int, from: Int)
            /// An equal span: past leg durations (by position among the last three legs) repeated from the latest swing.
            case equalSpan(Int, legs: [Int])
        }

        public var bar: Int
        public var rule: Rule

        public init(bar: Int, rule: Rule) {
            self.bar = bar
            self.rule = rule
        }
    }

    /// The bar index of day `n` counted from a swing at `index`.
    public static func dayIndex(from index: Int, day n: Int, inclusive: Bool = true) -> Int {
        inclusive ? index + n - 1 : index + n
    }

    /// The length of a leg between two swing indices, in days.
    public static func span(from start: Int, to end: Int, inclusive: Bool = true) -> Int {
        inclusive ? end - start + 1 : end - start
    }

    /// Bars after `lastBar` that a basic number counted from one of `swings` lands on.
    public static func basicNumberProjections(
        from swings: [SwingPoint], after lastBar: Int, inclusive: Bool = true, numbers: [Int] = basicNumbers
    ) -> [Projection] {
        swings.flatMap { swing in
            numbers.compactMap { n in
                let bar = dayIndex(from: swing.index, day: n, inclusive: inclusive)
                return bar > lastBar ? Projection(bar: bar, rule: .basicNumber(n, from: swing.index)) : nil
            }
        }
    }

    /// Equal-span projections: the last three completed legs d1, d2, d3 and their joins
    /// (d1 + d2 − 1, d2 + d3 − 1, d1 + d2 + d3 − 2 when inclusive), each counted from the latest swing.
    public static func equalSpanProjections(from swings: [SwingPoint], inclusive: Bool = true) -> [Projection] {
        guard swings.count >= 2, let origin = swings.last?.index else { return [] }
        let legs = zip(swings, swings.dropFirst()).map { span(from: $0.index, to: $1.index, inclusive: inclusive) }
        let last = Array(legs.suffix(3))
        let join = inclusive ? 1 : 0
        var candidates = last.enumerated().map { ($0.element, [$0.offset]) }
        for index in 0..<max(0, last.count - 1) {
            candidates.append((last[index] + last[index + 1] - join, [index, index + 1]))
        }
        if last.count == 3 { candidates.append((last.reduce(0, +) - 2 * join, [0, 1, 2])) }
        return candidates.map { span, used in
            Projection(bar: dayIndex(from: origin, day: span, inclusive: inclusive), rule: .equalSpan(span, legs: used))
        }
    }
}
