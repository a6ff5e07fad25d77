public import KumoCore

extension IndicatorBar {
    /// The indicator view of an exact bar.
    public init(_ bar: Bar) {
        self.init(
            open: bar.open.doubleValue, high: bar.high.doubleValue, low: bar.low.doubleValue, close: bar.close.doubleValue,
            volume: Double(bar.volume))
    }
}

/// Indicator outputs as a table: one row per bar, the bar's label first, one column per output,
/// for `kumo indicators` to print as CSV or JSON.
public struct IndicatorTable: Sendable {
    public let header: [String]
    public let labels: [String]
    public let rows: [[Double?]]

    /// Why a table could not be built.
    public struct BuildError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Computes every spec over `bars`; `labels` (dates or times) name the rows.
    public init(labels: [String], bars: [IndicatorBar], specs: [IndicatorSpec], labelHeader: String = "date") throws(BuildError) {
        precondition(labels.count == bars.count, "One label per bar")
        var header = [labelHeader]
        var columns: [[[Double?]]] = []
        for spec in specs {
            if let clash = spec.columns.first(where: header.contains) {
                throw BuildError(description: "column '\(clash)' is produced twice; ask for \(spec) once")
            }
            header += spec.columns
            columns.append(IndicatorCatalog.table(for: spec, over: bars))
        }
        self.header = header
        self.labels = labels
        rows = bars.indices.map { index in columns.flatMap { $0[index] } }
    }

    /// CSV text; a warm-up value is an empty cell, numbers print with full precision.
    public func csv() -> String {
        var lines = [header.joined(separator: ",")]
        for (label, row) in zip(labels, rows) {
            lines.append(([label] + row.map { $0.map(Self.format) ?? "" }).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// JSON lines: one object per bar, warm-up values as null.
    public func jsonLines() -> String {
        zip(labels, rows).map { label, row in
            let fields = zip(header.dropFirst(), row).map { "\"\($0)\":\($1.map(Self.format) ?? "null")" }
            return "{\"\(header[0])\":\"\(label)\"" + (fields.isEmpty ? "" : "," + fields.joined(separator: ",")) + "}"
        }.joined(separator: "\n") + "\n"
    }

    static func format(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "Infinity" : "-Infinity") }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}
