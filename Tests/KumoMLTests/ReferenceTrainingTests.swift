import Foundation
import KumoML
import Testing

/// Each reference training run, replayed: the first batch's gradients, every step's loss and the
/// final weights equal PyTorch's within the README's tolerances.
struct ReferenceTrainingTests {
    @Test(arguments: Reference.trained)
    func trainingMatchesPyTorch(_ name: String) throws {
        let folder = Reference.folder.appendingPathComponent(name)
        let model = try Model.load(folder)
        let config = try TrainingConfig.read(folder.appendingPathComponent("train.json"))
        let data = try Reference.tensors(name, "train-data.safetensors")
        let x = Reference.float(data["x"])
        let targets: Targets = switch data["y"] {
        case .int64(_, let values): .classes(values)
        default: .values(Reference.float(data["y"]))
        }
        let trainer = Trainer(model: model, config: config)
        let n = x.shape[0], b = config.batchSize, perSample = x.count / n
        let expectedLosses = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("train-losses.json"))) as! [String: [Double]]
        let gradients = try Reference.tensors(name, "train-grads-step0.safetensors")
        let final = try Reference.tensors(name, "train-final-weights.safetensors")
        #expect(Set(gradients.keys) == Set(model.parameters.map(\.name)), "gradient names")
        for step in 0..<config.steps! {
            let indices = (0..<b).map { (step * b + $0) % n }
            let batch = Tensor(shape: [b] + x.shape.dropFirst(), data: indices.flatMap { x.data[$0 * perSample..<($0 + 1) * perSample] })
            let loss = trainer.lossAndGradients(batch, targets.rows(indices))
            let expected = expectedLosses["loss"]![step]
            #expect(abs(Double(loss) - expected) <= 1e-4 * abs(expected), "\(name) step \(step): loss \(loss) vs \(expected)")
            if step == 0 {
                for parameter in model.parameters {
                    let theirs = Reference.float(gradients[parameter.name])
                    let largest = theirs.data.map(abs).max() ?? 0
                    let worst = parameter.gradient.maxAbsDifference(theirs)
                    #expect(worst <= 1e-4 * largest, "\(name) \(parameter.name): gradient off by \(worst) (largest \(largest))")
                }
            }
            trainer.update(step: step, of: config.steps!)
        }
        for parameter in model.parameters {
            let worst = parameter.value.maxAbsDifference(Reference.float(final[parameter.name]))
            #expect(worst <= 5e-4, "\(name) \(parameter.name): final weights off by \(worst)")
        }
    }
}
