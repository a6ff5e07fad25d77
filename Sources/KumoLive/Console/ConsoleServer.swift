public import Foundation
import KumoLua

/// The console's Unix socket: each connection sends requests as JSON lines `{"code": …}` and
/// gets `{"ok": …, "text": …, "incomplete": …}` back. Connections are served on their own
/// threads; the Lua runs on the engine thread between events (``drain()``), each connection with
/// its own console state. Several consoles may attach at once.
public final class ConsoleServer: @unchecked Sendable {
    // @unchecked Sendable: its queues are behind a lock; consoles are touched only by drain().
    public let path: String
    private let listener: Int32
    private let lock = NSLock()
    private var queue: [(connection: Int, code: String, reply: @Sendable (Console.Reply) -> Void)] = []
    private var closed: [Int] = []
    private var nextConnection = 0
    private var consoles: [Int: Console] = [:]
    private let host: ConsoleHost

    /// Listens on `path` (replacing a stale socket file), mode 0600.
    public init(path: String, engine: LiveEngine) throws {
        self.path = path
        host = ConsoleHost(engine: engine)
        listener = try UnixSocket.listen(path)
        let thread = Thread { [weak self] in self?.acceptLoop() }
        thread.stackSize = 1 << 20
        thread.start()
    }

    private func acceptLoop() {
        while true {
            let fd = accept(listener, nil, nil)
            if fd < 0 {
                if errno == EINTR { continue }
                return  // the listener was closed
            }
            let id = lock.withLock { () -> Int in
                nextConnection += 1
                return nextConnection
            }
            let thread = Thread { [weak self] in self?.serve(fd, id: id) }
            thread.start()
        }
    }

    private func serve(_ fd: Int32, id: Int) {
        let reader = UnixSocket.LineReader(fd: fd)
        let writeLock = NSLock()
        while let line = reader.next() {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], let code = object["code"] as? String else {
                let error = #"{"ok":false,"text":"a request is a JSON line {\"code\": \"...\"}"}"# + "\n"
                UnixSocket.write(fd, Data(error.utf8))
                continue
            }
            lock.withLock {
                queue.append((id, code, { reply in
                    let object: [String: Any] = ["ok": reply.ok, "text": reply.text, "incomplete": reply.incomplete]
                    var data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
                    data.append(0x0A)
                    writeLock.withLock { _ = UnixSocket.write(fd, data) }
                }))
            }
        }
        lock.withLock { closed.append(id) }
        close(fd)
    }

    /// Runs the waiting requests (call on the engine thread between events).
    public func drain() {
        let (work, gone) = lock.withLock { () -> ([(connection: Int, code: String, reply: @Sendable (Console.Reply) -> Void)], [Int]) in
            defer {
                queue.removeAll()
                closed.removeAll()
            }
            return (queue, closed)
        }
        for (connection, code, reply) in work {
            if consoles[connection] == nil {
                do throws(LuaScriptError) { consoles[connection] = try Console(host: host) } catch {
                    reply(Console.Reply(text: "cannot start a console: \(error.message)", ok: false))
                    continue
                }
            }
            reply(consoles[connection]!.evaluate(code))
        }
        for id in gone { consoles[id] = nil }
    }

    /// Stops listening and removes the socket file.
    public func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        unlink(path)
    }
}
