public import Foundation
import KumoLua
import Synchronization

/// Hot reload as a library: watches script folders, recompiles the strategies a change affects
/// (their own file or a module they require) in fresh VMs off the engine thread, and lets the
/// engine apply the new versions between two events with ``applyPending()``.
///
/// Applying carries state with `snapshot`/`restore`; if the new version failed to load or
/// `restore` fails, the old version keeps running and the failure is recorded.
public final class StrategyReloader: Sendable {
    private struct Prepared: Sendable {
        var file: URL
        var trigger: [String]
        var result: Result<ScriptedStrategy, StrategyLoadError>
    }

    private struct Shared: Sendable {
        /// Strategy file -> files it depends on (itself included).
        var dependencies: [URL: Set<URL>] = [:]
        var pending: [Prepared] = []
        var history: [ReloadRecord] = []
    }

    public let loader: StrategyLoader
    private let shared = Mutex(Shared())
    private let slots = Mutex<[URL: SlotBox]>([:])
    private let watcher = Mutex<FileWatcher?>(nil)

    public init(loader: StrategyLoader) { self.loader = loader }

    /// Puts a running strategy under hot reload. Call from the engine thread.
    public func register(_ slot: StrategySlot) {
        let dependencies = slot.current.dependencies.union([slot.file])
        shared.withLock { $0.dependencies[slot.file] = dependencies }
        slots.withLock { $0[slot.file] = SlotBox(slot) }
    }

    /// Every reload attempt so far, oldest first.
    public var history: [ReloadRecord] { shared.withLock { $0.history } }

    /// Starts watching `folders` (strategies/, stdlib/, plugins/); changes are prepared as they come.
    public func watch(_ folders: [URL], debounce: DispatchTimeInterval = .milliseconds(50)) throws {
        let watcher = try FileWatcher(folders: folders, debounce: debounce) { [weak self] changed in
            self?.prepare(changed: changed)
        }
        self.watcher.withLock { $0 = watcher }
    }

    /// Stops watching.
    public func stopWatching() {
        watcher.withLock {
            $0?.stop()
            $0 = nil
        }
    }

    /// Compiles fresh versions of the strategies that `changed` files affect; any thread.
    public func prepare(changed: Set<URL>) {
        let resolved = Set(changed.map { $0.standardizedFileURL.resolvingSymlinksInPath() })
        let affected = shared.withLock { state in
            state.dependencies.filter { !$0.value.isDisjoint(with: resolved) }.keys.sorted { $0.path < $1.path }
        }
        for file in affected {
            let trigger = resolved.intersection(shared.withLock { $0.dependencies[file] ?? [] })
                .map { ScriptModuleResolver.display($0) }.sorted()
            let result: Result<ScriptedStrategy, StrategyLoadError>
            do {
                let strategy = try LuaThread.run { () throws(StrategyLoadError) -> ScriptedStrategy in
                    try loader.load(file, services: RecordingServices())
                }
                result = .success(strategy)
            } catch let error as StrategyLoadError {
                result = .failure(error)
            } catch {
                result = .failure(StrategyLoadError(kind: .runtime, file: ScriptModuleResolver.display(file), message: "\(error)"))
            }
            shared.withLock { $0.pending.append(Prepared(file: file, trigger: trigger, result: result)) }
        }
    }

    /// Whether prepared versions wait to be applied.
    public var hasPending: Bool { shared.withLock { !$0.pending.isEmpty } }

    /// Applies prepared versions to their slots, in the order they were prepared. Call from the
    /// engine thread between two events; returns what happened to each.
    @discardableResult
    public func applyPending() -> [ReloadRecord] {
        let prepared = shared.withLock { state in
            defer { state.pending.removeAll() }
            return state.pending
        }
        var records: [ReloadRecord] = []
        for item in prepared {
            guard let slot = slots.withLock({ $0[item.file]?.slot }) else { continue }
            records.append(apply(item, to: slot))
        }
        shared.withLock { $0.history += records }
        return records
    }

    private func apply(_ item: Prepared, to slot: StrategySlot) -> ReloadRecord {
        var record = ReloadRecord(
            file: ScriptModuleResolver.display(item.file), version: slot.version, time: slot.services.now(),
            sourceDigest: nil, outcome: .failed(""), trigger: item.trigger)
        switch item.result {
        case .failure(let error):
            record.outcome = .failed(error.description)
        case .success(let candidate):
            record.sourceDigest = candidate.sourceDigest
            do throws(ReloadFailure) {
                let carried = try carryState(from: slot.current, to: candidate)
                candidate.attach(slot.services, indicators: slot.current.indicators, desk: slot.current.desk)
                slot.swap(to: candidate)
                record.version = slot.version
                record.outcome = .applied(carriedState: carried)
                register(slot)
            } catch {
                record.outcome = .failed(error.message)
            }
        }
        return record
    }

    private struct ReloadFailure: Error {
        var message: String
    }

    /// Moves `snapshot()` of the old version into `restore(state)` of the new one, as plain data.
    private func carryState(from old: ScriptedStrategy, to new: ScriptedStrategy) throws(ReloadFailure) -> Bool {
        guard old.handles(.snapshot), new.handles(.restore) else { return false }
        let state: LuaValue
        do {
            state = try old.snapshot()
        } catch {
            throw ReloadFailure(message: "snapshot() of the running version failed: \(error.message)")
        }
        do {
            try new.restore(state)
        } catch {
            throw ReloadFailure(message: "restore() of the new version failed, the old version keeps running: \(error.message)")
        }
        return true
    }
}
