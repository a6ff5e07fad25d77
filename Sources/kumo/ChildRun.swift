import ArgumentParser
import Foundation
#if canImport(Glibc)
    import Glibc
#endif

/// This executable run again with other arguments, waited for: its standard output and the peak
/// resident memory of that process alone (the kernel's count at its exit), which a figure measured
/// inside one long process cannot give.
struct ChildRun {
    var output: String
    var peakResidentBytes: Int

    /// Runs `/proc/self/exe` with `arguments`; throws when it cannot start or exits non-zero.
    init(_ arguments: [String]) throws {
        let executable = "/proc/self/exe"
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else { throw ValidationError("cannot make a pipe for the child run") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], STDOUT_FILENO)
        posix_spawn_file_actions_addclose(&actions, pipeEnds[0])
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        close(pipeEnds[1])
        guard spawned == 0 else {
            close(pipeEnds[0])
            throw ValidationError("cannot start \(arguments.joined(separator: " ")): \(String(cString: strerror(spawned)))")
        }
        let reader = FileHandle(fileDescriptor: pipeEnds[0], closeOnDealloc: true)
        output = String(decoding: reader.readDataToEndOfFile(), as: UTF8.self)
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0, errno == EINTR {}
        // Exited normally with status 0: WIFEXITED and WEXITSTATUS, spelled out (they are C macros).
        guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else {
            throw ValidationError("\(arguments.joined(separator: " ")) failed (wait status \(status))")
        }
        peakResidentBytes = Int(usage.ru_maxrss) * 1024  // Linux counts it in KiB
    }
}
