public import Foundation
public import KumoCore
import Synchronization

extension BarCSVReader {
    /// Reads several files on all cores; the bars come back in file order. The first file (in
    /// order) that fails is reported, as a sequential read would.
    public func read(files: [URL]) throws(BarImportError) -> [[Bar]] {
        let results = Mutex<[Int: Result<[Bar], BarImportError>]>([:])
        let reader = self
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            let result: Result<[Bar], BarImportError>
            do throws(BarImportError) {
                result = .success(try reader.read(files[index]))
            } catch {
                result = .failure(error)
            }
            results.withLock { $0[index] = result }
        }
        let collected = results.withLock { $0 }
        var bars: [[Bar]] = []
        bars.reserveCapacity(files.count)
        for index in files.indices {
            switch collected[index]! {
            case .success(let value): bars.append(value)
            case .failure(let error): throw error
            }
        }
        return bars
    }
}
