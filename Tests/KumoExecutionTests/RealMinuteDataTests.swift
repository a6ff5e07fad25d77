import Foundation
import KumoCore
import KumoData
import KumoExecution
import Testing

/// The algorithms on real minute bars: the shipped index future of January–February 2006
/// (`../shared/data/index-futures-2006-01-minute.csv`, local exchange time read as KST so its
/// 09:00 open is the session's minute 0). The first 20 days teach the volume profile; the parents
/// run on the days after, over 09:01–15:19.
struct RealMinuteDataTests {
    static let days: [[Bar]] = {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/data/index-futures-2006-01-minute.csv")
        let bars = (try? BarCSVReader(timeParser: BarTimeParser(utcOffsetSeconds: KRXSessions.utcOffsetSeconds)).read(file)) ?? []
        return VolumeProfile.days(bars.filter { VolumeProfile.minute(of: $0.time) <= ParentOrder.lastContinuousMinute })
    }()

    @Test func vwapBeatsTWAPAgainstTheIntervalVWAPOnRealMinutes() throws {
        try #require(Self.days.count >= 38, "the shipped minute bars: \(Self.days.count) days")
        let profile = VolumeProfile(learning: Self.days.prefix(20).flatMap { $0 })
        var vwapMisses: [Double] = [], twapMisses: [Double] = []
        for (index, day) in Self.days.dropFirst(20).enumerated() {
            let quantity = day.reduce(Int64(0)) { $0 + $1.volume } / 100  // 1% of the window's volume
            let vwap = ExecutionSimulator().run(try ParentOrder(quantity: quantity, algorithm: .vwap(profile), startMinute: 1, endMinute: 379), day: day, buy: true)
            let twap = ExecutionSimulator().run(
                try ParentOrder(quantity: quantity, algorithm: .twap(randomization: 0.2, seed: UInt64(index)), startMinute: 1, endMinute: 379), day: day, buy: true)
            // The last minute's catch-up is capped at a quarter of its volume: a thin last minute can leave a few shares.
            #expect(Double(vwap.filled) >= 0.995 * Double(quantity) && Double(twap.filled) >= 0.995 * Double(quantity), "\(day[0].time): \(vwap.filled) \(twap.filled) of \(quantity)")
            vwapMisses.append(abs(vwap.slippageVersusVWAPbp))
            twapMisses.append(abs(twap.slippageVersusVWAPbp))
        }
        let vwapMean = vwapMisses.reduce(0, +) / Double(vwapMisses.count), twapMean = twapMisses.reduce(0, +) / Double(twapMisses.count)
        #expect(vwapMean <= 5, "VWAP misses the interval VWAP by \(vwapMean) bp on average: \(vwapMisses)")
        #expect(vwapMean < twapMean, "VWAP \(vwapMean) bp, TWAP \(twapMean) bp")
    }

    @Test func povKeepsItsParticipationOnRealMinutes() throws {
        let profile = VolumeProfile(learning: Self.days.prefix(20).flatMap { $0 })
        for target in [0.05, 0.15] {
            for day in Self.days.dropFirst(20).prefix(10) {
                let parent = try ParentOrder(quantity: 100_000_000, algorithm: .pov(participation: target, profile: profile), startMinute: 30, endMinute: 330)
                let report = ExecutionSimulator().run(parent, day: day, buy: true)
                #expect(abs(report.participation - target) <= 0.02, "target \(target): \(report.participation)")
            }
        }
    }
}
