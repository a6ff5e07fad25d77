import ArgumentParser
import Foundation
import KumoCore
import KumoData

/// `kumo data …`: import, list, show and export stored market data.
struct DataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data", abstract: "Import, list, show and export stored market data.",
        subcommands: [DataImport.self, DataList.self, DataShow.self, DataExport.self, DataQuality.self, DataSynth.self, DataResample.self])
}

/// Options every data command shares: where the database is.
struct StoreOptions: ParsableArguments {
    @Option(help: "The database file (default: $KUMO_HOME/kumo.sqlite, else ./kumo-home/kumo.sqlite).")
    var db: String?

    func open() throws -> MarketDataStore {
        do throws(MarketDataStore.Failure) {
            return try MarketDataStore(path: db ?? MarketDataStore.defaultPath())
        } catch {
            throw ValidationError(error.description)
        }
    }
}

/// Parses the symbol and timeframe arguments the data commands take.
enum DataArguments {
    static func symbol(_ text: String) throws -> Symbol {
        guard let symbol = Symbol(text) else { throw ValidationError("'\(text)' is not a symbol code (letters, digits, . - _)") }
        return symbol
    }

    static func timeframe(_ text: String) throws -> Timeframe {
        guard let timeframe = Timeframe(parsing: text) else {
            throw ValidationError("'\(text)' is not a timeframe (one of \(Timeframe.examples))")
        }
        return timeframe
    }

    static func date(_ text: String?, offset: Int) throws -> Timestamp? {
        guard let text else { return nil }
        guard let time = BarTimeParser(utcOffsetSeconds: offset).parse(text) else {
            throw ValidationError("'\(text)' is not a date (YYYY-MM-DD)")
        }
        return time
    }
}

struct DataImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import bar files; each file is all or nothing, re-importing is harmless.")

    @Argument(help: "Bar files (CSV or tab-separated).")
    var files: [String]

    @Option(help: "The symbol (default: the file's `code` column or its name's digits, such as 005930).")
    var symbol: String?

    @Option(help: "The bars' timeframe.")
    var timeframe = "1d"

    @Option(help: "UTC offset of times without one (KRX files: +09:00).")
    var tz = "+09:00"

    @Option(name: .customLong("column"), help: "Map a header to a field, such as --column Datum=time; repeatable.")
    var columns: [String] = []

    @OptionGroup var store: StoreOptions

    func run() throws {
        let database = try store.open()
        let frame = try DataArguments.timeframe(timeframe)
        var overrides: [String: BarColumn] = [:]
        for mapping in columns {
            let parts = mapping.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let field = BarColumn(rawValue: parts[1]) else {
                throw ValidationError("--column '\(mapping)' must be HEADER=FIELD with FIELD one of \(BarColumn.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            overrides[parts[0]] = field
        }
        let reader = BarCSVReader(timeParser: BarTimeParser(utcOffsetSeconds: try UTCOffset.parse(tz)), headerOverrides: overrides)
        var batches: [(symbol: Symbol, timeframe: Timeframe, bars: [Bar])] = []
        let start = Date()
        let urls = files.map { URL(fileURLWithPath: $0) }
        let targets = try urls.map { try DataArguments.symbol(try symbol ?? Self.symbolFromName($0)) }
        let parsed: [[Bar]]
        do throws(BarImportError) {
            parsed = try reader.read(files: urls)  // all cores; the first bad file in order is reported
        } catch {
            throw ValidationError(error.description + " (nothing was imported)")
        }
        batches = zip(targets, parsed).map { ($0, frame, $1) }
        progress(batches.count, of: files.count, rows: batches.map(\.bars.count).reduce(0, +), since: start)
        let changed: Int
        do throws(MarketDataStore.Failure) {
            changed = try database.importBars(batches)
        } catch {
            throw ValidationError(error.description)
        }
        let rows = batches.map(\.bars.count).reduce(0, +)
        let seconds = max(Date().timeIntervalSince(start), 1e-6)
        for (file, batch) in zip(files, batches) { print("\(file): \(batch.bars.count) bars of \(batch.symbol) \(frame)") }
        print("imported \(rows) rows, \(changed) new or changed, in \(String(format: "%.2f", seconds)) s (\(Int(Double(rows) / seconds)) rows/s)")
    }

    /// On a terminal, one line rewritten in place; in a pipe, nothing (the summary follows).
    func progress(_ done: Int, of total: Int, rows: Int, since start: Date) {
        guard isatty(STDOUT_FILENO) != 0, total > 1 else { return }
        let rate = Int(Double(rows) / max(Date().timeIntervalSince(start), 1e-6))
        let line = "\r[\(done)/\(total)] \(rows) rows read (\(rate) rows/s)" + (done == total ? "\n" : "")
        FileHandle.standardOutput.write(Data(line.utf8))  // unbuffered, so the line updates in place
    }

    /// The symbol a file's name suggests: a six-digit KRX code in it, else the name itself.
    static func symbolFromName(_ url: URL) throws -> String {
        let name = url.deletingPathExtension().lastPathComponent
        let pieces: [Substring] = name.split(separator: "-")
        if let code = pieces.first(where: { $0.count == 6 && $0.allSatisfy(\.isNumber) }) { return String(code) }
        return String(pieces.first ?? Substring(name)).uppercased()
    }
}

struct DataList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the stored series.")

    @OptionGroup var store: StoreOptions

    func run() throws {
        let database = try store.open()
        let series: [MarketDataStore.SeriesSummary]
        do throws(MarketDataStore.Failure) { series = try database.series() } catch { throw ValidationError(error.description) }
        if series.isEmpty { print("no data in \(database.path); import some with kumo data import FILE") }
        for item in series {
            print("\(item.symbol)\t\(item.timeframe)\t\(item.count) bars\t\(item.first.isoDate(utcOffsetSeconds: 9 * 3600)) … \(item.last.isoDate(utcOffsetSeconds: 9 * 3600))")
        }
    }
}

