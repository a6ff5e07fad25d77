public import Foundation

/// The safetensors format: an 8-byte little-endian header length, a JSON header naming each
/// tensor's `dtype`, `shape` and `data_offsets` (and an optional `__metadata__`), then the raw
/// little-endian bytes. Reading checks every field against the file before anything is used.
public enum SafeTensors {
    /// The largest header accepted (the format's own limit is 100 MB).
    public static let maximumHeaderBytes = 100_000_000

    /// A tensor as stored: Float32 values, or Int64 values (class labels).
    public enum Stored: Sendable, Equatable {
        case float32(Tensor)
        case int64(shape: [Int], values: [Int64])

        public var shape: [Int] {
            switch self {
            case .float32(let tensor): tensor.shape
            case .int64(let shape, _): shape
            }
        }

        public var dtype: String {
            switch self {
            case .float32: "F32"
            case .int64: "I64"
            }
        }
    }

    /// Reads every tensor of `url`, or throws naming the field that is wrong.
    public static func read(_ url: URL) throws(ModelFileError) -> [String: Stored] {
        let name = url.lastPathComponent
        let bytes: Data
        do { bytes = try Data(contentsOf: url) } catch { throw ModelFileError(file: name, field: "", "cannot be read: \(error.localizedDescription)") }
        return try parse(bytes, file: name)
    }

    public static func parse(_ bytes: Data, file: String) throws(ModelFileError) -> [String: Stored] {
        func fail(_ field: String, _ message: String) -> ModelFileError { ModelFileError(file: file, field: field, message) }
        guard bytes.count >= 8 else { throw fail("header", "the file is \(bytes.count) bytes, shorter than the 8-byte header length") }
        let length = bytes.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard length <= UInt64(maximumHeaderBytes) else { throw fail("header", "its length \(length) is over the \(maximumHeaderBytes)-byte limit") }
        guard Int(length) <= bytes.count - 8 else { throw fail("header", "says \(length) bytes but the file has \(bytes.count - 8) after the length: truncated") }
        let headerData = bytes.subdata(in: 8..<8 + Int(length))
        guard let header = try? JSONSerialization.jsonObject(with: headerData) as? [String: Any] else {
            throw fail("header", "is not a JSON object")
        }
        let dataStart = 8 + Int(length)
        let dataLength = bytes.count - dataStart
        var tensors: [String: Stored] = [:]
        var covered: [(Int, Int)] = []
        for (key, value) in header.sorted(by: { $0.key < $1.key }) where key != "__metadata__" {
            guard let entry = value as? [String: Any] else { throw fail(key, "is not an object") }
            guard let dtype = entry["dtype"] as? String else { throw fail("\(key).dtype", "is missing") }
            guard let shape = entry["shape"] as? [Int], shape.allSatisfy({ $0 >= 0 }) else { throw fail("\(key).shape", "is not a list of sizes") }
            guard let offsets = entry["data_offsets"] as? [Int], offsets.count == 2, offsets[0] >= 0, offsets[0] <= offsets[1] else {
                throw fail("\(key).data_offsets", "is not [begin, end]")
            }
            guard offsets[1] <= dataLength else { throw fail("\(key).data_offsets", "end \(offsets[1]) is past the \(dataLength) data bytes: truncated") }
            let elementSize: Int
            switch dtype {
            case "F32": elementSize = 4
            case "I64": elementSize = 8
            default: throw fail("\(key).dtype", "\(dtype) is not supported (F32 for values, I64 for class labels)")
            }
            let (count, overflow) = shape.reduce((1, false)) { partial, size in
                let (product, over) = partial.0.multipliedReportingOverflow(by: size)
                return (product, partial.1 || over)
            }
            let (size, tooLarge) = count.multipliedReportingOverflow(by: elementSize)
            guard !overflow, !tooLarge, size == offsets[1] - offsets[0] else {
                let needed = overflow || tooLarge ? "more than any file holds" : "\(size)"
                throw fail("\(key).data_offsets", "hold \(offsets[1] - offsets[0]) bytes, shape \(shape) of \(dtype) needs \(needed)")
            }
            covered.append((offsets[0], offsets[1]))
            let slice = bytes.subdata(in: dataStart + offsets[0]..<dataStart + offsets[1])
            switch dtype {
            case "F32":
                var values = [Float](repeating: 0, count: count)
                values.withUnsafeMutableBytes { _ = slice.copyBytes(to: $0) }
                tensors[key] = .float32(Tensor(shape: shape, data: values.map { Float(bitPattern: $0.bitPattern.littleEndian) }))
            default:
                var values = [Int64](repeating: 0, count: count)
                values.withUnsafeMutableBytes { _ = slice.copyBytes(to: $0) }
                tensors[key] = .int64(shape: shape, values: values.map { Int64(littleEndian: $0) })
            }
        }
        covered.sort { $0.0 < $1.0 }
        for (a, b) in zip(covered, covered.dropFirst()) where b.0 < a.1 {
            throw fail("data_offsets", "two tensors overlap at bytes \(b.0)–\(a.1)")
        }
        return tensors
    }

    /// Writes `tensors` (keys sorted, the header padded with spaces to 8 bytes), atomically.
    public static func write(_ tensors: [String: Stored], to url: URL, metadata: [String: String] = [:]) throws {
        try serialize(tensors, metadata: metadata).write(to: url, options: .atomic)
    }

    public static func serialize(_ tensors: [String: Stored], metadata: [String: String] = [:]) throws -> Data {
        var header: [String: Any] = [:]
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        var body = Data()
        for key in tensors.keys.sorted() {
            let stored = tensors[key]!
            let begin = body.count
            switch stored {
            case .float32(let tensor): tensor.data.map(\.bitPattern.littleEndian).withUnsafeBytes { body.append(contentsOf: $0) }
            case .int64(_, let values): values.map(\.littleEndian).withUnsafeBytes { body.append(contentsOf: $0) }
            }
            header[key] = ["dtype": stored.dtype, "shape": stored.shape, "data_offsets": [begin, body.count]] as [String: Any]
        }
        var json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        while json.count % 8 != 0 { json.append(0x20) }
        var data = Data()
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(json)
        data.append(body)
        return data
    }
}
