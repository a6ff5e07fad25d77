import Foundation
import KumoBacktest
import KumoCore
import KumoData
import KumoEcon
import KumoEngine
import KumoLua
import KumoScripting
import KumoSentiment
import Testing

/// Filings and news in a backtest are point in time: a strategy reading `ctx:disclosures` and
/// `ctx:news` at each bar, and hearing `on_disclosure` and `on_news`, never sees an item before it
/// was published (a filing at 18:00 KST of its receipt date, a story at its time), hears every item
/// published by the last bar exactly once, and only its own symbols'.
struct AltDataLookAheadTests {
    /// Backtests `source` (a strategy on 005930) over `bars` with `feeds`; returns what it logged.
    static func run(_ source: String, bars: [Bar], feeds: AltDataFeeds) throws -> [ScriptLogEntry] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kumo-alt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("strategy.lua")
        try source.write(to: file, atomically: true, encoding: .utf8)
        let services = RecordingServices()
        let roots = ScriptRoots(project: BacktraderReferenceTests.project)
        _ = try LuaThread.run {
            try Backtest(configuration: EngineConfiguration()).run(series: [(Symbol("005930")!, bars)]) { kernel in
                let loaded = try StrategyLoader(roots: roots).load(file, services: services)
                loaded.attach(altData: feeds)
                let strategy = LuaEngineStrategy(loaded, kernel: kernel, symbols: [Symbol("005930")!])
                try strategy.start()
                return [strategy]
            }
        }
        return services.entries
    }
    @Test func aStrategyNeverSeesAFilingBeforeItsPublication() throws {
        // Twenty daily bars of 005930 from 2024-01-02; filings of 005930 and 000660 over eight weeks, some after the last bar.
        var prices: [(Int64, Int64, Int64, Int64)] = []
        for k in 0..<20 { prices.append((70_000 + Int64(k) * 100, 70_500 + Int64(k) * 100, 69_500 + Int64(k) * 100, 70_100 + Int64(k) * 100)) }
        let bars = TradingAPITests.bars(prices)
        var filings: [Disclosure] = []
        var number = 0
        for offset in 0..<40 {
            let day = CivilDate(year: 2024, month: 1, day: 2)!.adding(days: offset)
            guard !day.isWeekend else { continue }
            for (corp, code) in [("00126380", "005930"), ("00164779", "000660")] where (offset + Int(code.suffix(1))!) % 3 == 0 {
                number += 1
                let compact = day.compact
                filings.append(Disclosure(
                    corpCode: corp, corpName: corp, stockCode: code, corpClass: "Y", reportName: "단일판매ㆍ공급계약체결",
                    receiptNumber: compact + String(format: "%06d", number), filerName: corp, receiptDate: compact, remarks: ""))
            }
        }
        let feed = DisclosureFeed(filings)
        // A story every weekday at 07:30, 12:00 and 20:00 KST naming 005930 (and one naming 000660 alone).
        var stories: [NewsArticle] = []
        for offset in 0..<40 {
            let day = CivilDate(year: 2024, month: 1, day: 2)!.adding(days: offset)
            for (hour, minute, code) in [(7, 30, "005930"), (12, 0, "005930"), (20, 0, "005930"), (9, 0, "000660")] {
                let time = Timestamp(year: day.year, month: day.month, day: day.day, hour: hour, minute: minute, utcOffsetSeconds: 9 * 3600)!
                stories.append(NewsArticle(
                    key: "\(day.compact)-\(hour)-\(code)", titleKey: "\(day.compact)\(hour)\(code)", source: "test", title: "\(code) \(day.compact) \(hour)시", link: "",
                    summary: "", publishedAt: time, symbols: [Symbol(code)!]))
            }
        }
        let news = NewsFeed(stories)
        let source = """
            local S = { symbols = { '005930' }, timeframe = '1d' }
            function S.on_disclosure(ctx, d)
              ctx:log('info', string.format('heard %s %s %.0f %.0f', d.receipt_number, d.symbol, d.published, ctx:now()))
            end
            function S.on_news(ctx, story)
              ctx:log('info', string.format('news %s %s %.0f %.0f', story.title:gsub(' ', '_'), story.symbols[1], story.published, ctx:now()))
            end
            function S.on_bar(ctx, bar)
              local stories = ctx:news(bar.symbol, 5)
              local newest = 0
              for _, s in ipairs(stories) do if s.published > newest then newest = s.published end end
              ctx:log('info', string.format('read %.0f %d newest %.0f', ctx:now(), #stories, newest))
              local seen = ctx:disclosures(bar.symbol)
              local latest = 0
              for _, d in ipairs(seen) do if d.published > latest then latest = d.published end end
              ctx:log('info', string.format('bar %.0f saw %d latest %.0f', ctx:now(), #seen, latest))
              ctx:log('info', string.format('tone %.0f %d', ctx:now(), ctx:sentiment(bar.symbol).total))
            end
            return S
            """
        let scored = SentimentScorer(text: Lexicon.shipped(), name: "lexicon").items(news: stories, filings: filings)
        let entries = try Self.run(source, bars: bars, feeds: AltDataFeeds(disclosures: feed, news: news, sentiment: SentimentBook(scored)))
        let lines = entries.map(\.message)
        let own = filings.filter { $0.stockCode == "005930" }
        let last = bars.last!.time
        var heard: [String] = []
        for line in lines where line.hasPrefix("heard ") {
            let parts = line.split(separator: " ")
            heard.append(String(parts[1]))
            #expect(parts[2] == "005930", "only its own symbol's filings: \(line)")
            #expect(Double(parts[3])! <= Double(parts[4])!, "heard before publication: \(line)")
        }
        #expect(heard == own.filter { $0.publishedAt <= last }.map(\.receiptNumber), "every filing published by the last bar, once, in order")
        #expect(own.contains { $0.publishedAt > last }, "the corpus holds a filing after the run, which is never seen")
        var heardNews = 0
        for line in lines where line.hasPrefix("news ") {
            let parts = line.split(separator: " ")
            heardNews += 1
            #expect(parts[2] == "005930", "only its own symbol's news: \(line)")
            #expect(Double(parts[3])! <= Double(parts[4])!, "a story heard before its publication: \(line)")
        }
        #expect(heardNews == stories.count { $0.symbols == [Symbol("005930")!] && $0.publishedAt <= last })
        for line in lines where line.hasPrefix("read ") {
            let parts = line.split(separator: " ")
            let now = Double(parts[1])!, count = Int(parts[2])!, newest = Double(parts[4])!
            #expect(newest <= now, "ctx:news showed a story from the future: \(line)")
            #expect(count == min(5, stories.count { $0.symbols == [Symbol("005930")!] && $0.publishedAt.secondsSince1970 <= now }))
        }
        // ctx:sentiment counts exactly the symbol's stories and filings published by now.
        let tones = lines.filter { $0.hasPrefix("tone ") }
        #expect(tones.count == bars.count)
        for line in tones {
            let parts = line.split(separator: " ")
            let now = Double(parts[1])!
            let published = stories.count { $0.symbols.contains(Symbol("005930")!) && $0.publishedAt.secondsSince1970 <= now }
                + own.count { $0.publishedAt.secondsSince1970 <= now }
            #expect(Int(parts[2]) == published, "ctx:sentiment at \(now): \(line)")
        }
        let barLines = lines.filter { $0.hasPrefix("bar ") }
        #expect(barLines.count == bars.count)
        for line in barLines {
            let parts = line.split(separator: " ")
            let now = Double(parts[1])!, count = Int(parts[3])!, latest = Double(parts[5])!
            #expect(latest <= now, "ctx:disclosures showed a filing from the future: \(line)")
            #expect(count == own.count { $0.publishedAt.secondsSince1970 <= now }, "\(line)")
        }
    }
}

