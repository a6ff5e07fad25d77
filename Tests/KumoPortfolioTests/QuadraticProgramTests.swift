import KumoPortfolio
import Testing

/// The solver on problems with published or hand-derived answers.
struct QuadraticProgramTests {
    @Test func solvesQuadprogsDocumentedExample() throws {
        // R quadprog's solve.QP example: min −(0,5,0)ᵀb + ½bᵀb, Aᵀb ≥ (−8, 2, 0);
        // the documented solution is (0.4761905, 1.0476190, 2.0952381), value −2.380952.
        let program = QuadraticProgram(
            hessian: .identity(3), linear: [0, -5, 0],
            inequalities: [.init([-4, -3, 0], -8, name: "c1"), .init([2, 1, 0], 2, name: "c2"), .init([0, -2, 1], 0, name: "c3")])
        let solution = try program.solve()
        #expect(largestDifference(solution.x, [10.0 / 21, 22.0 / 21, 44.0 / 21]) < 1e-12)
        #expect(abs(solution.objective - (-50.0 / 21)) < 1e-12)
        #expect(solution.activeInequalities == [1, 2])
    }

    @Test func equalitiesAndBoundsByHand() throws {
        // min x² + y² with x + y = 1 and x ≥ 0.7: the bound binds, (0.7, 0.3).
        let program = QuadraticProgram(
            hessian: 2 * .identity(2), linear: [0, 0],
            equalities: [.init([1, 1], 1, name: "sum")], inequalities: [.init([1, 0], 0.7, name: "x ≥ 0.7")])
        #expect(largestDifference(try program.solve().x, [0.7, 0.3]) < 1e-14)
    }

    @Test func conflictingConstraintsAreNamed() {
        let program = QuadraticProgram(
            hessian: .identity(2), linear: [0, 0],
            equalities: [.init([1, 1], 1, name: "sum to 1")],
            inequalities: [.init([1, 0], 0.8, name: "x ≥ 0.8"), .init([0, 1], 0.8, name: "y ≥ 0.8")])
        #expect(throws: QuadraticProgram.Failure.infeasible("y ≥ 0.8")) { try program.solve() }
        let singular = QuadraticProgram(hessian: Matrix([[1, 1], [1, 1]]), linear: [0, 0])
        #expect(throws: QuadraticProgram.Failure.notPositiveDefinite) { try singular.solve() }
    }
}
