import ArgumentParser
import Foundation
import KumoCore
import KumoData

/// `kumo data import FILE…`: bar files into the store, all in one transaction.
struct DataImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import bar files in one transaction (all or nothing); re-importing is harmless.")

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
        let start = Date()
        let urls = files.map { URL(fileURLWithPath: $0) }
        let imports = try urls.map { url in
            MarketDataStore.FileImport(file: url, symbol: try DataArguments.symbol(try symbol ?? Self.symbolFromName(url)), timeframe: frame)
        }
        let result: (rows: Int, changed: Int)
        do throws(MarketDataStore.FileImportError) {
            result = try database.importFiles(imports, reader: reader)  // parsed on other cores while inserting
        } catch {
            throw ValidationError(error.description)
        }
        let seconds = max(Date().timeIntervalSince(start), 1e-6)
        progress(files.count, of: files.count, rows: result.rows, since: start)
        for item in imports { print("\(item.file.path): \(item.symbol) \(frame)") }
        print("imported \(result.rows) rows, \(result.changed) new or changed, in \(String(format: "%.2f", seconds)) s (\(Int(Double(result.rows) / seconds)) rows/s)")
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
