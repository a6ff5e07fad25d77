import Foundation
import KumoIndicators

/// The shared market data and TA-Lib's outputs on it (`../shared/data`, `../shared/reference`).
struct ReferenceSeries: Sendable {
    let name: String
    let bars: [IndicatorBar]
    let columns: [String: [Double?]]

    static let shared = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared")

    static let names = ["krx-005930", "orcl-1995-2014", "yhoo-1996-2014"]

    static func load(_ name: String) throws -> ReferenceSeries {
        let data = try String(contentsOf: shared.appendingPathComponent("data/\(name)\(name.hasPrefix("krx") ? "-daily" : "").csv"), encoding: .utf8)
        let bars = data.split(separator: "\n").dropFirst().map { line -> IndicatorBar in
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map { Double($0) ?? .nan }
            return IndicatorBar(open: cells[1], high: cells[2], low: cells[3], close: cells[4], volume: cells[5])
        }
        let reference = try String(contentsOf: shared.appendingPathComponent("reference/indicators-\(name).csv"), encoding: .utf8)
        let lines = reference.split(separator: "\n")
        let header = lines[0].split(separator: ",").map(String.init)
        var columns: [String: [Double?]] = [:]
        for name in header { columns[name] = [] }
        for line in lines.dropFirst() {
            for (name, cell) in zip(header, line.split(separator: ",", omittingEmptySubsequences: false)) {
                columns[name]!.append(Double(cell))
            }
        }
        return ReferenceSeries(name: name, bars: bars, columns: columns)
    }

    /// The reference file prints 10 decimals; beyond that, agreement is to 1e-9 relative.
    static func agrees(_ value: Double, _ reference: Double) -> Bool {
        abs(value - reference) <= max(1e-9 * abs(reference), 1e-10)
    }
}
