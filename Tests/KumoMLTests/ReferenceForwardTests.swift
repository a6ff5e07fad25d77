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
