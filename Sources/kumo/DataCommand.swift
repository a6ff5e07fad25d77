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
    @Option(help: "The store: a SQLite file (default: $KUMO_HOME/kumo.sqlite, else ./kumo-home/kumo.sqlite) or, where a command says so, postgres://USER@HOST/DATABASE.")
    var db: String?

    /// The SQLite store (the commands that work on the file itself).
    func open() throws -> MarketDataStore {
        if let db, PostgresAddress.isAddress(db) {
            throw ValidationError("--db: this command works on the embedded SQLite store; backtests, kumo data list|show|quality|migrate, kumo econ show and kumo collect dart|news|econ take postgres://")
        }
        do throws(MarketDataStore.Failure) {
            return try MarketDataStore(path: Self.sqlitePath(db) ?? MarketDataStore.defaultPath())
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// The store `--db` names: PostgreSQL for a postgres:// address, else the SQLite file.
    func openAny() throws -> any MarketStore {
        try Self.open(db)
    }

    /// The store `text` names (`postgres://…`, `sqlite:PATH` or a path; nil: the default file).
    static func open(_ text: String?) throws -> any MarketStore {
        do throws(MarketDataStore.Failure) {
            if let text, PostgresAddress.isAddress(text) { return try PostgresMarketStore(url: text) }
            return try MarketDataStore(path: sqlitePath(text) ?? MarketDataStore.defaultPath())
        } catch {
            throw ValidationError(error.description)
        }
    }

    static func sqlitePath(_ text: String?) -> String? {
        guard let text else { return nil }
        return text.hasPrefix("sqlite:") ? String(text.dropFirst("sqlite:".count)) : text
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
