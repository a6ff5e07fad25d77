public import KumoCore
public import KumoML
public import KumoSentiment

/// Samples for training and evaluation: windows of `time` consecutive feature rows of one symbol
/// ending at bar t, with the label of t. Built per symbol (windows never cross symbols) and kept
/// in time order with each sample's bar time, so splits can be made by time.
public struct Dataset: Sendable {
    public struct Sample: Sendable, Hashable {
        public var symbol: Symbol
        /// Index of the bar the window ends at, in the symbol's series.
        public var index: Int
        public var time: Timestamp
        /// Raw (unscaled) feature rows, oldest first: time × features.
        public var window: [[Double]]
        public var label: Double
    }

    public var features: [FeatureSpec]
    public var label: LabelSpec
    public var time: Int
    public var samples: [Sample]

    /// Builds every full window whose features are warm and whose label is known; `sentiment`
    /// features read `sentiment` (rows without it are incomplete).
    public init(series: [(symbol: Symbol, bars: [Bar])], features: [FeatureSpec], label: LabelSpec, time: Int, sentiment: SentimentBook? = nil) {
        self.features = features
        self.label = label
        self.time = time
        samples = []
        for (symbol, bars) in series {
            let rows = FeatureBuilder.rows(features, over: bars, sentiment: sentiment, symbol: symbol)
            let closes = bars.map(\.close.doubleValue)
            var run = 0  // consecutive complete rows ending here
            for t in rows.indices {
                run = rows[t].allSatisfy({ $0?.isFinite ?? false }) ? run + 1 : 0
                guard run >= time, let value = label.label(at: t, closes: closes) else { continue }
                let window = rows[(t - time + 1)...t].map { $0.map { $0! } }
                samples.append(Sample(symbol: symbol, index: t, time: bars[t].time, window: window, label: value))
            }
        }
        samples.sort { ($0.time, $0.symbol) < ($1.time, $1.symbol) }
    }

    /// A normaliser fitted on the rows of `indices` only (every row of each window).
    public func normalizer(_ kind: Normalizer.Kind, fittedOn indices: [Int]) -> Normalizer {
        Normalizer(kind: kind, fitting: indices.flatMap { samples[$0].window })
    }

    /// The inputs (n, time, features) of `indices`, scaled by `normalizer`.
    public func inputs(_ indices: [Int], _ normalizer: Normalizer) -> Tensor {
        var data: [Float] = []
        data.reserveCapacity(indices.count * time * features.count)
        for i in indices { for row in samples[i].window { data.append(contentsOf: normalizer.apply(row).map { Float($0) }) } }
        return Tensor(shape: [indices.count, time, features.count], data: data)
    }

    /// The targets of `indices`: values (n, 1), or classes.
    public func targets(_ indices: [Int]) -> Targets {
        label.isClassification
            ? .classes(indices.map { Int64(samples[$0].label) })
            : .values(Tensor(shape: [indices.count, 1], data: indices.map { Float(samples[$0].label) }))
    }
}

/// Walk-forward splits by time: each fold tests a block of samples and trains on every sample
/// before it whose label window ends before the block starts (purge: `horizon` bars), leaving
/// `embargo` more bars out after a test block when a later fold trains across it.
public enum WalkForward {
    public struct Fold: Sendable, Hashable {
        public var train: [Int]
        public var test: [Int]
    }

    /// `folds` consecutive test blocks over the last `testShare` of the samples (by time).
    public static func folds(_ dataset: Dataset, folds: Int, testShare: Double, embargo: Int = 0) -> [Fold] {
        let times = Array(Set(dataset.samples.map(\.time))).sorted()
        guard folds > 0, times.count > folds else { return [] }
        let firstTest = Int(Double(times.count) * (1 - testShare))
        let block = max(1, (times.count - firstTest) / folds)
        var result: [Fold] = []
        for fold in 0..<folds {
            let start = firstTest + fold * block
            let end = fold == folds - 1 ? times.count : min(times.count, start + block)
            guard start < end else { continue }
            let (testStart, testEnd) = (times[start], times[end - 1])
            // Purge: a training sample's label uses the next `horizon` bars; keep only those whose
            // label ends before the test block. Bars are counted in the sample's own series.
            let purgeFrom = start - dataset.label.horizon - embargo
            let cutoff = purgeFrom > 0 ? times[purgeFrom] : nil
            var train: [Int] = [], test: [Int] = []
            for (index, sample) in dataset.samples.enumerated() {
                if sample.time >= testStart && sample.time <= testEnd { test.append(index) }
                else if let cutoff, sample.time < cutoff { train.append(index) }
            }
            result.append(Fold(train: train, test: test))
        }
        return result
    }
}
