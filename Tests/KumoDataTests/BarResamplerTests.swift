import Foundation
import KumoCore
import KumoData
import Testing

/// Resampled bars against the same grouping computed independently by a Python script.
struct BarResamplerTests {
    static let shared = MarketDataStoreTests.shared

    /// Runs `script` with python3 and returns its stdout lines.
    static func python(_ script: String) throws -> [String] {
        let interpreter = ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(interpreter, "python3 computes the independent grouping"))
        process.arguments = ["-c", script]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    static func line(_ bar: Bar, _ label: String) -> String {
        "\(label),\(bar.open),\(bar.high),\(bar.low),\(bar.close),\(bar.volume)"
    }

    @Test func weeklyBarsMatchAnIndependentGrouping() throws {
        let file = Self.shared.appendingPathComponent("krx-005930-daily.csv")
        let daily = try BarCSVReader(timeParser: BarTimeParser(utcOffsetSeconds: 9 * 3600)).read(file)
        let weekly = BarResampler(target: Timeframe(1, .week)).resample(daily)
        let expected = try Self.python("""
            import csv, datetime
            weeks = {}
            order = []
            for r in csv.DictReader(open(\(String(reflecting: file.path)))):
                d = datetime.date(int(r['date'][:4]), int(r['date'][4:6]), int(r['date'][6:]))
                monday = d - datetime.timedelta(days=d.weekday())
                o, h, l, c, v = int(r['open']), int(r['high']), int(r['low']), int(r['close']), int(r['volume'])
                if monday not in weeks:
                    weeks[monday] = [o, h, l, c, v]; order.append(monday)
                else:
                    w = weeks[monday]; w[1] = max(w[1], h); w[2] = min(w[2], l); w[3] = c; w[4] += v
            for m in order:
                w = weeks[m]; print(f"{m.isoformat()},{w[0]},{w[1]},{w[2]},{w[3]},{w[4]}")
            """)
        let ours = weekly.map { Self.line($0, $0.time.isoDate(utcOffsetSeconds: 9 * 3600)) }
        #expect(ours.count == expected.count)
        #expect(ours == expected)
    }

    @Test func fiveMinuteBarsStartAtTheSessionAndNeverCrossDays() throws {
        let file = Self.shared.appendingPathComponent("index-futures-2006-01-minute.csv")
        let minutes = try BarCSVReader(timeParser: BarTimeParser(utcOffsetSeconds: 9 * 3600)).read(file)
        let five = BarResampler(target: Timeframe(5, .minute)).resample(minutes)
        let expected = try Self.python("""
            import csv
            buckets = {}
            order = []
            for r in csv.DictReader(open(\(String(reflecting: file.path)))):
                day, clock = r['time'].split('T')
                hh, mm = int(clock[:2]), int(clock[3:5])
                index = (hh * 60 + mm - 540) // 5
                key = (day, index)
                o, h, l, c, v = r['open'], float(r['high']), float(r['low']), r['close'], int(r['volume'])
                if key not in buckets:
                    buckets[key] = [o, h, l, c, v]; order.append(key)
                else:
                    b = buckets[key]; b[1] = max(b[1], h); b[2] = min(b[2], l); b[3] = c; b[4] += v
            for (day, index) in order:
                b = buckets[(day, index)]
                minute = 540 + index * 5
                def p(x): return ('%g' % float(x))
                print(f"{day}T{minute // 60:02d}:{minute % 60:02d}:00,{p(b[0])},{p(b[1])},{p(b[2])},{p(b[3])},{b[4]}")
            """)
        let ours = five.map { bar -> String in
            let c = bar.time.civil(utcOffsetSeconds: 9 * 3600)
            let label = "\(bar.time.isoDate(utcOffsetSeconds: 9 * 3600))T\(String(format: "%02d:%02d:00", c.hour, c.minute))"
            return Self.line(bar, label)
        }
        #expect(ours.count == expected.count)
        #expect(ours == expected)
        let days = Set(minutes.map { $0.time.isoDate(utcOffsetSeconds: 9 * 3600) })
        #expect(five.count > days.count * 60)
    }

    @Test func monthlyBarsUseCalendarMonthsInKoreaTime() throws {
        let daily = try BarCSVReader(timeParser: BarTimeParser(utcOffsetSeconds: 9 * 3600))
            .read(Self.shared.appendingPathComponent("krx-069500-daily.csv"))
        let monthly = BarResampler(target: Timeframe(1, .month)).resample(daily)
        let december = try #require(monthly.last)
        let decemberDays = daily.filter { $0.time.isoDate(utcOffsetSeconds: 9 * 3600).hasPrefix("2023-12") }
        #expect(december.time.isoDate(utcOffsetSeconds: 9 * 3600) == "2023-12-01")
        #expect(december.open == decemberDays.first!.open)
        #expect(december.close == decemberDays.last!.close)
        #expect(december.high == decemberDays.map(\.high).max())
        #expect(december.volume == decemberDays.map(\.volume).reduce(0, +))
    }
}

extension BarResamplerTests {
    @Test func tradesBecomeMinuteBars() {
        func tick(_ minute: Int, _ second: Int, _ price: Int64, _ quantity: Int64) -> Tick {
            Tick(time: Timestamp(year: 2024, month: 6, day: 3, hour: 9, minute: minute, second: second, utcOffsetSeconds: 9 * 3600)!,
                 price: Price(units: price), quantity: quantity)
        }
        let bars = BarResampler(target: Timeframe(1, .minute)).bars(from: [
            tick(0, 1, 71_500, 10), tick(0, 30, 71_700, 5), tick(0, 59, 71_400, 7), tick(1, 0, 71_600, 3),
        ])
        #expect(bars.count == 2)
        #expect(bars[0] == Bar(time: tick(0, 0, 0, 1).time, open: Price(units: 71_500), high: Price(units: 71_700),
                               low: Price(units: 71_400), close: Price(units: 71_400), volume: 22))
        #expect(bars[1].volume == 3)
    }
}
