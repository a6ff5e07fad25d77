import KumoIndicators
import Testing

/// Indicators the reference files do not cover, checked against numbers worked out by hand.
struct ChannelAndSignalTests {
    static let bars: [IndicatorBar] = [
        IndicatorBar(open: 10, high: 12, low: 9, close: 11, volume: 100),
        IndicatorBar(open: 11, high: 13, low: 10, close: 12, volume: 200),
        IndicatorBar(open: 12, high: 15, low: 11, close: 14, volume: 300),
        IndicatorBar(open: 14, high: 14, low: 8, close: 9, volume: 400),
    ]

    @Test func vwapWeighsTypicalPricesByVolumeWithinASession() {
        var vwap = VWAP()
        let values = Self.bars.map { vwap.update($0) }
        // typical prices 32/3, 35/3, 40/3, 31/3; weighted sums 3200, 10200, 22200, 34600 (×1/3)
        let sums: [Double] = [3200, 10_200, 22_200, 34_600]
        let volumes: [Double] = [100, 300, 600, 1000]
        let expected: [Double] = zip(sums, volumes).map { $0 / 3 / $1 }
        for (value, target) in zip(values, expected) { #expect(abs(value! - target) < 1e-12) }
        vwap.startSession()
        #expect(vwap.update(IndicatorBar(open: 1, high: 2, low: 1, close: 1.5, volume: 0)) == nil)
        #expect(abs(vwap.update(Self.bars[0])! - 32.0 / 3) < 1e-12)
    }

    @Test func donchianTracksTheRangeOfTheWindow() {
        let values = DonchianChannel(period: 3).values(over: Self.bars)
        #expect(values[0] == nil && values[1] == nil)
        #expect(values[2] == Channel(upper: 15, middle: 12, lower: 9))
        #expect(values[3] == Channel(upper: 15, middle: 11.5, lower: 8))
    }

    @Test func keltnerBandsAreTheEMAPlusAndMinusATRs() {
        let values = KeltnerChannel(period: 2, atrPeriod: 2, multiplier: 2).values(over: Self.bars)
        // EMA(2): seed (11 + 12) / 2 = 11.5 on the second bar, then (14 − 11.5)·2/3 + 11.5 on the third.
        // ATR(2): true ranges 3 and 4 on bars two and three → 3.5; on the fourth (3.5 + 6) / 2 = 4.75.
        #expect(values[1] == nil)
        let third = values[2]!
        #expect(abs(third.middle - (2.5 * 2 / 3 + 11.5)) < 1e-12)
        #expect(abs(third.upper - third.middle - 2 * 3.5) < 1e-12)
        let fourth = values[3]!
        #expect(abs(fourth.upper - fourth.middle - 2 * 4.75) < 1e-12)
    }

    @Test func specsParseAndExplainTheirMistakes() throws {
        #expect(try IndicatorSpec(parsing: "sma:20").columns == ["sma_20"])
        #expect(try IndicatorSpec(parsing: "MACD").description == "macd:12,26,9")
        #expect(try IndicatorSpec(parsing: "ichimoku:9,26,52").columns.last == "chikou")
        #expect(try IndicatorSpec(parsing: "adx:14").columns == ["adx_14", "plus_di_14", "minus_di_14"])
        #expect(throws: IndicatorSpec.ParseError.self) { try IndicatorSpec(parsing: "smaa:20") }
        #expect(throws: IndicatorSpec.ParseError.self) { try IndicatorSpec(parsing: "sma:20.5") }
        #expect(throws: IndicatorSpec.ParseError.self) { try IndicatorSpec(parsing: "sma:x") }
        #expect(throws: IndicatorSpec.ParseError.self) { try IndicatorSpec(parsing: "rsi:14,3") }
    }

    @Test func catalogRunnersEqualTheIndicatorsThemselves() throws {
        let series = try ReferenceSeries.load("yhoo-1996-2014")
        let rows = IndicatorCatalog.table(for: try IndicatorSpec(parsing: "bbands:20,2"), over: series.bars)
        let direct = BollingerBands(period: 20, upper: 2, lower: 2).values(over: series.bars)
        #expect(rows.map { $0[0] } == direct.map { $0?.upper })
        let ichimoku = IndicatorCatalog.table(for: try IndicatorSpec(parsing: "ichimoku"), over: series.bars)
        #expect(ichimoku.map { $0[6] } == series.columns["chikou"]!)
    }

    @Test func ichimokuSignalsReadTheCloudTheCrossAndTheLaggingSpan() {
        // A falling then rising market: the conversion line crosses the base line upwards.
        var bars: [IndicatorBar] = []
        for i in 0..<200 {
            let price = i < 100 ? 200.0 - Double(i) : 100.0 + Double(i - 100) * 2
            bars.append(IndicatorBar(open: price, high: price + 1, low: price - 1, close: price))
        }
        let values = IchimokuSignals().values(over: bars)
        let crosses: [IchimokuSignals.Cross] = values.compactMap { $0?.tkCross }
        #expect(crosses == [.bullish])
        #expect(values[199]?.priceVsCloud == .above)
        #expect(values[199]?.chikouVsPrice == .above)
        #expect(values[199]?.isCloudBullish == true)
        #expect(values[95]?.priceVsCloud == .below)
        #expect(values[95]?.isCloudBullish == false)
        #expect(values[95]?.chikouVsPrice == .below)
    }
}