struct DataShow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Print a symbol's stored bars as CSV or JSON lines.")

    @OptionGroup var arguments: BarQueryArguments

    func run() throws { try arguments.printBars() }
}

/// `kumo data export SYMBOL`: the same bars, for files and pipes.
struct DataExport: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "Export a symbol's bars to standard output (csv or jsonl).")

    @OptionGroup var arguments: BarQueryArguments

    func run() throws { try arguments.printBars() }
}

/// Which stored bars to read, and how to print them.
struct BarQueryArguments: ParsableArguments {
    @Argument var symbol: String
    @Option var timeframe = "1d"
    @Option(help: "First date (YYYY-MM-DD).") var from: String?
    @Option(help: "Last date, exclusive (YYYY-MM-DD).") var to: String?
    @Option(help: "csv or jsonl.") var format = "csv"
    @OptionGroup var store: StoreOptions

    func printBars() throws {
        guard ["csv", "jsonl"].contains(format) else { throw ValidationError("--format must be csv or jsonl, not '\(format)'") }
        let database = try store.open()
        let offset = 9 * 3600
        let code = try DataArguments.symbol(symbol)
        let frame = try DataArguments.timeframe(timeframe)
        var count = 0
        try database.forEachBar(
            symbol: code, timeframe: frame, from: try DataArguments.date(from, offset: offset), to: try DataArguments.date(to, offset: offset)
        ) { bar in
            if count == 0, format == "csv" { print("date,open,high,low,close,volume") }
            count += 1
            let date = frame.isIntraday ? bar.time.iso8601(utcOffsetSeconds: offset) : bar.time.isoDate(utcOffsetSeconds: offset)
            if format == "csv" {
                print("\(date),\(bar.open),\(bar.high),\(bar.low),\(bar.close),\(bar.volume)")
            } else {
                print("{\"date\":\"\(date)\",\"open\":\(bar.open),\"high\":\(bar.high),\"low\":\(bar.low),\"close\":\(bar.close),\"volume\":\(bar.volume)}")
            }
        }
        if count == 0 { throw ValidationError("no \(frame) bars of \(code) in \(database.path)") }
    }
}

/// Where the indicator and chart commands read bars: a file, or a stored symbol.
struct BarSourceArguments: ParsableArguments {
    @Argument(help: "A bar file (CSV or tab-separated) or a stored symbol such as 005930.")
    var source: String

    @Option(help: "The stored bars' timeframe, when SOURCE is a symbol.")
    var timeframe = "1d"

    @Option(help: "UTC offset of times without one, such as +09:00 for KRX files.")
    var tz = "+09:00"

    @OptionGroup var store: StoreOptions

    /// The bars, their labels (dates, or times for intraday bars) and a title.
    func load(lenient: Bool = false) throws -> (bars: [Bar], labels: [String], title: String, isIntraday: Bool, offset: Int) {
        let offset = try UTCOffset.parse(tz)
        var bars: [Bar]
        var title = source
        var intraday: Bool
        if FileManager.default.fileExists(atPath: source) {
            var reader = BarCSVReader(timeParser: BarTimeParser(utcOffsetSeconds: offset))
            reader.rejectsInconsistentBars = !lenient
            do throws(BarImportError) {
                bars = try reader.read(URL(fileURLWithPath: source))
            } catch {
                throw ValidationError(error.description)
            }
            title = URL(fileURLWithPath: source).deletingPathExtension().lastPathComponent
            intraday = zip(bars, bars.dropFirst()).contains { $1.time.nanoseconds - $0.time.nanoseconds < 86_400_000_000_000 }
        } else {
            let symbol = try DataArguments.symbol(source)
            let frame = try DataArguments.timeframe(timeframe)
            let database = try store.open()
            do throws(MarketDataStore.Failure) {
                bars = try database.bars(symbol: symbol, timeframe: frame)
            } catch {
                throw ValidationError(error.description)
            }
            guard !bars.isEmpty else {
                throw ValidationError("'\(source)' is neither a file nor a stored symbol with \(frame) bars (kumo data list shows what is stored)")
            }
            intraday = frame.isIntraday
        }
        let labels = bars.map { intraday ? String($0.time.description.dropLast()) : $0.time.isoDate(utcOffsetSeconds: offset) }
        return (bars, labels, title, intraday, offset)
    }
}

