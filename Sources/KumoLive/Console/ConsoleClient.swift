public import Foundation

/// `kumo repl`'s side of the socket: sends a chunk, reads the reply.
public final class ConsoleClient {
    let fd: Int32
    let reader: UnixSocket.LineReader

    public struct Reply: Sendable {
        public var ok: Bool
        public var text: String
        public var incomplete: Bool
    }

    public init(path: String) throws {
        fd = try UnixSocket.connect(path)
        reader = UnixSocket.LineReader(fd: fd)
    }

    deinit { close(fd) }

    /// Runs `code` in the engine's console; nil when the engine went away.
    public func send(_ code: String) -> Reply? {
        guard var data = try? JSONSerialization.data(withJSONObject: ["code": code]) else { return nil }
        data.append(0x0A)
        guard UnixSocket.write(fd, data), let line = reader.next(),
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        else { return nil }
        return Reply(ok: object["ok"] as? Bool ?? false, text: object["text"] as? String ?? "", incomplete: object["incomplete"] as? Bool ?? false)
    }
}