/// Economic series in a backtest are point in time: `ctx:econ` shows at each bar the latest
/// period released by then under the series' release rule, a revision only from when it was seen.
extension AltDataLookAheadTests {
    @Test func aStrategySeesEachEconomicValueOnlyFromItsRelease() throws {
        var prices: [(Int64, Int64, Int64, Int64)] = []
        for _ in 0..<20 { prices.append((70_000, 70_500, 69_500, 70_100)) }
        let bars = TradingAPITests.bars(prices)  // 2024-01-02 … 2024-01-29, stamped 00:00 KST
        let store = try MarketDataStore(path: FileManager.default.temporaryDirectory.appendingPathComponent("kumo-econ-\(UUID().uuidString).sqlite").path)
        let standard = Dictionary(uniqueKeysWithValues: EconSeriesDefinition.standard.map { ($0.name, $0) })
        func put(_ name: String, _ values: [(EconPeriod, Double)], seenAt: Timestamp) throws {
            let release = standard[name]!.release
            _ = try store.storeEcon(series: name, values: values, seenAt: seenAt) { release.releaseTime(of: $0, calendar: KRXHolidays.calendar) }
        }
        // USD/KRW on every weekday but New Year's Day, 1,300 + the day's number in the run.
        var fx: [(EconPeriod, Double)] = []
        var day = CivilDate(year: 2023, month: 12, day: 20)!
        var fxDays: [CivilDate] = []
        while day <= CivilDate(year: 2024, month: 1, day: 31)! {
            if !day.isWeekend, day != CivilDate(year: 2024, month: 1, day: 1)! {
                fx.append((EconPeriod(containing: day, frequency: .daily), 1300 + Double(fxDays.count)))
                fxDays.append(day)
            }
            day = day.adding(days: 1)
        }
        let early = Timestamp(year: 2023, month: 12, day: 1, utcOffsetSeconds: 0)!
        try put("usd_krw", fx, seenAt: early)
        let month = { (y: Int, m: Int) in EconPeriod(containing: CivilDate(year: y, month: m, day: 1)!, frequency: .monthly) }
        try put("cpi", [(month(2023, 10), 112.0), (month(2023, 11), 112.5), (month(2023, 12), 112.9), (month(2024, 1), 113.4)], seenAt: early)
        // November's CPI revised, seen on 2024-01-03 at 12:00 KST.
        try put("cpi", [(month(2023, 11), 112.6)], seenAt: Timestamp(year: 2024, month: 1, day: 3, hour: 12, utcOffsetSeconds: 9 * 3600)!)
        let feeds = try AltDataFeeds.load(from: store, symbols: [Symbol("005930")!], scorer: SentimentScorer(text: Lexicon.shipped(), name: "lexicon"))

        let source = """
            local S = { symbols = { '005930' }, timeframe = '1d' }
            function S.on_bar(ctx, bar)
              local fx, cpi = ctx:econ('usd_krw'), ctx:econ('cpi')
              local history = ctx:econ('cpi', 3)
              ctx:log('info', string.format('econ %s %s %.1f %s %.1f %.1f %d %.0f %.0f', os.date('!%Y-%m-%d', ctx:now() + 32400), fx.period, fx.value,
                cpi.period, cpi.value, cpi.previous or -1, #history, math.max(fx.published, cpi.published), ctx:now()))
              local ok, problem = pcall(ctx.econ, ctx, 'no_such_series')
              if not ok and bar.time == ctx:now() then ctx:log('info', 'refused ' .. tostring(problem)) end
            end
            return S
            """
        let entries = try Self.run(source, bars: bars, feeds: feeds)
        let lines = entries.map(\.message).filter { $0.hasPrefix("econ ") }
        #expect(lines.count == bars.count)
        // Written out by hand: CPI of a month is out at 08:00 on the fifth trading day after it
        // (November's on 2023-12-07; December's on 2024-01-08, New Year's Day being a holiday);
        // a day's USD/KRW at 18:00 that day, so a bar at 00:00 sees the trading day before.
        for line in lines {
            let parts = line.split(separator: " ").map(String.init)
            let date = CivilDate(parsing: parts[1])!
            let previousDay = fxDays.last { $0 < date }!
            #expect(parts[2] == previousDay.compact, "USD/KRW at \(date): \(line)")
            #expect(Double(parts[3])! == 1300 + Double(fxDays.firstIndex(of: previousDay)!))
            let expected: (String, Double, Double) =
                date < CivilDate(year: 2024, month: 1, day: 4)! ? ("202311", 112.5, 112.0)  // the revision was seen on the 3rd, at noon
                : date < CivilDate(year: 2024, month: 1, day: 9)! ? ("202311", 112.6, 112.0)
                : ("202312", 112.9, 112.6)
            #expect(parts[4] == expected.0 && Double(parts[5])! == expected.1 && Double(parts[6])! == expected.2, "CPI at \(date): \(line)")
            #expect(Int(parts[7]) == (date < CivilDate(year: 2024, month: 1, day: 9)! ? 2 : 3), "October and November, then December too: \(line)")
            #expect(Double(parts[8])! <= Double(parts[9])!, "a value seen before its release: \(line)")
        }
        #expect(entries.contains { $0.message.hasPrefix("refused ") && $0.message.contains("no series 'no_such_series'") })
    }
}
