/// A strictly convex quadratic program: minimise `½ xᵀ H x + cᵀ x` subject to linear equalities
/// `aᵀ x = b` and inequalities `aᵀ x ≥ b`. Every mean-variance portfolio is one.
public struct QuadraticProgram: Sendable {
    /// One linear constraint `coefficients · x (= or ≥) bound`, with a name for error messages.
    public struct Constraint: Sendable {
        public var coefficients: [Double]
        public var bound: Double
        public var name: String

        public init(_ coefficients: [Double], _ bound: Double, name: String) {
            self.coefficients = coefficients
            self.bound = bound
            self.name = name
        }
    }

    public var hessian: Matrix
    public var linear: [Double]
    public var equalities: [Constraint]
    public var inequalities: [Constraint]

    public init(hessian: Matrix, linear: [Double], equalities: [Constraint] = [], inequalities: [Constraint] = []) {
        precondition(hessian.rows == hessian.columns && hessian.rows == linear.count, "the QP's Hessian and linear term disagree in size")
        precondition((equalities + inequalities).allSatisfy { $0.coefficients.count == linear.count }, "a constraint has the wrong length")
        self.hessian = hessian
        self.linear = linear
        self.equalities = equalities
        self.inequalities = inequalities
    }

    /// Why a program has no solution.
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        case notPositiveDefinite
        case infeasible(String)
        case dependentEqualities(String)

        public var description: String {
            switch self {
            case .notPositiveDefinite: "the covariance matrix is not positive definite (collinear or constant assets?)"
            case .infeasible(let name): "the constraints cannot all hold (first one in conflict: \(name))"
            case .dependentEqualities(let name): "the equality constraint \(name) repeats the others"
            }
        }
    }

    /// The solution and the multipliers of the constraints active at it.
    public struct Solution: Sendable {
        public var x: [Double]
        public var objective: Double
        /// Indices into `inequalities` of the constraints that hold with equality at `x`.
        public var activeInequalities: [Int]
    }

    /// Solves the program exactly (to rounding) by Goldfarb and Idnani's dual active-set method
    /// (Math. Programming 27, 1983), the algorithm of R's quadprog: it starts from the
    /// unconstrained minimum, so it needs no feasible starting point.
    public func solve() throws(Failure) -> Solution {
        var solver = try GoldfarbIdnani(self)
        return try solver.run()
    }
}
