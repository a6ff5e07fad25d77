import Foundation
import KumoML
import Testing

/// Bad model files and inputs get an error naming the file and field, and nothing loads.
struct ModelFileErrorTests {
    /// A copy of the reference MLP whose spec and weights a test may spoil.
    static func copy() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kumo-model-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Reference.folder.appendingPathComponent("mlp"), to: folder)
        return folder
    }

    static func loadError(_ folder: URL) -> String {
        do {
            _ = try Model.load(folder)
            return "loaded"
        } catch { return error.description }
    }

    static func rewriteSpec(_ folder: URL, _ change: (inout [String: Any]) -> Void) throws {
        let url = folder.appendingPathComponent("model.json")
        var object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        change(&object)
        try JSONSerialization.data(withJSONObject: object).write(to: url)
    }

    static func rewriteWeights(_ folder: URL, _ change: (inout [String: SafeTensors.Stored]) -> Void) throws {
        let url = folder.appendingPathComponent("weights.safetensors")
        var tensors = try SafeTensors.read(url)
        change(&tensors)
        try SafeTensors.write(tensors, to: url)
    }

    @Test func specErrorsNameTheLayerAndField() throws {
        let unknown = try Self.copy()
        try Self.rewriteSpec(unknown) { object in
            var layers = object["layers"] as! [[String: Any]]
            layers[2]["op"] = "swish"
            object["layers"] = layers
        }
        #expect(Self.loadError(unknown).hasPrefix("model.json: layers[2].op: unknown op 'swish'"))
        let mismatch = try Self.copy()
        try Self.rewriteSpec(mismatch) { object in
            var layers = object["layers"] as! [[String: Any]]
            layers[3]["in_features"] = 16
            object["layers"] = layers
        }
        #expect(Self.loadError(mismatch) == "model.json: layers[3].in_features: is 16 but the input has 32 features")
    }

    @Test func weightErrorsNameTheTensor() throws {
        let missing = try Self.copy()
        try Self.rewriteWeights(missing) { $0.removeValue(forKey: "fc2.bias") }
        #expect(Self.loadError(missing) == "weights.safetensors: fc2.bias: is missing (shape [32] expected)")
        let extra = try Self.copy()
        try Self.rewriteWeights(extra) { $0["fc3.weight"] = .float32(Tensor(zeros: [2, 2])) }
        #expect(Self.loadError(extra).hasPrefix("weights.safetensors: fc3.weight: is not used by any layer"))
        let shape = try Self.copy()
        try Self.rewriteWeights(shape) { $0["fc1.weight"] = .float32(Tensor(zeros: [32, 9])) }
        #expect(Self.loadError(shape) == "weights.safetensors: fc1.weight: has shape [32, 9], the spec needs [32, 8]")
        let dtype = try Self.copy()
        try Self.rewriteWeights(dtype) { $0["out.bias"] = .int64(shape: [1], values: [0]) }
        #expect(Self.loadError(dtype) == "weights.safetensors: out.bias: is I64, not F32")
    }

    @Test func damagedSafetensorsAreRefused() throws {
        let good = try Data(contentsOf: Reference.folder.appendingPathComponent("mlp/weights.safetensors"))
        func error(_ bytes: Data) -> String {
            do {
                _ = try SafeTensors.parse(bytes, file: "w.safetensors")
                return "parsed"
            } catch { return error.description }
        }
        #expect(error(good.prefix(5)).contains("shorter than the 8-byte header length"))
        #expect(error(good.prefix(40)).contains("truncated"))
        #expect(error(good.dropLast(4)).contains("is past the"))
        var oversized = good
        oversized.replaceSubrange(0..<8, with: [0, 0, 0, 0, 1, 0, 0, 0])
        #expect(error(oversized).contains("over the 100000000-byte limit"))
        var garbled = good
        garbled[8] = UInt8(ascii: "x")
        #expect(error(garbled) == "w.safetensors: header: is not a JSON object")
        #expect(error(try SafeTensors.serialize([:])) == "parsed")  // an empty file is well formed
        let header = #"{"x":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}}"#
        var f64 = Data()
        withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { f64.append(contentsOf: $0) }
        f64.append(Data(header.utf8))
        f64.append(Data(count: 8))
        #expect(error(f64) == "w.safetensors: x.dtype: F64 is not supported (F32 for values, I64 for class labels)")
    }

    @Test func nonFiniteOrMisshapenInputsAreRefused() throws {
        let model = try Model.load(Reference.folder.appendingPathComponent("mlp"))
        var input = Tensor(zeros: [2, 60, 8])
        input.data[60 * 8 + 3 * 8 + 5] = .nan
        #expect(throws: ModelInputError("input holds nan at sample 1, step 3, feature 5")) { try model.predict(input) }
        input.data[60 * 8 + 3 * 8 + 5] = .infinity
        #expect(throws: ModelInputError("input holds inf at sample 1, step 3, feature 5")) { try model.predict(input) }
        #expect(throws: ModelInputError("input has shape [2, 59, 8]; mlp takes (batch, 60, 8)")) { try model.predict(Tensor(zeros: [2, 59, 8])) }
    }

    @Test func aSavedModelLoadsBackTheSame() throws {
        let model = try Model.load(Reference.folder.appendingPathComponent("transformer"))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kumo-saved-\(UUID().uuidString)")
        try model.save(to: folder)
        let again = try Model.load(folder)
        let input = Reference.float(try Reference.tensors("transformer", "forward.safetensors")["input"])
        #expect(try again.predict(input) == (try model.predict(input)))
        #expect(try SafeTensors.read(folder.appendingPathComponent("weights.safetensors")) == (try Reference.tensors("transformer", "weights.safetensors")))
    }
}

extension ModelFileErrorTests {
    @Test func aShapeTooLargeForAnyFileIsRefused() {
        let header = #"{"x":{"dtype":"F32","shape":[4611686018427387904],"data_offsets":[0,8]}}"#
        var data = Data()
        withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(Data(header.utf8))
        data.append(Data(count: 8))
        #expect(throws: ModelFileError(file: "w.safetensors", field: "x.data_offsets", "hold 8 bytes, shape [4611686018427387904] of F32 needs more than any file holds")) {
            try SafeTensors.parse(data, file: "w.safetensors")
        }
    }
}
