import Foundation

/// Small self-contained SVG charts for research reports: lines, bars, scatter and heatmaps,
/// with their axes labelled. No script, no external resource.
public enum SVGChart {
    static let width = 760.0
    static let height = 260.0
    static let left = 60.0, right = 740.0, top = 16.0, bottom = 228.0

    static func format(_ value: Double) -> String {
        abs(value) >= 1000 ? String(format: "%.0f", value) : abs(value) >= 10 ? String(format: "%.1f", value) : String(format: "%.3f", value)
    }

    public static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func frame(low: Double, high: Double, _ body: String, xLabels: (String, String), yTitle: String? = nil) -> String {
        """
        <svg viewBox="0 0 \(Int(width)) \(Int(height))" xmlns="http://www.w3.org/2000/svg" font-family="sans-serif" font-size="11">\
        <line x1="\(left)" y1="\(bottom)" x2="\(right)" y2="\(bottom)" stroke="#999"/><line x1="\(left)" y1="\(top)" x2="\(left)" y2="\(bottom)" stroke="#999"/>\
        <text x="\(left - 4)" y="\(top + 8)" text-anchor="end">\(format(high))</text><text x="\(left - 4)" y="\(bottom)" text-anchor="end">\(format(low))</text>\
        <text x="\(left)" y="\(bottom + 16)">\(escape(xLabels.0))</text><text x="\(right)" y="\(bottom + 16)" text-anchor="end">\(escape(xLabels.1))</text>\
        \(yTitle.map { "<text x=\"8\" y=\"12\">\(escape($0))</text>" } ?? "")\(body)</svg>
        """
    }

    /// Several series on one axis (a fan chart passes its percentiles), each `(values, colour)`.
    public static func lines(_ series: [(values: [Double], color: String)], xLabels: (String, String) = ("", "")) -> String {
        let all = series.flatMap(\.values).filter(\.isFinite)
        guard let low = all.min(), let high = all.max(), let count = series.map(\.values.count).max(), count > 1 else { return "<p>(no data)</p>" }
        let span = high > low ? high - low : 1
        let paths = series.map { item -> String in
            let points = item.values.enumerated().map { index, value in
                String(format: "%.1f,%.1f", left + (right - left) * Double(index) / Double(count - 1), bottom - (bottom - top) * (value - low) / span)
            }
            return "<polyline fill=\"none\" stroke=\"\(item.color)\" stroke-width=\"1.3\" points=\"\(points.joined(separator: " "))\"/>"
        }
        return frame(low: low, high: high, paths.joined(), xLabels: xLabels)
    }

