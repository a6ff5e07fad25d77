import Foundation
import KumoIndicators
import Testing

/// Ichimoku lines, swings and the time, price and wave theories against the oracle of
/// `../shared/domain/ichimoku` (ichimoku_reference.py and the vectors it generated).
struct IchimokuTheoryTests {
    static let folder = ReferenceSeries.shared.appendingPathComponent("domain/ichimoku")

    static func vectors() throws -> [String: Any] {
        let data = try Data(contentsOf: folder.appendingPathComponent("test_vectors.json"))
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    static func bars(_ vectors: [String: Any]) -> [IndicatorBar] {
        let ohlc = vectors["ohlc"] as! [String: [Double]]
        return (0..<ohlc["close"]!.count).map {
            IndicatorBar(open: ohlc["open"]![$0], high: ohlc["high"]![$0], low: ohlc["low"]![$0], close: ohlc["close"]![$0])
        }
    }

    static func swings(_ list: Any?) -> [SwingPoint] {
        (list as! [[String: Any]]).map {
            SwingPoint(
                index: $0["i"] as! Int, price: ($0["p"] as! NSNumber).doubleValue,
                kind: ($0["kind"] as! String) == "H" ? .high : .low, isConfirmed: $0["confirmed"] as! Bool)
        }
    }

    static func rounded(_ value: Double?) -> Double? { value.map { ($0 * 10_000).rounded() / 10_000 } }

    @Test func linesMatchTheProbeBarsInBothConventions() throws {
        let vectors = try Self.vectors()
        let bars = Self.bars(vectors)
        let pandas = Ichimoku().values(over: bars)
        let tradingView = Ichimoku(displacement: 25).values(over: bars)
        for (key, value) in vectors["probe_bars"] as! [String: [String: Any]] {
            let i = Int(key)!
            func expected(_ name: String) -> Double? { (value[name] as? NSNumber)?.doubleValue }
            #expect(Self.rounded(pandas[i]?.tenkan) == expected("tenkan"), "bar \(i) tenkan")
            #expect(Self.rounded(pandas[i]?.kijun) == expected("kijun"), "bar \(i) kijun")
            #expect(Self.rounded(pandas[i]?.senkouALead) == expected("span_a_raw"), "bar \(i)")
            #expect(Self.rounded(pandas[i]?.senkouBLead) == expected("span_b_raw"), "bar \(i)")
            #expect(Self.rounded(pandas[i]?.senkouA) == expected("span_a_at_bar_pandas_ta"), "bar \(i)")
            #expect(Self.rounded(pandas[i]?.senkouB) == expected("span_b_at_bar_pandas_ta"), "bar \(i)")
            #expect(Self.rounded(pandas[i]?.chikou) == expected("chikou_at_bar_pandas_ta"), "bar \(i)")
            #expect(Self.rounded(tradingView[i]?.senkouA) == expected("span_a_at_bar_tradingview"), "bar \(i)")
            #expect(Self.rounded(tradingView[i]?.senkouB) == expected("span_b_at_bar_tradingview"), "bar \(i)")
            #expect(Self.rounded(tradingView[i]?.chikou) == expected("chikou_at_bar_tradingview"), "bar \(i)")
        }
        let future = vectors["future_cloud_pandas_ta"] as! [String: [Double]]
        #expect(pandas.suffix(26).map { Self.rounded($0?.senkouALead) } == future["span_a"]!.map { $0 })
        #expect(pandas.suffix(26).map { Self.rounded($0?.senkouBLead) } == future["span_b"]!.map { $0 })
        #expect(pandas.firstIndex { $0?.senkouA != nil } == 51)
        #expect(pandas.firstIndex { $0?.senkouB != nil } == 77)
    }

    @Test func zigzagAndFractalSwingsMatchTheOracle() throws {
        let vectors = try Self.vectors()
        let bars = Self.bars(vectors)
        var zigzag = ZigZagSwings(threshold: 0.08)
        var fractal = FractalSwings(reach: 5)
        for bar in bars {
            zigzag.update(high: bar.high, low: bar.low)
            fractal.update(high: bar.high, low: bar.low)
        }
        #expect(zigzag.confirmed + [zigzag.provisional].compactMap { $0 } == Self.swings(vectors["zigzag_8pct"]))
        let fractals = fractal.confirmed + [fractal.pending].compactMap { $0 }
        #expect(fractals == Self.swings(vectors["fractal_k5"]))
    }

    @Test func wavePriceAndTimeTheoryMatchTheOracle() throws {
        let vectors = try Self.vectors()
        let confirmed = Self.swings(vectors["zigzag_8pct"]).filter(\.isConfirmed)
        let wave = vectors["wave_class_zigzag"] as! [Any]
        let shape = WaveTheory.classify(confirmed)
        #expect(shape.shape.rawValue == wave[0] as! String)
        #expect(shape.direction == wave[1] as! Int)

        let targets = try #require(PriceTargets(swings: confirmed))
        let expected = vectors["price_targets_from_last_3_confirmed_zigzag"] as! [String: Double]
        #expect([targets.a, targets.b, targets.c] == [expected["A"], expected["B"], expected["C"]])
        #expect(targets.all.map(\.price) == [expected["E"], expected["N"], expected["V"], expected["NT"]])
        for hand in vectors["price_target_hand_vectors"] as! [[String: Double]] {
            let t = PriceTargets(a: hand["A"]!, b: hand["B"]!, c: hand["C"]!)
            #expect([t.e, t.n, t.v, t.nt] == [hand["E"]!, hand["N"]!, hand["V"]!, hand["NT"]!])
        }

        let counting = vectors["time_day_counting"] as! [String: Int]
        #expect(TimeTheory.dayIndex(from: 40, day: 9) == counting["day_9_inclusive"])
        #expect(TimeTheory.dayIndex(from: 40, day: 9, inclusive: false) == counting["day_9_exclusive"])
        #expect(TimeTheory.span(from: 40, to: 60) == counting["leg_40_to_60_inclusive_days"])

        let equal = TimeTheory.equalSpanProjections(from: confirmed)
        let expectedEqual = (vectors["taito_from_zigzag_inclusive"] as! [[String: Any]]).map {
            TimeTheory.Projection(bar: $0["bar"] as! Int, rule: .equalSpan($0["span"] as! Int, legs: $0["legs_used"] as! [Int]))
        }
        #expect(equal == expectedEqual)

        let basic = TimeTheory.basicNumberProjections(from: Array(confirmed.suffix(1)), after: 159)
        let expectedBasic = (vectors["kihon_from_last_confirmed_pivot"] as! [[String: Any]]).map {
            TimeTheory.Projection(bar: $0["bar"] as! Int, rule: .basicNumber($0["n"] as! Int, from: $0["from_i"] as! Int))
        }
        #expect(basic == expectedBasic)
    }

    @Test func equalSpansReproduceTheHandExample() {
        // Legs of 19, 13 and 21 days give 19, 13, 21, 31, 33 and 51 (realilmok.tistory.com/16).
        let swings = [0, 18, 30, 50].enumerated().map {
            SwingPoint(index: $0.element, price: Double($0.offset), kind: $0.offset % 2 == 0 ? .low : .high)
        }
        let spans = TimeTheory.equalSpanProjections(from: swings).map { projection -> Int in
            if case .equalSpan(let span, _) = projection.rule { return span }
            return 0
        }
        #expect(spans.sorted() == [13, 19, 21, 31, 33, 51])
    }

    @Test func priceTargetsAreTrackedAsBarsReachThem() {
        var tracker = PriceTargetTracker(targets: PriceTargets(a: 10_000, b: 13_000, c: 11_800))
        #expect(tracker.update(high: 13_700, low: 12_000) == ["NT"])
        #expect(tracker.update(high: 14_500, low: 13_000) == ["V"])
        #expect(tracker.update(high: 16_100, low: 14_000) == ["E", "N"])
        #expect(tracker.reached == ["NT": 0, "V": 1, "E": 2, "N": 2])
    }

    /// Feeding real bars one at a time, a swing once reported never changes or disappears.
    @Test(arguments: ReferenceSeries.names)
    func swingsNeverChangeOnceReported(_ series: String) throws {
        let bars = try ReferenceSeries.load(series).bars
        var zigzag = ZigZagSwings(threshold: 0.1)
        var fractal = FractalSwings(reach: 5)
        var seenZigzag: [SwingPoint] = []
        var seenFractal: [SwingPoint] = []
        for bar in bars {
            zigzag.update(high: bar.high, low: bar.low)
            fractal.update(high: bar.high, low: bar.low)
            #expect(Array(zigzag.confirmed.prefix(seenZigzag.count)) == seenZigzag)
            #expect(Array(fractal.confirmed.prefix(seenFractal.count)) == seenFractal)
            seenZigzag = zigzag.confirmed
            seenFractal = fractal.confirmed
        }
        #expect(seenZigzag.count > 20)
        // Kinds alternate; an outside bar can be both the swing high and the next swing low.
        #expect(zip(seenZigzag, seenZigzag.dropFirst()).allSatisfy { $0.kind != $1.kind && $0.index <= $1.index })
    }

    /// The oracle run on real data: the same swings, wave shape and projections.
    @Test func realSeriesAgreeWithThePythonOracle() throws {
        let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }
        let interpreter = try #require(python, "python3 runs the Ichimoku oracle")
        let csv = ReferenceSeries.shared.appendingPathComponent("data/krx-005930-daily.csv").path
        let script = """
            import sys, json, csv
            sys.path.insert(0, \(String(reflecting: Self.folder.path)))
            import ichimoku_reference as r
            rows = list(csv.DictReader(open(\(String(reflecting: csv)))))
            h = [float(x['high']) for x in rows]; l = [float(x['low']) for x in rows]
            zz = r.zigzag(h, l, 0.1); fr = r.fractal_pivots(h, l, 5)
            conf = [p for p in zz if p['confirmed']]
            print(json.dumps({'zz': zz, 'fr': fr, 'wave': r.classify_wave(conf), 'taito': r.taito_projections(conf)}))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: interpreter)
        process.arguments = ["-c", script]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let oracle = try JSONSerialization.jsonObject(with: data) as! [String: Any]

        let bars = try ReferenceSeries.load("krx-005930").bars
        var zigzag = ZigZagSwings(threshold: 0.1)
        var fractal = FractalSwings(reach: 5)
        for bar in bars {
            zigzag.update(high: bar.high, low: bar.low)
            fractal.update(high: bar.high, low: bar.low)
        }
        #expect(zigzag.confirmed + [zigzag.provisional].compactMap { $0 } == Self.swings(oracle["zz"]))
        #expect(fractal.confirmed + [fractal.pending].compactMap { $0 } == Self.swings(oracle["fr"]))
        let wave = oracle["wave"] as! [Any]
        #expect(WaveTheory.classify(zigzag.confirmed).shape.rawValue == wave[0] as! String)
        let spans = (oracle["taito"] as! [[String: Any]]).map { $0["bar"] as! Int }
        #expect(TimeTheory.equalSpanProjections(from: zigzag.confirmed).map(\.bar) == spans)
    }

    @Test func streamingLinesEqualBatchLinesBarByBar() throws {
        let bars = try ReferenceSeries.load("orcl-1995-2014").bars
        var streaming = Ichimoku()
        let batch = Ichimoku().values(over: bars)
        for (index, bar) in bars.enumerated() {
            var value = streaming.update(bar)
            value?.chikou = batch[index]?.chikou
            #expect(value == batch[index])
        }
    }
}
