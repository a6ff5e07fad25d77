import Foundation
import KumoKIS

/// The KIS example files of the domain notes (`../shared/domain/kis`).
enum KISExamples {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/domain/kis")

    static func data(_ path: String) throws -> Data { try Data(contentsOf: folder.appendingPathComponent(path)) }

    static func json(_ path: String) throws -> KISJSON { try KISJSON.parse(try data(path), what: path) }

    static func text(_ path: String) throws -> String { String(decoding: try data(path), as: UTF8.self) }

    /// The non-empty lines of a text example.
    static func lines(_ path: String) throws -> [String] {
        try text(path).split(whereSeparator: \.isNewline).map(String.init).filter { !$0.isEmpty }
    }

    /// Every example file, for the test that each is read by some parser.
    static func allFiles() throws -> [String] {
        try ["rest", "ws", "fields"].flatMap { sub in
            try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent(sub).path).map { "\(sub)/\($0)" }
        }.sorted()
    }
}