/// `kumo data quality (FILE | SYMBOL)`: the findings, and exit status 1 when any is an error.
struct DataQuality: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quality", abstract: "Check a series: OHLC consistency, duplicates, order, gaps, outliers, halts, splits.")

    @OptionGroup var source: BarSourceArguments

    @Option(help: "A close-to-close move beyond this percentage is reported.")
    var outlier = 30.0

    @Option(help: "A holiday file (YYYY-MM-DD per line); default $KUMO_HOME/holidays.txt when it exists.")
    var holidays: String?

    @Option(help: "Report runs of at least this many missing trading days (5 suits a calendar without holidays).")
    var minGap = 5

    func run() throws {
        let (bars, _, title, _, offset) = try source.load(lenient: true)
        let calendar: WeekdayCalendar
        do throws(BarImportError) {
            if let holidays {
                calendar = try HolidayFile.calendar(from: URL(fileURLWithPath: holidays))
            } else {
                calendar = try HolidayFile.defaultCalendar()
            }
        } catch {
            throw ValidationError(error.description)
        }
        let report = DataQualityReport(
            bars: bars, timeframe: try DataArguments.timeframe(source.timeframe), calendar: calendar, utcOffsetSeconds: offset,
            outlierPercent: outlier, minimumGap: minGap)
        for line in report.lines(utcOffsetSeconds: offset) { print(line) }
        let errors = report.findings.filter { $0.severity == .error }.count
        print("\(title): \(bars.count) bars, \(errors) error\(errors == 1 ? "" : "s"), \(report.findings.count - errors) warning\(report.findings.count - errors == 1 ? "" : "s")")
        if errors > 0 { throw ExitCode(1) }
    }
}

/// `kumo data synth --symbols N --days D --seed S`: deterministic sample data into the store.
struct DataSynth: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth", abstract: "Generate a deterministic synthetic KRX market into the store.")

    @Option(help: "How many symbols (SYN0001 …).") var symbols = 10
    @Option(help: "How many trading days.") var days = 500
    @Option(help: "The random seed: the same seed gives the same bars.") var seed: UInt64 = 1
    @Option(help: "1d or 1m bars.") var timeframe = "1d"
    @Option(help: "The first day (YYYY-MM-DD).") var start = "2024-01-02"
    @OptionGroup var store: StoreOptions

    func run() throws {
        guard (1...9999).contains(symbols), days >= 1 else { throw ValidationError("--symbols must be 1…9999 and --days at least 1") }
        guard let first = CivilDate(parsing: start) else { throw ValidationError("--start '\(start)' is not a date (YYYY-MM-DD)") }
        let frame = try DataArguments.timeframe(timeframe)
        guard frame == Timeframe(1, .day) || frame == Timeframe(1, .minute) else { throw ValidationError("--timeframe must be 1d or 1m") }
        let market = SyntheticMarket(seed: seed, symbols: symbols, days: days, start: first)
        let database = try store.open()
        let series = frame.unit == .day ? market.dailyBars() : market.minuteBars()
        for (symbol, bars) in series {
            do throws(MarketDataStore.Failure) {
                try database.importBars(bars, symbol: symbol, timeframe: frame)
            } catch {
                throw ValidationError(error.description)
            }
        }
        print("generated \(symbols) symbols × \(days) days of \(frame) bars (seed \(seed)) into \(database.path)")
    }
}

/// `kumo data resample SYMBOL --from 1m --to 5m`: longer bars built from stored shorter ones, stored too.
struct DataResample: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resample", abstract: "Build longer bars (5m, 60m, 1d, 1w, 1M) from stored shorter ones and store them.")

    @Argument var symbol: String
    @Option(name: .customLong("from"), help: "The stored timeframe.") var source = "1m"
    @Option(name: .customLong("to"), help: "The timeframe to build.") var target = "5m"
    @OptionGroup var store: StoreOptions

    func run() throws {
        let code = try DataArguments.symbol(symbol)
        let from = try DataArguments.timeframe(source)
        let to = try DataArguments.timeframe(target)
        guard let fromSeconds = from.seconds ?? (from.unit == .month ? 2_592_000 : nil), let toSeconds = to.seconds ?? (to.unit == .month ? 2_592_000 : nil),
            toSeconds > fromSeconds, to.unit != .tick, to.unit != .second
        else { throw ValidationError("--to \(to) must be longer than --from \(from) (and at least a minute)") }
        let database = try store.open()
        let bars: [Bar]
        do throws(MarketDataStore.Failure) { bars = try database.bars(symbol: code, timeframe: from) } catch { throw ValidationError(error.description) }
        guard !bars.isEmpty else { throw ValidationError("no \(from) bars of \(code) to resample") }
        let resampled = BarResampler(target: to).resample(bars)
        do throws(MarketDataStore.Failure) {
            try database.importBars(resampled, symbol: code, timeframe: to)
        } catch {
            throw ValidationError(error.description)
        }
        print("\(code): \(bars.count) \(from) bars → \(resampled.count) \(to) bars")
    }
}
