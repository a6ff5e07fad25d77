import KumoBacktest
public import KumoCore

/// Walk-forward analysis (Pardo, "The Evaluation and Optimization of Trading Strategies", 2008):
/// optimise on a training window, run the chosen parameters on the test window after it, step
/// forward and repeat; the test windows' returns, stitched, are an out-of-sample record.
public struct WalkForward: Sendable {
    public enum Mode: String, Sendable, CaseIterable {
        /// The training window slides with the test window.
        case rolling
        /// The training window always starts at the first bar and grows.
        case anchored
    }

    /// Bars (distinct bar times) in each training window, each test window, and between starts.
    public var train: Int
    public var test: Int
    public var step: Int
    public var mode: Mode
    /// Bars before each test window that its run replays first so indicators are warm; positions
    /// taken then are carried into the window (as they would be live) but their profit is not counted.
    public var warmup: Int

    public init(train: Int, test: Int, step: Int? = nil, mode: Mode = .rolling, warmup: Int = 0) throws(ResearchError) {
        guard train > 1, test > 1 else { throw .invalidInput("walk-forward windows need more than one bar each (train \(train), test \(test))") }
        self.train = train
        self.test = test
        self.step = step ?? test
        guard self.step > 0 else { throw .invalidInput("the walk-forward step must be positive") }
        self.mode = mode
        self.warmup = max(0, warmup)
    }

    /// One window's bar-index ranges.
    public struct Span: Sendable, Equatable {
        public var train: Range<Int>
        public var test: Range<Int>
    }

    /// The windows over `count` bar times; the last test window may be shorter.
    public func spans(count: Int) -> [Span] {
        var spans: [Span] = []
        var testStart = train
        while testStart < count {
            let trainStart = mode == .anchored ? 0 : testStart - train
            spans.append(Span(train: trainStart..<testStart, test: testStart..<min(testStart + test, count)))
            testStart += step
        }
        return spans
    }

    /// What one window chose and how it did.
    public struct Window: Sendable {
        public var trainFrom: Timestamp
        public var testFrom: Timestamp
        /// Exclusive; nil for a window that runs to the last bar.
        public var testTo: Timestamp?
        public var best: Trial?
        public var trials: Int
        public var inSample: [String: Double]
        public var outOfSample: [String: Double]
        /// The test window's daily returns.
        public var returns: [Double]
        public var times: [Timestamp]
        public var failure: String?
    }

    /// Runs every window: a study of `trials` trials per training window (seeded by the window's
    /// number), then the best parameters out of sample.
    public func run(
        runner: StrategyTrialRunner, study: Study, trials: Int, progress: (Int, Int) -> Void = { _, _ in }
    ) throws(ResearchError) -> WalkForwardResult {
        let times = runner.times
        let spans = spans(count: times.count)
        guard !spans.isEmpty else {
            throw .invalidInput("\(times.count) bars cannot hold a training window of \(train) and a test window after it")
        }
        var windows: [Window] = []
        for (number, span) in spans.enumerated() {
            progress(number, spans.count)
            var windowStudy = study
            windowStudy.seed = study.seed &+ UInt64(number)
            let from = times[span.train.lowerBound]
            let to = times[span.train.upperBound]
            let objective = study.objective
            let found = try windowStudy.run(trials: trials, store: nil) { context in
                runner.trial(context, objective: objective, from: from, to: to)
            }
            let testTo = span.test.upperBound < times.count ? times[span.test.upperBound] : nil
            var window = Window(
                trainFrom: from, testFrom: times[span.test.lowerBound], testTo: testTo, best: Study.best(found), trials: found.count,
                inSample: Study.best(found)?.metrics ?? [:], outOfSample: [:], returns: [], times: [])
            if let best = window.best {
                do throws(ResearchError) {
                    let replayFrom = times[max(0, span.test.lowerBound - warmup)]
                    let result = try runner.run(best.parameters, from: replayFrom, to: testTo)
                    let (returns, stamps) = Self.returns(of: result, from: window.testFrom)
                    window.returns = returns
                    window.times = stamps
                    window.outOfSample = WalkForwardResult.statistics(returns: returns, times: stamps, objective: objective)
                } catch {
                    window.failure = error.description
                }
            } else {
                window.failure = "no trial completed in the training window" + (found.first { $0.state == .failed }?.message.map { " (first failure: \($0))" } ?? "")
            }
            windows.append(window)
        }
        progress(spans.count, spans.count)
        return WalkForwardResult(windows: windows, objective: study.objective, parameters: study.space.parameters.map(\.name))
    }

    /// The daily returns of `result`'s curve from `start` on: the first measured from the last
    /// equity before `start` (the starting cash when there is none).
    static func returns(of result: BacktestResult, from start: Timestamp) -> ([Double], [Timestamp]) {
        var previous = result.initialCash
        var returns: [Double] = []
        var times: [Timestamp] = []
        for point in result.equityCurve {
            if point.time >= start {
                returns.append(previous > 0 ? point.equity / previous - 1 : 0)
                times.append(point.time)
            }
            previous = point.equity
        }
        return (returns, times)
    }
}
