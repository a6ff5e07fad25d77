public import Foundation
public import KumoCore
import Synchronization

extension MarketDataStore {
    /// One file to import as one series.
    public struct FileImport: Sendable {
        public var file: URL
        public var symbol: Symbol
        public var timeframe: Timeframe

        public init(file: URL, symbol: Symbol, timeframe: Timeframe) {
            self.file = file
            self.symbol = symbol
            self.timeframe = timeframe
        }
    }

    /// Why a file import failed: a bad file (named by file, line and field) or the store.
    public enum FileImportError: Error, Sendable, CustomStringConvertible {
        case file(BarImportError)
        case store(Failure)

        public var description: String {
            switch self {
            case .file(let error): error.description + " (nothing was imported)"
            case .store(let error): error.description
            }
        }
    }

}

/// One file's parse result, handed from a parsing thread to the inserting one.
private final class ParsedFileSlot: @unchecked Sendable {
    // @unchecked Sendable: `result` is written once by a parser before `ready` is signalled
    // and read only after waiting on it.
    var result: Result<[Bar], BarImportError>?
    let ready = DispatchSemaphore(value: 0)
}

extension MarketStore {
    /// Imports files in one transaction, parsing them on background threads while earlier ones
    /// are inserted; all of them or none. The first bad file in order is reported.
    /// - Returns: rows read and rows new or changed.
    public func importFiles(
        _ imports: [MarketDataStore.FileImport], reader: BarCSVReader = BarCSVReader()
    ) throws(MarketDataStore.FileImportError) -> (rows: Int, changed: Int) {
        let slots = imports.map { _ in ParsedFileSlot() }
        let next = Mutex(0)
        // One core stays with the inserting thread.
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount - 1, imports.count))
        for _ in 0..<workers {
            DispatchQueue.global(qos: .userInitiated).async {
                while true {
                    let index = next.withLock { value -> Int in
                        defer { value += 1 }
                        return value
                    }
                    guard index < imports.count else { return }
                    do throws(BarImportError) {
                        slots[index].result = .success(try reader.read(imports[index].file))
                    } catch {
                        slots[index].result = .failure(error)
                    }
                    slots[index].ready.signal()
                }
            }
        }
        var rows = 0
        let batches = AnyIterator<(symbol: Symbol, timeframe: Timeframe, bars: [Bar])?>(
            imports.indices.makeIterator().lazy.map { index -> (symbol: Symbol, timeframe: Timeframe, bars: [Bar])? in
                slots[index].ready.wait()
                guard case .success(let bars) = slots[index].result else { return nil }
                rows += bars.count
                return (imports[index].symbol, imports[index].timeframe, bars)
            }.makeIterator())
        do throws(MarketDataStore.Failure) {
            let changed = try importBars(streaming: batches)
            return (rows, changed)
        } catch {
            if let failed = slots.first(where: { if case .failure = $0.result { true } else { false } }),
                case .failure(let fileError) = failed.result
            {
                throw .file(fileError)
            }
            throw .store(error)
        }
    }
}
