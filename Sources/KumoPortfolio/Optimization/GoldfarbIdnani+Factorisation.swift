/// The Givens updates of `J` and `R` when a constraint enters or leaves the active set.
extension GoldfarbIdnani {
    /// Rotates `d = Jᵀ a` so that only its first `activeCount + 1` entries are nonzero, appends
    /// it as R's next column and counts the constraint active. False when the constraint is
    /// linearly dependent on the active ones (R would be singular).
    mutating func addToFactorisation(_ d: inout [Double]) -> Bool {
        var column = n - 1
        while column >= activeCount + 1 {
            defer { column -= 1 }
            var cc = d[column - 1]
            var ss = d[column]
            let h = (cc * cc + ss * ss).squareRoot()
            if h == 0 { continue }
            d[column] = 0
            ss /= h
            cc /= h
            if cc < 0 {
                cc = -cc
                ss = -ss
                d[column - 1] = -h
            } else {
                d[column - 1] = h
            }
            let xny = ss / (1 + cc)
            for k in 0..<n {
                let t1 = j[k, column - 1]
                let t2 = j[k, column]
                j[k, column - 1] = t1 * cc + t2 * ss
                j[k, column] = xny * (t1 + j[k, column - 1]) - t2
            }
        }
        activeCount += 1
        for i in 0..<activeCount { r[i, activeCount - 1] = d[i] }
        if abs(d[activeCount - 1]) <= Double.ulpOfOne * rNorm {
            activeCount -= 1
            return false
        }
        rNorm = max(rNorm, abs(d[activeCount - 1]))
        return true
    }

    /// Removes active constraint `index` and restores R's triangular shape.
    mutating func removeFromFactorisation(_ index: Int) {
        guard let position = (equalityCount..<activeCount).first(where: { active[$0] == index }) else { return }
        for i in position..<(activeCount - 1) {
            active[i] = active[i + 1]
            multipliers[i] = multipliers[i + 1]
            for row in 0..<n { r[row, i] = r[row, i + 1] }
        }
        active[activeCount - 1] = active[activeCount]
        multipliers[activeCount - 1] = multipliers[activeCount]
        active[activeCount] = -1
        multipliers[activeCount] = 0
        for row in 0..<activeCount { r[row, activeCount - 1] = 0 }
        activeCount -= 1
        guard activeCount > 0 else { return }
        for col in position..<activeCount {
            var cc = r[col, col]
            var ss = r[col + 1, col]
            let h = (cc * cc + ss * ss).squareRoot()
            if h == 0 { continue }
            cc /= h
            ss /= h
            r[col + 1, col] = 0
            if cc < 0 {
                r[col, col] = -h
                cc = -cc
                ss = -ss
            } else {
                r[col, col] = h
            }
            let xny = ss / (1 + cc)
            for k in (col + 1)..<max(col + 1, activeCount) {
                let t1 = r[col, k]
                let t2 = r[col + 1, k]
                r[col, k] = t1 * cc + t2 * ss
                r[col + 1, k] = xny * (t1 + r[col, k]) - t2
            }
            for k in 0..<n {
                let t1 = j[k, col]
                let t2 = j[k, col + 1]
                j[k, col] = t1 * cc + t2 * ss
                j[k, col + 1] = xny * (j[k, col] + t1) - t2
            }
        }
    }
}
