#if canImport(Glibc)
    import Glibc
#endif

/// Runs work on a dedicated thread with a large stack, the thread Lua VMs must run on.
///
/// Lua's C recursion (patterns, nested metamethods, `load` of deep source) takes up to 200 C
/// levels; a 200-level `gsub` overflowed a 384 KiB worker stack in our measurements. Strategy
/// VMs, `kumo check` and the tests all run their Lua through here.
public enum LuaThread {
    /// The stack every VM thread gets: 16 MiB.
    public static let stackBytes = 16 << 20

    /// Runs `body` on a new thread with a ``stackBytes`` stack and waits for it.
    public static func run<T>(_ body: () throws -> T) throws -> T {
        try withoutActuallyEscaping(body) { escapable in
            let job = Job(escapable)
            var attributes = pthread_attr_t()
            pthread_attr_init(&attributes)
            defer { pthread_attr_destroy(&attributes) }
            pthread_attr_setstacksize(&attributes, stackBytes)
            var thread = pthread_t()
            let context = Unmanaged.passRetained(job as AnyObject).toOpaque()
            let created = pthread_create(&thread, &attributes, { context in
                let job = Unmanaged<AnyObject>.fromOpaque(context!).takeRetainedValue() as! any Runnable
                job.runOnce()
                return nil
            }, context)
            precondition(created == 0, "Cannot start a Lua thread: pthread_create returned \(created)")
            pthread_join(thread, nil)
            return try job.result!.get()
        }
    }

    private final class Job<T>: Runnable {
        let body: () throws -> T
        var result: Result<T, any Error>?
        init(_ body: @escaping () throws -> T) { self.body = body }
        func runOnce() { result = Result { try body() } }
    }
}

private protocol Runnable: AnyObject {
    func runOnce()
}
