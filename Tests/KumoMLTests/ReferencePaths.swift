import Foundation
import KumoML

/// The PyTorch reference models beside the clone (`../shared/reference/ml`).
enum Reference {
    static let project = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let folder = project.deletingLastPathComponent().appendingPathComponent("shared/reference/ml")
    static let models = ["mlp", "lstm", "gru", "cnn", "transformer"]
    static let trained = ["mlp", "lstm", "cnn", "transformer"]

    static func tensors(_ model: String, _ file: String) throws -> [String: SafeTensors.Stored] {
        try SafeTensors.read(folder.appendingPathComponent(model).appendingPathComponent(file))
    }

    static func float(_ stored: SafeTensors.Stored?) -> Tensor {
        guard case .float32(let tensor) = stored else { fatalError("not F32") }
        return tensor
    }
}
