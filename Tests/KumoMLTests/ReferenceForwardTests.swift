import Foundation
import KumoML
import Testing

/// Every reference model loads unchanged and reproduces PyTorch's output.
struct ReferenceForwardTests {
    @Test(arguments: Reference.models)
    func outputsEqualPyTorchs(_ name: String) throws {
        let model = try Model.load(Reference.folder.appendingPathComponent(name))
        let forward = try Reference.tensors(name, "forward.safetensors")
        let output = try model.predict(Reference.float(forward["input"]))
        let expected = Reference.float(forward["output"])
        #expect(output.shape == expected.shape)
        #expect(output.maxAbsDifference(expected) <= 1e-5, "\(name): \(output.maxAbsDifference(expected))")
    }
}

extension ReferenceForwardTests {
    /// Large batches take other paths (a split over the cores, the LSTM's per-step inference
    /// buffers): 64 copies of the reference input give 64 copies of PyTorch's output.
    @Test(arguments: Reference.models)
    func largeBatchesGiveTheSameOutputs(_ name: String) throws {
        let model = try Model.load(Reference.folder.appendingPathComponent(name))
        let forward = try Reference.tensors(name, "forward.safetensors")
        let input = Reference.float(forward["input"]), expected = Reference.float(forward["output"])
        let copies = 16
        let batch = Tensor(shape: [input.shape[0] * copies] + input.shape.dropFirst(), data: Array((0..<copies).map { _ in input.data }.joined()))
        let output = try model.predict(batch)
        let tiled = Tensor(shape: [expected.shape[0] * copies] + expected.shape.dropFirst(), data: Array((0..<copies).map { _ in expected.data }.joined()))
        #expect(output.maxAbsDifference(tiled) <= 1e-5, "\(name): \(output.maxAbsDifference(tiled))")
    }
}
