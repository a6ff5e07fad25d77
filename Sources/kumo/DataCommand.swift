import ArgumentParser
import Foundation
import KumoCore
import KumoData
import KumoPostgres

struct DataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data", abstract: "Import, list, show and export stored market data.",
        subcommands: [DataImport.self, DataList.self, DataShow.self, DataExport.self, DataQuality.self, DataSynth.self, DataResample.self, DataMigrate.self])
}

struct StoreOptions: ParsableArguments {
    @Option(help: "The store: a SQLite file (sqlite:PATH or PATH) or postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE (default: $KUMO_DB, else $KUMO_HOME/kumo.sqlite, else ./kumo-home/kumo.sqlite).")
    var db: String?

    /// The store `--db` names: PostgreSQL for a postgres:// address, else the SQLite file.
    func open() throws -> any MarketStore {
        try Self.open(db)
    }

    /// Whether the store `--db` names exists (a PostgreSQL database is taken to).
    var exists: Bool { StoreLocation.exists(Self.named(db)) }

    /// The store `text` names: itself, else `$KUMO_DB`, else the default SQLite file.
    static func named(_ text: String?) -> String {
        text ?? ProcessInfo.processInfo.environment["KUMO_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? MarketDataStore.defaultPath()
    }

    /// The store `text` names (`postgres://…`, `sqlite:PATH` or a path; nil: `$KUMO_DB`, else the default file).
    static func open(_ text: String?) throws -> any MarketStore {
        do throws(MarketDataStore.Failure) { return try StoreLocation.open(named(text)) } catch { throw ValidationError(error.description) }
    }
}

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
