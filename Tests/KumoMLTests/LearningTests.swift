import Foundation
import KumoCore
import KumoML
import KumoModels
import Testing

/// Learning for real: a planted, noisy signal is found out of sample and pure noise is not; data
/// after a split point reaches no normaliser, sample or prediction before it.
struct LearningTests {
    /// Daily bars whose log returns follow r_t = φ·r_{t−1} + ε (ε ~ N(0, 1%)): with φ > 0 the last
    /// return predicts the next one (IC ≈ φ); with φ = 0 nothing does.
    static func series(symbols: Int, days: Int, phi: Double, seed: UInt64) -> [(symbol: Symbol, bars: [Bar])] {
        var random = SplitMix64(seed: seed)
        func normal() -> Double {
            let u1 = max(Double(random.next() >> 11) / Double(1 << 53), 1e-12), u2 = Double(random.next() >> 11) / Double(1 << 53)
            return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
        }
        return (0..<symbols).map { s in
            var close = 10_000.0, previous = 0.0
            var date = CivilDate(year: 2015, month: 1, day: 5)!
            var bars: [Bar] = []
            for _ in 0..<days {
                while date.isWeekend { date = date.adding(days: 1) }
                let r = phi * previous + 0.01 * normal()
                previous = r
                let open = close
                close *= exp(r)
                let high = max(open, close) * (1 + 0.002 * abs(normal())), low = min(open, close) * (1 - 0.002 * abs(normal()))
                func price(_ value: Double) -> Price { Price(micros: Int64((value * 1e6).rounded())) }
                bars.append(Bar(
                    time: Timestamp(year: date.year, month: date.month, day: date.day, utcOffsetSeconds: 9 * 3600)!, open: price(open), high: price(high),
                    low: price(low), close: price(close), volume: 100_000 + Int64(abs(normal()) * 10_000)))
                date = date.adding(days: 1)
            }
            return (Symbol("S\(s)")!, bars)
        }
    }

    static let features = try! ["return:1", "return:5", "range", "volume_z:20"].map { try FeatureSpec(parsing: $0) }

    static let spec = try! ModelSpec.parse(Data(#"""
        {"format": "kumo-model/1", "name": "probe", "input": {"time": 10, "features": 4}, "layers": [
          {"op": "last_step"}, {"op": "linear", "weights": "fc", "in_features": 4, "out_features": 8}, {"op": "tanh"},
          {"op": "linear", "weights": "out", "in_features": 8, "out_features": 1}]}
        """#.utf8))

    static let config = try! TrainingConfig.parse(Data(#"""
        {"loss": "mse", "optimizer": {"type": "adam", "lr": 0.01}, "batch_size": 64, "epochs": 4, "shuffle": true, "seed": 3}
        """#.utf8))

    static func outOfSampleIC(phi: Double) -> Double {
        let dataset = Dataset(series: series(symbols: 4, days: 1200, phi: phi, seed: 9), features: features, label: .forwardReturn(horizon: 1), time: 10)
        let fold = WalkForward.folds(dataset, folds: 1, testShare: 0.3)[0]
        let fitted = Pipeline.fit(dataset, spec: spec, config: config, train: fold.train, normalizer: .zscore)
        return Pipeline.evaluate(fitted.model, fitted.normalizer, dataset, fold.test).informationCoefficient
    }

    @Test func aPlantedSignalIsFoundOutOfSampleAndNoiseIsNot() {
        let planted = Self.outOfSampleIC(phi: 0.3)
        let noise = Self.outOfSampleIC(phi: 0)
        // About 1,400 test samples: an IC's standard error is ≈ 0.027.
        #expect(planted > 0.15, "planted IC \(planted)")
        #expect(abs(noise) < 0.08, "noise IC \(noise)")
    }

    @Test func dataAfterTheSplitReachesNothingBeforeIt() {
        let original = Self.series(symbols: 2, days: 500, phi: 0.3, seed: 4)
        let dataset = Dataset(series: original, features: Self.features, label: .forwardReturn(horizon: 3), time: 10)
        let fold = WalkForward.folds(dataset, folds: 1, testShare: 0.3)[0]
        let split = fold.test.map { dataset.samples[$0].time }.min()!
        // Every bar from the split on is replaced by something else entirely.
        var changed = original
        for s in changed.indices {
            for i in changed[s].bars.indices where changed[s].bars[i].time >= split {
                var bar = changed[s].bars[i]
                bar.close = Price(micros: bar.close.micros * 3)
                bar.high = Price(micros: bar.high.micros * 3)
                bar.volume *= 7
                changed[s].bars[i] = bar
            }
        }
        let other = Dataset(series: changed, features: Self.features, label: .forwardReturn(horizon: 3), time: 10)
        let otherFold = WalkForward.folds(other, folds: 1, testShare: 0.3)[0]
        #expect(otherFold.train == fold.train)
        #expect(fold.train.allSatisfy { dataset.samples[$0] == other.samples[$0] })
        // Purged: no training label reaches into the test block.
        #expect(fold.train.allSatisfy { dataset.samples[$0].time < split })
        let a = Pipeline.fit(dataset, spec: Self.spec, config: Self.config, train: fold.train, normalizer: .robust)
        let b = Pipeline.fit(other, spec: Self.spec, config: Self.config, train: otherFold.train, normalizer: .robust)
        #expect(a.normalizer == b.normalizer)
        let before = fold.train.suffix(50).map { $0 }
        #expect(Pipeline.predict(a.model, a.normalizer, dataset, before) == Pipeline.predict(b.model, b.normalizer, other, before))
        // The data did change after the split.
        #expect(fold.test.contains { dataset.samples[$0] != other.samples[$0] })
    }
}
