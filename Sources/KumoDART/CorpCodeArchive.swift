public import Foundation
public import KumoCore
import ZIPFoundation

/// `corpCode.xml`'s reply: a ZIP holding one file, CORPCODE.xml, or — on an error — OpenDART's
/// XML status envelope in its place.
public enum CorpCodeArchive {
    /// The companies in the reply (a ZIP, or CORPCODE.xml itself); an envelope throws with its status.
    public static func read(_ data: Data) throws(DARTError) -> [CorpCode] {
        guard data.starts(with: [0x50, 0x4B, 0x03, 0x04]) else { return try CorpCode.parse(data) }
        let xml: Data
        do {
            let archive = try Archive(data: data, accessMode: .read)
            guard let entry = archive.first(where: { $0.path.uppercased().hasSuffix("CORPCODE.XML") }) else {
                throw DARTError(endpoint: "corpCode.xml", "the ZIP holds no CORPCODE.xml (it holds \(archive.map(\.path).joined(separator: ", ")))")
            }
            var buffer = Data()
            _ = try archive.extract(entry) { buffer.append($0) }
            xml = buffer
        } catch let error as DARTError {
            throw error
        } catch {
            throw DARTError(endpoint: "corpCode.xml", "the ZIP cannot be read: \(error)")
        }
        return try CorpCode.parse(xml)
    }

    /// A ZIP holding `xml` as CORPCODE.xml, deflated, as OpenDART serves it.
    public static func zip(_ xml: Data) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        try archive.addEntry(with: "CORPCODE.xml", type: .file, uncompressedSize: Int64(xml.count), compressionMethod: .deflate) { position, size in
            xml.subdata(in: Int(position)..<Int(position) + size)
        }
        return archive.data ?? Data()
    }
}
