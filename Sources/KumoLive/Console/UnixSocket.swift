import Foundation

/// Small POSIX helpers for the console's Unix socket: listen (mode 0600), connect, and
/// line-oriented reads and writes on a descriptor.
enum UnixSocket {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func address(_ path: String) throws -> sockaddr_un {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { throw Failure(description: "socket path too long: \(path)") }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        return address
    }

    /// A listening socket at `path` that only the owner may use.
    static func listen(_ path: String) throws -> Int32 {
        try FileManager.default.createDirectory(at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
        unlink(path)
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket(): \(String(cString: strerror(errno)))") }
        var address = try address(path)
        let previous = umask(0o177)  // the socket file appears with mode 0600
        defer { umask(previous) }
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) } }
        guard bound == 0 else {
            close(fd)
            throw Failure(description: "cannot bind the console socket \(path): \(String(cString: strerror(errno)))")
        }
        chmod(path, 0o600)
        guard Glibc.listen(fd, 16) == 0 else {
            close(fd)
            throw Failure(description: "listen(): \(String(cString: strerror(errno)))")
        }
        return fd
    }

    static func connect(_ path: String) throws -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket(): \(String(cString: strerror(errno)))") }
        var address = try address(path)
        let connected = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) } }
        guard connected == 0 else {
            close(fd)
            throw Failure(description: "cannot connect to \(path): \(String(cString: strerror(errno))) (is kumo run running?)")
        }
        return fd
    }

    /// Writes all of `data`; false when the other side has gone.
    @discardableResult
    static func write(_ fd: Int32, _ data: Data) -> Bool {
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                if written <= 0 { return false }
                offset += written
            }
            return true
        }
    }

    /// Reads lines from a descriptor, buffering partial ones.
    final class LineReader {
        let fd: Int32
        private var buffer = Data()
        init(fd: Int32) { self.fd = fd }

        /// The next line without its newline, or nil at the end.
        func next() -> String? {
            while true {
                if let newline = buffer.firstIndex(of: 0x0A) {
                    let line = buffer[buffer.startIndex..<newline]
                    buffer.removeSubrange(buffer.startIndex...newline)
                    return String(decoding: line, as: UTF8.self)
                }
                var chunk = [UInt8](repeating: 0, count: 4096)
                let count = recv(fd, &chunk, chunk.count, 0)
                if count <= 0 { return nil }
                buffer.append(contentsOf: chunk[0..<count])
            }
        }
    }
}
