public import Dispatch
public import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Watches folders (and the folders below them) with inotify and reports changed files in
/// batches, once no change has arrived for the debounce interval: an editor's save (write,
/// or write-to-temp-then-rename) becomes one report.
public final class FileWatcher: @unchecked Sendable {
    // @unchecked Sendable: every mutable field is touched only on `queue` (serial), after init.

    private let descriptor: Int32
    private let queue = DispatchQueue(label: "kumo.file-watcher")
    private var watches: [Int32: URL] = [:]
    private var pending: Set<URL> = []
    private var flush: DispatchWorkItem?
    private var source: (any DispatchSourceRead)?
    private let debounce: DispatchTimeInterval
    private let handler: @Sendable (Set<URL>) -> Void

    private static let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE | IN_MOVED_FROM)

    /// Starts watching `folders`; `handler` runs on the watcher's queue with the changed files.
    public init(folders: [URL], debounce: DispatchTimeInterval = .milliseconds(50),
                handler: @escaping @Sendable (Set<URL>) -> Void) throws {
        descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard descriptor >= 0 else { throw FileWatcherError("inotify_init1 failed: \(String(cString: strerror(errno)))") }
        self.debounce = debounce
        self.handler = handler
        try queue.sync {
            for folder in folders { try addTree(folder.standardizedFileURL.resolvingSymlinksInPath()) }
        }
        let source = DispatchSource.makeReadSource(fileDescriptor: descriptor, queue: queue)
        source.setEventHandler { [weak self] in self?.drain() }
        source.resume()
        self.source = source
    }

    deinit {
        source?.cancel()
        close(descriptor)
    }

    /// Stops watching; no handler runs after it returns.
    public func stop() {
        queue.sync {
            source?.cancel()
            source = nil
            flush?.cancel()
        }
    }

    private func addTree(_ folder: URL) throws {
        let wd = inotify_add_watch(descriptor, folder.path, Self.mask)
        guard wd >= 0 else { throw FileWatcherError("cannot watch \(folder.path): \(String(cString: strerror(errno)))") }
        watches[wd] = folder
        let children = (try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: [.isDirectoryKey])) ?? []
        for child in children where (try? child.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true {
            try addTree(child)
        }
    }

    private func drain() {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            var offset = 0
            while offset + MemoryLayout<inotify_event>.size <= count {
                let (wd, mask, length) = buffer.withUnsafeBytes { raw in
                    let event = raw.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                    return (event.wd, event.mask, Int(event.len))
                }
                let nameStart = offset + MemoryLayout<inotify_event>.size
                let nameBytes = buffer[nameStart..<(nameStart + length)].prefix { $0 != 0 }
                if let folder = watches[wd], !nameBytes.isEmpty {
                    let path = folder.appendingPathComponent(String(decoding: nameBytes, as: UTF8.self))
                    if mask & UInt32(IN_ISDIR) != 0, mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 {
                        try? addTree(path)  // a new folder: its later changes matter; failing to watch it is not fatal
                    }
                    pending.insert(path)
                }
                offset = nameStart + length
            }
        }
        scheduleFlush()
    }

    private func scheduleFlush() {
        flush?.cancel()
        let work = DispatchWorkItem { [weak self] in
            guard let self, !self.pending.isEmpty else { return }
            let changed = self.pending
            self.pending = []
            self.handler(changed)
        }
        flush = work
        queue.asyncAfter(deadline: .now() + debounce, execute: work)
    }
}

/// Why a folder could not be watched.
public struct FileWatcherError: Error, Sendable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
