import Foundation

/// Files a command may create (a journal, a log, a store) that did not exist when it started, so
/// a start that fails can remove them instead of leaving empty ones behind. SQLite's side files
/// (`-wal`, `-shm`, `-journal`) go with their database; folders made for them go when left empty.
struct CreatedFiles {
    let paths: [String]
    let folders: [String]

    init(watching candidates: [String]) {
        let manager = FileManager.default
        paths = candidates.filter { !manager.fileExists(atPath: $0) }
        folders = Array(Set(paths.map { URL(fileURLWithPath: $0).deletingLastPathComponent().path })).filter { !manager.fileExists(atPath: $0) }.sorted()
    }

    /// Makes the folders the files go in.
    func makeFolders() throws {
        for folder in folders { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
    }

    /// Removes what was created since ``init(watching:)``.
    func remove() {
        let manager = FileManager.default
        // Best effort throughout: the start's own error is what the user must see.
        for path in paths {
            for file in [path, path + "-wal", path + "-shm", path + "-journal"] where manager.fileExists(atPath: file) {
                try? manager.removeItem(atPath: file)
            }
        }
        for folder in folders.reversed() where (try? manager.contentsOfDirectory(atPath: folder))?.isEmpty == true {
            try? manager.removeItem(atPath: folder)
        }
    }
}
