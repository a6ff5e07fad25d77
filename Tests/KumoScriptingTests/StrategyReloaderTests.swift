import Foundation
import KumoLua
import KumoScripting
import Testing

/// Hot reload: new versions are compiled off the engine thread and swapped in between events,
/// carrying state; a broken version leaves the old one running.
struct StrategyReloaderTests {
    static func counter(version: Int, restoreBody: String = "count = state.count") -> String {
        """
        local S = { symbols = { '005930' }, timeframe = '1d' }
        local count = 0
        function S.on_bar(ctx, bar) count = count + 1 return count * \(version) end
        function S.snapshot() return { count = count } end
        function S.restore(state) \(restoreBody) end
        return S
        """
    }

    final class Fixture {
        let folder: URL
        let file: URL
        let services = RecordingServices(time: 1_700_000_000)
        let reloader = StrategyReloader(loader: StrategyLoader(roots: TestPaths.roots))
        let slot: StrategySlot

        init(source: String, extraFiles: [String: String] = [:]) throws {
            folder = try TestPaths.temporaryFolder()
            file = folder.appendingPathComponent("counter.lua")
            for (name, text) in extraFiles { try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8) }
            try source.write(to: file, atomically: true, encoding: .utf8)
            let loader = reloader.loader
            let services = services
            let file = file
            slot = try LuaThread.run { StrategySlot(strategy: try loader.load(file, services: services), services: services) }
            reloader.register(slot)
        }

        func write(_ source: String, to name: String = "counter.lua") throws {
            try source.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }

        func bar() throws -> LuaValue {
            try LuaThread.run { try slot.current.call(.onBar, [.nil]).first ?? .nil }
        }

        func reload(_ changed: String = "counter.lua") throws -> [ReloadRecord] {
            reloader.prepare(changed: [folder.appendingPathComponent(changed)])
            return try LuaThread.run { reloader.applyPending() }
        }
    }

    @Test func aNewVersionTakesOverWithItsPredecessorsState() throws {
        let fixture = try Fixture(source: Self.counter(version: 1))
        _ = try fixture.bar()
        _ = try fixture.bar()
        try fixture.write(Self.counter(version: 10))
        let records = try fixture.reload()

        #expect(records.map(\.outcome) == [.applied(carriedState: true)])
        #expect(fixture.slot.version == 2)
        #expect(try fixture.bar() == .integer(30))  // third bar, multiplied by the new version's 10
        #expect(records.first?.time == 1_700_000_000)
    }

    @Test func aBrokenVersionLeavesTheOldOneRunning() throws {
        let fixture = try Fixture(source: Self.counter(version: 1))
        _ = try fixture.bar()
        try fixture.write("local S = {\nfunction S.on_bar() end")
        let records = try fixture.reload()

        guard case .failed(let message) = records.first?.outcome else { Issue.record("applied a broken file"); return }
        #expect(message.contains("counter.lua:2"))
        #expect(fixture.slot.version == 1)
        #expect(try fixture.bar() == .integer(2))
    }

    @Test func aFailingRestoreLeavesTheOldOneRunning() throws {
        let fixture = try Fixture(source: Self.counter(version: 1))
        _ = try fixture.bar()
        try fixture.write(Self.counter(version: 5, restoreBody: "error('cannot read state')"))
        let records = try fixture.reload()

        guard case .failed(let message) = records.first?.outcome else { Issue.record("applied"); return }
        #expect(message.contains("restore() of the new version failed"))
        #expect(message.contains("cannot read state"))
        #expect(try fixture.bar() == .integer(2))
        #expect(fixture.reloader.history.count == 1)
    }

    @Test func aChangedDependencyReloadsTheStrategiesThatRequireIt() throws {
        let helper = "return { factor = 2 }\n"
        let source = """
            local helper = require('scale')
            local S = { symbols = { '005930' }, timeframe = '1d' }
            function S.on_bar(ctx, bar) return helper.factor end
            return S
            """
        let fixture = try Fixture(source: source, extraFiles: ["scale.lua": helper])
        #expect(try fixture.bar() == .integer(2))
        try fixture.write("return { factor = 3 }\n", to: "scale.lua")
        let records = try fixture.reload("scale.lua")

        #expect(records.map(\.outcome) == [.applied(carriedState: false)])
        #expect(records.first?.trigger.first?.hasSuffix("scale.lua") == true)
        #expect(try fixture.bar() == .integer(3))
    }

    @Test func unrelatedChangesReloadNothing() throws {
        let fixture = try Fixture(source: Self.counter(version: 1), extraFiles: ["other.lua": "return {}"])
        #expect(try fixture.reload("other.lua").isEmpty)
        #expect(fixture.slot.version == 1)
    }

    @Test func savingTheFileIsPickedUpByTheWatcher() throws {
        let fixture = try Fixture(source: Self.counter(version: 1))
        try fixture.reloader.watch([fixture.folder], debounce: .milliseconds(20))
        defer { fixture.reloader.stopWatching() }
        try fixture.write(Self.counter(version: 7))
        let deadline = Date().addingTimeInterval(10)
        while !fixture.reloader.hasPending && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        let records = try LuaThread.run { fixture.reloader.applyPending() }

        #expect(records.map(\.outcome) == [.applied(carriedState: true)])
        #expect(try fixture.bar() == .integer(7))
    }
}
