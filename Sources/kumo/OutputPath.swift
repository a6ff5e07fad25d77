import ArgumentParser
import Foundation

/// A file a command will write at its end, checked at its start: its folder is made if missing,
/// and a path that cannot be written is named before any work is done.
enum OutputPath {
    static func prepare(_ path: String, flag: String) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), isFolder.boolValue {
            throw ValidationError("\(flag) \(path): is a folder; name a file")
        }
        do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
            throw ValidationError("\(flag) \(path): its folder \(folder.path) cannot be made (\(error.localizedDescription))")
        }
        guard FileManager.default.isWritableFile(atPath: folder.path) else { throw ValidationError("\(flag) \(path): the folder \(folder.path) is not writable") }
    }
}
