import Foundation
import Glibc
import KumoPostgres
import KumoTestSupport
import Synchronization

/// A PostgreSQL server for the tests: `KUMO_TEST_POSTGRES` when set (a server and a role that
/// may create databases), else one this process starts from Debian's PostgreSQL (`initdb` and
/// `pg_ctl` in /usr/lib/postgresql/*/bin) in a temporary folder on a free port, stopped when the
/// process exits. Each test gets a database of its own.
enum PostgresServer {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    struct Running: Sendable {
        var base: String
        var bin: URL?
    }

    private static let shared = Mutex<Result<Running, Failure>?>(nil)

    /// The address of a new, empty database. The server's start and the database's creation
    /// are waited for on a thread of their own, not on the cooperative pool.
    static func freshDatabase() async throws -> String {
        try await blocking { try freshDatabaseNow() }
    }

    private static func freshDatabaseNow() throws -> String {
        let server = try running()
        let name = "kumo_\(UUID().uuidString.prefix(8).lowercased())"
        try psql(server, "CREATE DATABASE \(name)")
        return server.base + name
    }

    static func running() throws -> Running {
        try shared.withLock { state in
            if state == nil {
                do throws(Failure) { state = .success(try start()) } catch { state = .failure(error) }
            }
            return try state!.get()
        }
    }

    private static func start() throws(Failure) -> Running {
        if let given = ProcessInfo.processInfo.environment["KUMO_TEST_POSTGRES"], !given.isEmpty {
            return Running(base: given.hasSuffix("/") ? given : given + "/", bin: binaries())
        }
        guard let bin = binaries() else {
            throw Failure(description: "PostgreSQL is not installed (apt-get install postgresql; .ci/run installs it) and KUMO_TEST_POSTGRES is not set")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kumo-pg-\(UUID().uuidString.prefix(8))")
        let data = folder.appendingPathComponent("data")
        do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch { throw Failure(description: "\(folder.path): \(error)") }
        let root = getuid() == 0
        if root { _ = try run("/bin/chown", ["-R", "postgres:postgres", folder.path]) }
        func asOwner(_ tool: String, _ arguments: [String]) throws(Failure) -> String {
            let path = bin.appendingPathComponent(tool).path
            return root ? try run("/usr/sbin/runuser", ["-u", "postgres", "--", path] + arguments) : try run(path, arguments)
        }
        _ = try asOwner("initdb", ["-D", data.path, "-U", "kumo", "--auth=trust", "-E", "UTF8", "--locale=C"])
        // A port the kernel just handed out can be taken again before the server binds it (other
        // tests open connections all the time), so a server that dies at once is started again
        // on another port.
        var port = 0
        var attempts: [String] = []
        while port == 0 {
            let candidate = try freePort()
            switch try startServer(bin: bin, data: data, folder: folder, port: candidate, root: root) {
            case nil: port = candidate
            case let log?:
                attempts.append("port \(candidate): \(log)")
                guard attempts.count < 5 else { throw Failure(description: "PostgreSQL did not start:\n" + attempts.joined(separator: "\n")) }
            }
        }
        let stop = root
            ? ["/usr/sbin/runuser", "-u", "postgres", "--", bin.appendingPathComponent("pg_ctl").path, "-D", data.path, "-m", "immediate", "stop"]
            : [bin.appendingPathComponent("pg_ctl").path, "-D", data.path, "-m", "immediate", "stop"]
        stopCommand.withLock { $0 = stop }
        atexit {
            guard let command = PostgresServer.stopCommand.withLock({ $0 }) else { return }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: command[0])
            process.arguments = Array(command.dropFirst())
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try? process.run()
            process.waitUntilExit()
        }
        return Running(base: "postgres://kumo@127.0.0.1:\(port)/", bin: bin)
    }

    static let stopCommand = Mutex<[String]?>(nil)

    /// Starts the server on `port`; nil once it answers, else its log when it died or hung.
    /// pg_ctl is not waited for (run under runuser it can outlive the server's start); the
    /// server is ready when pg_isready says so, and gone when its log says it shut down.
    private static func startServer(bin: URL, data: URL, folder: URL, port: Int, root: Bool) throws(Failure) -> String? {
        let logFile = folder.appendingPathComponent("log-\(port)")
        let starter = Process()
        let pgctl = bin.appendingPathComponent("pg_ctl").path
        let startArguments = [
            "-D", data.path, "-l", logFile.path, "-o",
            "-p \(port) -c listen_addresses=127.0.0.1 -k \(folder.path) -c fsync=off -c max_connections=200", "start",
        ]
        starter.executableURL = URL(fileURLWithPath: root ? "/usr/sbin/runuser" : pgctl)
        starter.arguments = root ? ["-u", "postgres", "--", pgctl] + startArguments : startArguments
        starter.standardInput = FileHandle.nullDevice
        starter.standardOutput = FileHandle.nullDevice
        starter.standardError = FileHandle.nullDevice
        do { try starter.run() } catch { throw Failure(description: "pg_ctl start: \(error)") }
        let deadline = Date().addingTimeInterval(60)
        while (try? run(bin.appendingPathComponent("pg_isready").path, ["-h", "127.0.0.1", "-p", "\(port)", "-U", "kumo"])) == nil {
            let log = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
            if log.contains("database system is shut down") || Date() >= deadline {
                if !log.contains("database system is shut down") { return "no answer within 60 s: " + log }
                // The postmaster removes its lock file as it exits; wait for that before a retry.
                while FileManager.default.fileExists(atPath: data.appendingPathComponent("postmaster.pid").path), Date() < deadline {
                    Thread.sleep(forTimeInterval: 0.1)
                }
                return log
            }
            Thread.sleep(forTimeInterval: 0.2)
        }
        return nil
    }

    /// A TCP port on 127.0.0.1 that nothing listens on now, as the kernel hands it out.
    private static func freePort() throws(Failure) -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Failure(description: "socket(): errno \(errno)") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
        }
        guard bound else { throw Failure(description: "bind(127.0.0.1:0): errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Debian's newest PostgreSQL's programs.
    static func binaries() -> URL? {
        let root = URL(fileURLWithPath: "/usr/lib/postgresql")
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root.path))?.compactMap(Int.init).sorted() ?? []
        return versions.last.map { root.appendingPathComponent("\($0)/bin") }
    }

    static func psql(_ server: Running, _ sql: String) throws {
        let psql = server.bin?.appendingPathComponent("psql").path ?? "/usr/bin/psql"
        _ = try run(psql, [server.base + "postgres", "-v", "ON_ERROR_STOP=1", "-q", "-c", sql])
    }

    @discardableResult
    static func run(_ tool: String, _ arguments: [String]) throws(Failure) -> String {
        // Output goes to a file, not a pipe: the server pg_ctl starts would hold a pipe open for ever.
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("kumo-pg-out-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: file.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        guard let handle = try? FileHandle(forWritingTo: file) else { throw Failure(description: "\(file.path) cannot be written") }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = handle
        process.standardError = handle
        do { try process.run() } catch { throw Failure(description: "\(tool): \(error)") }
        process.waitUntilExit()
        try? handle.close()
        let output = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0 else { throw Failure(description: "\(tool) \(arguments.joined(separator: " ")) failed: \(output)") }
        return output
    }
}
