/// The working state of Goldfarb and Idnani's dual method, after QuadProg++ (Di Gaspero): the
/// factor `J = L⁻ᵀ Q` and the upper triangular `R` of the active constraints' QR factorisation,
/// updated by Givens rotations as constraints enter and leave.
struct GoldfarbIdnani {
    let program: QuadraticProgram
    let n: Int
    let equalityCount: Int
    /// Column k of the active set: the constraint's index (equalities first, then `equalityCount + i`).
    var active: [Int]
    var multipliers: [Double]
    var j: Matrix
    var r: Matrix
    var rNorm = 1.0
    var activeCount = 0
    var x: [Double]
    var objective: Double
    let tolerance: Double

    init(_ program: QuadraticProgram) throws(QuadraticProgram.Failure) {
        self.program = program
        n = program.linear.count
        equalityCount = program.equalities.count
        guard let lower = program.hessian.choleskyFactor() else { throw .notPositiveDefinite }
        // J = L⁻ᵀ: column i of L⁻¹ is row i of J.
        j = Matrix(rows: n, columns: n)
        for i in 0..<n {
            var unit = [Double](repeating: 0, count: n)
            unit[i] = 1
            let column = lower.forwardSubstitution(unit)
            for k in 0..<n { j[i, k] = column[k] }
        }
        r = Matrix(rows: n, columns: n)
        let total = program.equalities.count + program.inequalities.count
        active = Array(repeating: -1, count: total + 1)
        multipliers = Array(repeating: 0, count: total + 1)
        let unconstrained = lower.backSubstitutionTransposed(lower.forwardSubstitution(program.linear))
        x = unconstrained.map { -$0 }
        objective = 0.5 * dot(program.linear, x)
        let traceH = program.hessian.diagonal.reduce(0, +)
        let traceJ = j.diagonal.reduce(0, +)
        tolerance = Double(max(total, 1)) * Double.ulpOfOne * traceH * traceJ * 100
    }

    func constraint(_ index: Int) -> QuadraticProgram.Constraint {
        index < equalityCount ? program.equalities[index] : program.inequalities[index - equalityCount]
    }

    /// `aᵀ x − b`: positive when an inequality holds with room to spare.
    func slack(_ index: Int) -> Double {
        let c = constraint(index)
        return dot(c.coefficients, x) - c.bound
    }

    mutating func run() throws(QuadraticProgram.Failure) -> QuadraticProgram.Solution {
        for index in 0..<equalityCount { try addEquality(index) }
        let inequalityCount = program.inequalities.count
        var excluded = Set<Int>()
        outer: while true {
            let isActive = Set(active[equalityCount..<activeCount])
            var worst = 0.0
            var entering = -1
            for i in 0..<inequalityCount where !isActive.contains(equalityCount + i) && !excluded.contains(i) {
                let s = slack(equalityCount + i)
                if s < worst { worst = s; entering = i }
            }
            if entering < 0 || -worst <= tolerance { break }
            let saved = (active, multipliers, x, objective, j, r, activeCount, rNorm)
            switch try enter(equalityCount + entering) {
            case .added: excluded.removeAll()
            case .dependent:
                (active, multipliers, x, objective, j, r, activeCount, rNorm) = saved
                excluded.insert(entering)
            }
            continue outer
        }
        let activeInequalities = active[equalityCount..<activeCount].map { $0 - equalityCount }.sorted()
        return QuadraticProgram.Solution(x: x, objective: objective, activeInequalities: activeInequalities)
    }

    /// Adds equality `index` with a full step (its multiplier may take either sign).
    mutating func addEquality(_ index: Int) throws(QuadraticProgram.Failure) {
        let normal = constraint(index).coefficients
        var d = j.transposed * normal
        let z = primalDirection(d)
        let rStep = dualDirection(d)
        var step = 0.0
        let curvature = dot(z, normal)
        if dot(z, z) > Double.ulpOfOne { step = -slack(index) / curvature }
        for k in 0..<n { x[k] += step * z[k] }
        multipliers[activeCount] = step
        for k in 0..<activeCount { multipliers[k] -= step * rStep[k] }
        objective += 0.5 * step * step * curvature
        active[activeCount] = index
        guard addToFactorisation(&d) else { throw .dependentEqualities(constraint(index).name) }
    }

    enum Entry { case added, dependent }

    /// Steps toward satisfying violated inequality `index`, dropping active inequalities whose
    /// multipliers would turn negative, until it holds with equality (Goldfarb–Idnani step 2).
    mutating func enter(_ index: Int) throws(QuadraticProgram.Failure) -> Entry {
        let normal = constraint(index).coefficients
        multipliers[activeCount] = 0
        active[activeCount] = index
        while true {
            var d = j.transposed * normal
            let z = primalDirection(d)
            let rStep = dualDirection(d)
            var partial = Double.infinity
            var leaving = -1
            for k in equalityCount..<activeCount where rStep[k] > 0 {
                let ratio = multipliers[k] / rStep[k]
                if ratio < partial { partial = ratio; leaving = active[k] }
            }
            let curvature = dot(z, normal)
            let full = dot(z, z) > Double.ulpOfOne ? -slack(index) / curvature : Double.infinity
            let step = min(partial, full)
            guard step.isFinite else { throw .infeasible(constraint(index).name) }
            if !full.isFinite {
                for k in 0..<activeCount { multipliers[k] -= step * rStep[k] }
                multipliers[activeCount] += step
                removeFromFactorisation(leaving)
                continue
            }
            for k in 0..<n { x[k] += step * z[k] }
            objective += step * curvature * (0.5 * step + multipliers[activeCount])
            for k in 0..<activeCount { multipliers[k] -= step * rStep[k] }
            multipliers[activeCount] += step
            if step == full {
                return addToFactorisation(&d) ? .added : .dependent
            }
            removeFromFactorisation(leaving)
        }
    }

    /// `z = J₂ d₂`: the step in x that keeps the active constraints as they are.
    func primalDirection(_ d: [Double]) -> [Double] {
        var z = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var sum = 0.0
            for k in activeCount..<n { sum += j[i, k] * d[k] }
            z[i] = sum
        }
        return z
    }

    /// `r = R⁻¹ d₁`: how the active multipliers change per unit of the entering one.
    func dualDirection(_ d: [Double]) -> [Double] {
        var result = [Double](repeating: 0, count: activeCount)
        for i in stride(from: activeCount - 1, through: 0, by: -1) {
            var sum = 0.0
            for k in (i + 1)..<max(i + 1, activeCount) { sum += r[i, k] * result[k] }
            result[i] = (d[i] - sum) / r[i, i]
        }
        return result
    }
}
