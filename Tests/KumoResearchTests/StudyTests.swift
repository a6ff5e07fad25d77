import Foundation
import KumoResearch
import Testing

/// Parameter spaces, constraints, samplers and the study store, on objectives known in closed form.
struct StudyTests {
    /// A smooth bowl with its top at x = 37, y = 12 on a 100 × 100 grid.
    static func bowl(_ context: Study.TrialContext) -> Trial {
        let x = context.parameters["x"]!.number!
        let y = context.parameters["y"]!.number!
        let value = -((x - 37) * (x - 37) + (y - 12) * (y - 12))
        return Trial(number: 0, indices: [], parameters: context.parameters, state: .complete, value: value, intermediate: [value])
    }

    static let space = try! ParameterSpace(parsing: ["x=0:99:1", "y=0:99:1"])

    @Test func spacesParseRangesAndChoicesAndRefuseNonsense() throws {
        let space = try ParameterSpace(parsing: ["fast=5:50:5", "stop=0.01:0.05:0.01", "mode=a,b"])
        #expect(space.parameters.map(\.values.count) == [10, 5, 2])
        #expect(space.parameters[1].values.last == .number(0.05))
        #expect(space.size == 100)
        #expect(space.parameters[2].isOrdered == false)
        #expect(throws: ResearchError.invalidInput("--param 'fast=50:5:5': needs low ≤ high and a positive step")) {
            try ParameterSpace(parsing: ["fast=50:5:5"])
        }
        #expect(throws: ResearchError.invalidInput("--param 'fast' must be name=low:high:step or name=a,b,c")) { try ParameterSpace(parsing: ["fast"]) }
        #expect(throws: ResearchError.invalidInput("--param 'a=1:2:1': a is given twice")) { try ParameterSpace(parsing: ["a=1,2", "a=1:2:1"]) }
    }

    @Test func constraintsFilterTheGridAndNameTheirErrors() throws {
        let space = try ParameterSpace(parsing: ["fast=5:50:5", "slow=20:200:10"])
        let constraint = try ParameterConstraint("fast*2 < slow and slow - fast >= 30", names: ["fast", "slow"])
        let study = Study(space: space, constraint: constraint, objective: .sharpe, sampler: GridSampler(), seed: 1, workers: 2)
        let trials = try study.run(trials: 1000, store: nil) { context in
            Trial(number: 0, indices: [], parameters: context.parameters, state: .complete, value: 0)
        }
        var expected = 0
        for fast in stride(from: 5, through: 50, by: 5) {
            for slow in stride(from: 20, through: 200, by: 10) where fast * 2 < slow && slow - fast >= 30 { expected += 1 }
        }
        #expect(trials.count == expected)
        #expect(Set(trials.map(\.indices)).count == expected)
        #expect(throws: ResearchError.invalidInput("--constraint 'fast < slw': 'slw' is not a searched parameter (fast, slow) at character 8")) {
            try ParameterConstraint("fast < slw", names: ["fast", "slow"])
        }
        #expect(throws: ResearchError.invalidInput("--constraint 'fast slow': expected a comparison (<, <=, >, >=, ==, !=) at character 6")) {
            try ParameterConstraint("fast slow", names: ["fast", "slow"])
        }
    }

    @Test func tpeBeatsRandomSearchOnASmoothObjective() throws {
        // Over ten seeds, TPE's best after 60 trials is closer to the top than random search's.
        var tpeTotal = 0.0
        var randomTotal = 0.0
        for seed: UInt64 in 1...10 {
            let tpe = Study(space: Self.space, constraint: nil, objective: .sharpe, sampler: TPESampler(), seed: seed, workers: 1)
            let random = Study(space: Self.space, constraint: nil, objective: .sharpe, sampler: RandomSampler(), seed: seed, workers: 1)
            tpeTotal += Study.best(try tpe.run(trials: 60, store: nil, evaluate: Self.bowl))!.value!
            randomTotal += Study.best(try random.run(trials: 60, store: nil, evaluate: Self.bowl))!.value!
        }
        #expect(tpeTotal / 10 > randomTotal / 10 * 0.5, "TPE mean best \(tpeTotal / 10), random \(randomTotal / 10)")
        #expect(tpeTotal / 10 > -15)
    }

    @Test func aSeededStudyIsTheSameOnAnyNumberOfWorkers() throws {
        let one = Study(space: Self.space, constraint: nil, objective: .sharpe, sampler: TPESampler(), seed: 42, workers: 1)
        var two = one
        two.workers = 2
        let a = try one.run(trials: 30, store: nil, evaluate: Self.bowl).map(\.parameters)
        let b = try one.run(trials: 30, store: nil, evaluate: Self.bowl).map(\.parameters)
        #expect(a == b)
        // Batches of two see one trial less of history than batches of one; both stay seeded.
        let c = try two.run(trials: 30, store: nil, evaluate: Self.bowl).map(\.parameters)
        let d = try two.run(trials: 30, store: nil, evaluate: Self.bowl).map(\.parameters)
        #expect(c == d)
    }

    @Test func anInterruptedStudyResumesWhereItStopped() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kumo-study-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let definition = ["strategy": "bowl", "objective": "sharpe", "method": "tpe", "seed": "9"]
        let study = Study(space: Self.space, constraint: nil, objective: .sharpe, sampler: TPESampler(), seed: 9, workers: 2)
        let whole = try study.run(trials: 24, store: nil, evaluate: Self.bowl)
        let path = folder.appendingPathComponent("study.sqlite").path
        // Stop after 10, reopen the file, finish: the same 24 trials as the run that never stopped.
        _ = try study.run(trials: 10, store: StudyStore(path: path, definition: definition), evaluate: Self.bowl)
        let resumed = try study.run(trials: 24, store: StudyStore(path: path, definition: definition), evaluate: Self.bowl)
        #expect(resumed.map(\.parameters) == whole.map(\.parameters))
        #expect(try StudyStore(path: path, definition: definition).trials().count == 24)
        var other = definition
        other["objective"] = "sortino"
        #expect(throws: ResearchError.store(
            "\(path) holds a study with objective = sharpe, not sortino; resume it with the same settings or name another --study file")) {
            try StudyStore(path: path, definition: other)
        }
    }
}