    /// Points `(x index, y)` with an optional running-best line.
    public static func scatter(_ values: [Double], runningBest: Bool) -> String {
        let finite = values.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max(), values.count > 1 else { return "<p>(no data)</p>" }
        let span = high > low ? high - low : 1
        func x(_ index: Int) -> Double { left + (right - left) * Double(index) / Double(values.count - 1) }
        func y(_ value: Double) -> Double { bottom - (bottom - top) * (value - low) / span }
        var body = values.enumerated().filter { $0.element.isFinite }.map {
            String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"#4a7fc1\"/>", x($0.offset), y($0.element))
        }.joined()
        if runningBest {
            var best = -Double.infinity
            let points = values.enumerated().compactMap { index, value -> String? in
                if value.isFinite { best = max(best, value) }
                return best.isFinite ? String(format: "%.1f,%.1f", x(index), y(best)) : nil
            }
            body += "<polyline fill=\"none\" stroke=\"#d9534f\" stroke-width=\"1.5\" points=\"\(points.joined(separator: " "))\"/>"
        }
        return frame(low: low, high: high, body, xLabels: ("trial 0", "trial \(values.count - 1)"))
    }

    /// Horizontal bars, one per label.
    public static func bars(_ items: [(label: String, value: Double)], color: String = "#4a7fc1") -> String {
        let high = max(items.map(\.value).max() ?? 1, 1e-12)
        let rowHeight = 22.0
        let body = items.enumerated().map { index, item in
            let y = 8 + Double(index) * rowHeight
            let length = max(0, item.value) / high * 520
            return String(format: "<text x=\"150\" y=\"%.0f\" text-anchor=\"end\">%@</text><rect x=\"156\" y=\"%.0f\" width=\"%.1f\" height=\"14\" fill=\"%@\"/><text x=\"%.1f\" y=\"%.0f\">%@</text>",
                          y + 11, escape(item.label), y, length, color, 160 + length, y + 11, format(item.value))
        }.joined()
        return "<svg viewBox=\"0 0 \(Int(width)) \(Int(16 + Double(items.count) * rowHeight))\" xmlns=\"http://www.w3.org/2000/svg\" font-family=\"sans-serif\" font-size=\"11\">\(body)</svg>"
    }

    /// A grid of cells coloured from red (low) through white to green (high); nil cells stay grey.
    public static func heatmap(rows: [String], columns: [String], values: [[Double?]], rowTitle: String, columnTitle: String) -> String {
        let finite = values.flatMap { $0 }.compactMap { $0 }.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max(), !rows.isEmpty, !columns.isEmpty else { return "<p>(no data)</p>" }
        let cellWidth = min(40.0, 640.0 / Double(columns.count))
        let cellHeight = min(22.0, 400.0 / Double(rows.count))
        var body = ""
        for (r, row) in values.enumerated() {
            for (c, value) in row.enumerated() {
                let x = 90 + Double(c) * cellWidth
                let y = 30 + Double(r) * cellHeight
                let fill = value.map { color($0, low: low, high: high) } ?? "#ddd"
                let tip = value.map { "\(rows[r]), \(columns[c]): \(format($0))" } ?? "not run"
                body += String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%@\"><title>%@</title></rect>", x, y, cellWidth, cellHeight, fill, escape(tip))
            }
            body += String(format: "<text x=\"86\" y=\"%.1f\" text-anchor=\"end\">%@</text>", 30 + (Double(r) + 0.7) * cellHeight, escape(rows[r]))
        }
        for (c, column) in columns.enumerated() where columns.count <= 20 || c % max(1, columns.count / 10) == 0 {
            body += String(format: "<text x=\"%.1f\" y=\"24\" text-anchor=\"middle\">%@</text>", 90 + (Double(c) + 0.5) * cellWidth, escape(column))
        }
        let totalHeight = 60 + Double(rows.count) * cellHeight
        body += String(format: "<text x=\"90\" y=\"12\">%@ →</text><text x=\"4\" y=\"%.1f\">%@ ↓</text>", escape(columnTitle), totalHeight - 10, escape(rowTitle))
        body += String(format: "<text x=\"400\" y=\"%.1f\">low %@ … high %@</text>", totalHeight - 10, format(low), format(high))
        return "<svg viewBox=\"0 0 \(Int(width)) \(Int(totalHeight))\" xmlns=\"http://www.w3.org/2000/svg\" font-family=\"sans-serif\" font-size=\"11\">\(body)</svg>"
    }

    static func color(_ value: Double, low: Double, high: Double) -> String {
        let t = high > low ? (value - low) / (high - low) : 0.5
        let (r, g, b): (Double, Double, Double) = t < 0.5 ? (217, 83 + (255 - 83) * t * 2, 79 + (255 - 79) * t * 2) : (255 - (255 - 92) * (t - 0.5) * 2, 255 - (255 - 184) * (t - 0.5) * 2, 255 - (255 - 92) * (t - 0.5) * 2)
        return String(format: "#%02x%02x%02x", Int(r), Int(g), Int(b))
    }

    /// A self-contained HTML page around `sections` of (heading, html).
    public static func page(title: String, sections: [(String, String)]) -> String {
        let style = "body{font-family:sans-serif;max-width:820px;margin:24px auto;color:#222}table{border-collapse:collapse;font-size:13px}"
            + "td,th{border-bottom:1px solid #ddd;padding:3px 8px;text-align:right}th{background:#f4f4f4}td:first-child,th:first-child{text-align:left}svg{width:100%;height:auto}"
        let body = sections.map { "<h2>\(escape($0.0))</h2>\n\($0.1)" }.joined(separator: "\n")
        return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>\(escape(title))</title><style>\(style)</style></head><body><h1>\(escape(title))</h1>\n\(body)\n</body></html>\n"
    }

    /// An HTML table.
    public static func table(_ header: [String], _ rows: [[String]]) -> String {
        "<table><tr>" + header.map { "<th>\(escape($0))</th>" }.joined() + "</tr>"
            + rows.map { "<tr>" + $0.map { "<td>\(escape($0))</td>" }.joined() + "</tr>" }.joined() + "</table>"
    }
}

extension SVGChart {
    /// Points on x–y axes joined by a line (a frontier), with labelled marks on top.
    public static func curve(_ points: [(x: Double, y: Double)], marks: [(label: String, x: Double, y: Double)], xTitle: String, yTitle: String) -> String {
        let xs = (points.map(\.x) + marks.map(\.x)).filter(\.isFinite)
        let ys = (points.map(\.y) + marks.map(\.y)).filter(\.isFinite)
        guard let x0 = xs.min(), let x1 = xs.max(), let y0 = ys.min(), let y1 = ys.max() else { return "<p>(no data)</p>" }
        let xSpan = x1 > x0 ? x1 - x0 : 1
        let ySpan = y1 > y0 ? y1 - y0 : 1
        func px(_ x: Double) -> Double { left + (right - left) * (x - x0) / xSpan }
        func py(_ y: Double) -> Double { bottom - (bottom - top) * (y - y0) / ySpan }
        var body = "<polyline fill=\"none\" stroke=\"#4a7fc1\" stroke-width=\"1.5\" points=\""
            + points.map { String(format: "%.1f,%.1f", px($0.x), py($0.y)) }.joined(separator: " ") + "\"/>"
        for mark in marks {
            body += String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"#d9534f\"/><text x=\"%.1f\" y=\"%.1f\">%@</text>", px(mark.x), py(mark.y), px(mark.x) + 6, py(mark.y) - 4, escape(mark.label))
        }
        return frame(low: y0, high: y1, body, xLabels: ("\(xTitle) \(format(x0))", "\(format(x1))"), yTitle: yTitle)
    }
}
