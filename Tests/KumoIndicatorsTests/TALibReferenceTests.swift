import KumoIndicators
import Testing

/// Every indicator equals TA-Lib (and pandas for Ichimoku) on three real daily series, bar by
/// bar, warm-up included, streaming and batch.
struct TALibReferenceTests {
    typealias Columns = [String: [Double?]]

    /// Computes the columns an indicator covers, feeding bars one at a time.
    static func streaming(_ bars: [IndicatorBar]) -> Columns {
        var out: Columns = [:]
        func put(_ name: String, _ values: [Double?]) { out[name] = values }
        func stream<I: Indicator>(_ indicator: I) -> [I.Output?] {
            var running = indicator
            var values: [I.Output?] = []
            values.reserveCapacity(bars.count)
            for bar in bars { values.append(running.update(bar)) }
            return values
        }
        put("sma_20", stream(SMA(period: 20)))
        put("ema_20", stream(EMA(period: 20)))
        put("wma_20", stream(WMA(period: 20)))
        put("dema_20", stream(DEMA(period: 20)))
        put("tema_20", stream(TEMA(period: 20)))
        put("rsi_14", stream(RSI(period: 14)))
        let macd = stream(MACD(fast: 12, slow: 26, signal: 9))
        put("macd", macd.map { $0?.macd })
        put("macd_signal", macd.map { $0?.signal })
        put("macd_hist", macd.map { $0?.histogram })
        let bands = stream(BollingerBands(period: 20, upper: 2, lower: 2))
        put("bb_upper", bands.map { $0?.upper })
        put("bb_middle", bands.map { $0?.middle })
        put("bb_lower", bands.map { $0?.lower })
        put("atr_14", stream(ATR(period: 14)))
        let dmi = stream(DirectionalMovement(period: 14))
        put("adx_14", dmi.map { $0?.adx })
        put("plus_di_14", dmi.map { $0?.plusDI })
        put("minus_di_14", dmi.map { $0?.minusDI })
        let stochastic = stream(Stochastic(fastK: 14, slowK: 3, slowD: 3))
        put("stoch_k", stochastic.map { $0?.k })
        put("stoch_d", stochastic.map { $0?.d })
        put("willr_14", stream(WilliamsR(period: 14)))
        put("cci_14", stream(CCI(period: 14)))
        put("mfi_14", stream(MFI(period: 14)))
        put("obv", stream(OBV()))
        put("roc_10", stream(ROC(period: 10)))
        put("stddev_20", stream(StandardDeviation(period: 20, deviations: 1)))
        put("linreg_slope_14", stream(LinearRegressionSlope(period: 14)))
        put("sar", stream(ParabolicSAR(acceleration: 0.02, maximum: 0.2)))
        put("highest_20", stream(Highest(period: 20, of: .high)))
        put("lowest_20", stream(Lowest(period: 20, of: .low)))
        let ichimoku = Ichimoku(tenkan: 9, kijun: 26, senkou: 52).values(over: bars)
        put("tenkan", ichimoku.map { $0?.tenkan })
        put("kijun", ichimoku.map { $0?.kijun })
        put("senkou_a_lead", ichimoku.map { $0?.senkouALead })
        put("senkou_b_lead", ichimoku.map { $0?.senkouBLead })
        put("senkou_a", ichimoku.map { $0?.senkouA })
        put("senkou_b", ichimoku.map { $0?.senkouB })
        put("chikou", ichimoku.map { $0?.chikou })
        return out
    }

    @Test(arguments: ReferenceSeries.names)
    func everyColumnMatchesTheReference(_ series: String) throws {
        let reference = try ReferenceSeries.load(series)
        let ours = Self.streaming(reference.bars)
        let expectedColumns = Set(reference.columns.keys).subtracting(["date"])
        #expect(Set(ours.keys) == expectedColumns)
        for (column, expected) in reference.columns where column != "date" {
            let values = try #require(ours[column])
            try #require(values.count == expected.count, "\(column): \(values.count) values for \(expected.count) rows")
            var mismatches = 0
            for (row, (value, target)) in zip(values, expected).enumerated() {
                let ok: Bool
                switch (value, target) {
                case (nil, nil): ok = true
                case let (value?, target?): ok = ReferenceSeries.agrees(value, target)
                default: ok = false
                }
                if !ok {
                    mismatches += 1
                    if mismatches <= 3 {
                        Issue.record("\(series) \(column) row \(row + 2): Kumo \(String(describing: value)) vs reference \(String(describing: target))")
                    }
                }
            }
            #expect(mismatches == 0, "\(series) \(column): \(mismatches) rows differ")
        }
    }

    @Test func batchAndStreamingAgree() throws {
        let reference = try ReferenceSeries.load("orcl-1995-2014")
        let closes = reference.bars.map(\.close)
        #expect(SMA(period: 20).values(over: closes) == Self.streaming(reference.bars)["sma_20"])
        #expect(RSI(period: 14).values(over: reference.bars) == Self.streaming(reference.bars)["rsi_14"])
    }
}
