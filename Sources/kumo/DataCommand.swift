import ArgumentParser
import Foundation
import KumoCore
import KumoData

struct DataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data", abstract: "Import, list, show and export stored market data.",
        subcommands: [DataImport.self, DataList.self, DataShow.self, DataExport.self, DataQuality.self, DataSynth.self, DataResample.self])
}

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
