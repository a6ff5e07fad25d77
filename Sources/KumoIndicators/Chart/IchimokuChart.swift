/// An SVG chart for people to look at: candles, the Ichimoku cloud and lines, swing points,
/// projected turning bars and the price targets of the last swings.
public struct IchimokuChart: Sendable {
    public var title: String
    public var labels: [String]
    public var bars: [IndicatorBar]
    public var showsIchimoku = true
    public var swingThreshold = 0.1
    public var width = 1400.0
    public var height = 720.0
    /// The first bar drawn; earlier bars only warm up the indicators and swings.
    public var visibleFrom = 0

    public init(title: String, labels: [String], bars: [IndicatorBar]) {
        precondition(labels.count == bars.count, "One label per bar")
        self.title = title
        self.labels = labels
        self.bars = bars
    }

    /// The chart as a standalone SVG document.
    public func svg() -> String {
        let ichimoku = Ichimoku()
        let lines = ichimoku.values(over: bars)
        var swings = ZigZagSwings(threshold: swingThreshold)
        for bar in bars { swings.update(high: bar.high, low: bar.low) }
        let confirmed = swings.confirmed
        let lastBar = bars.count - 1
        let projections = (TimeTheory.basicNumberProjections(from: Array(confirmed.suffix(2)), after: lastBar)
            + TimeTheory.equalSpanProjections(from: confirmed).filter { $0.bar > lastBar })
            .filter { $0.bar <= lastBar + ichimoku.displacement + 60 }
        let targets = PriceTargets(swings: confirmed)
        let future = ichimoku.displacement + 60
        let count = bars.count - visibleFrom + future
        // Price range: bars, the cloud, and targets close enough to be useful.
        let shown = bars[visibleFrom...]
        var low = shown.map(\.low).min() ?? 0
        var high = shown.map(\.high).max() ?? 1
        if showsIchimoku {
            for value in lines[max(0, visibleFrom - ichimoku.displacement)...].compactMap({ $0 }) {
                for level in [value.senkouALead, value.senkouBLead].compactMap({ $0 }) {
                    low = min(low, level)
                    high = max(high, level)
                }
            }
        }
        for target in targets?.all.map(\.price) ?? [] where target > low * 0.5 && target < high * 1.5 {
            low = min(low, target)
            high = max(high, target)
        }
        let plot = (left: 70.0, right: width - 20, top: 40.0, bottom: height - 40)
        let step = (plot.right - plot.left) / Double(max(count, 1))
        func x(_ index: Int) -> Double { plot.left + (Double(index - visibleFrom) + 0.5) * step }
        func y(_ price: Double) -> Double { plot.bottom - (price - low) / max(high - low, 1e-9) * (plot.bottom - plot.top) }
        func f(_ value: Double) -> String { String((value * 10).rounded() / 10) }

        var svg: [String] = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(width))\" height=\"\(f(height))\" viewBox=\"0 0 \(f(width)) \(f(height))\" font-family=\"sans-serif\" font-size=\"11\">",
            "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>",
            "<text x=\"\(f(plot.left))\" y=\"22\" font-size=\"15\" font-weight=\"bold\">\(Self.escape(title))</text>",
        ]
        for tick in 0...5 {  // price grid
            let price = low + (high - low) * Double(tick) / 5
            svg.append("<line x1=\"\(f(plot.left))\" x2=\"\(f(plot.right))\" y1=\"\(f(y(price)))\" y2=\"\(f(y(price)))\" stroke=\"#eeeeee\"/>")
            svg.append("<text x=\"4\" y=\"\(f(y(price) + 4))\" fill=\"#666\">\(Self.format(price))</text>")
        }
        let labelEvery = max(1, (bars.count - visibleFrom) / 8)
        for index in stride(from: visibleFrom, to: bars.count, by: labelEvery) {
            svg.append("<text x=\"\(f(x(index)))\" y=\"\(f(plot.bottom + 16))\" fill=\"#666\" text-anchor=\"middle\">\(Self.escape(labels[index]))</text>")
        }
        if showsIchimoku { svg += cloud(lines, x: x, y: y, f: f) }
        for (index, bar) in bars.enumerated() where index >= visibleFrom {  // candles
            let rising = bar.close >= bar.open
            let colour = rising ? "#d62728" : "#1f77b4"  // Korean convention: red up, blue down
            svg.append("<line x1=\"\(f(x(index)))\" x2=\"\(f(x(index)))\" y1=\"\(f(y(bar.high)))\" y2=\"\(f(y(bar.low)))\" stroke=\"\(colour)\"/>")
            let top = y(max(bar.open, bar.close))
            let bodyHeight = max(1, abs(y(bar.open) - y(bar.close)))
            svg.append("<rect x=\"\(f(x(index) - step * 0.35))\" y=\"\(f(top))\" width=\"\(f(max(step * 0.7, 0.5)))\" height=\"\(f(bodyHeight))\" fill=\"\(colour)\"/>")
        }
        if showsIchimoku {
            svg.append(polyline(lines.enumerated().map { ($0.offset, $0.element?.tenkan) }, x: x, y: y, f: f, colour: "#e377c2", label: "tenkan"))
            svg.append(polyline(lines.enumerated().map { ($0.offset, $0.element?.kijun) }, x: x, y: y, f: f, colour: "#8c564b", label: "kijun"))
            svg.append(polyline(lines.enumerated().map { ($0.offset, $0.element?.chikou) }, x: x, y: y, f: f, colour: "#7f7f7f", label: "chikou"))
        }
        for swing in confirmed where swing.index >= visibleFrom {  // swing points
            let cy = swing.kind == .high ? y(swing.price) - 6 : y(swing.price) + 6
            svg.append("<circle cx=\"\(f(x(swing.index)))\" cy=\"\(f(cy))\" r=\"3.5\" fill=\"none\" stroke=\"#ff7f0e\" stroke-width=\"1.5\"><title>\(swing.kind == .high ? "swing high" : "swing low") \(Self.format(swing.price)) at \(Self.escape(labels[swing.index]))</title></circle>")
        }
        for (number, projection) in projections.sorted(by: { $0.bar < $1.bar }).enumerated() {  // projected turning bars
            let rule: String = switch projection.rule {
            case .basicNumber(let n, _): "\(n)"
            case .equalSpan(let span, _): "=\(span)"
            }
            svg.append("<line x1=\"\(f(x(projection.bar)))\" x2=\"\(f(x(projection.bar)))\" y1=\"\(f(plot.top))\" y2=\"\(f(plot.bottom))\" stroke=\"#2ca02c\" stroke-dasharray=\"3,3\" opacity=\"0.6\"/>")
            let labelY = plot.top + 10 + Double(number % 6) * 12  // staggered so close bars stay legible
            svg.append("<text x=\"\(f(x(projection.bar) + 2))\" y=\"\(f(labelY))\" fill=\"#2ca02c\">\(rule)</text>")
        }
        if let targets {  // price targets
            for (name, price) in targets.all where price >= low && price <= high {
                svg.append("<line x1=\"\(f(x(confirmed.last!.index)))\" x2=\"\(f(plot.right))\" y1=\"\(f(y(price)))\" y2=\"\(f(y(price)))\" stroke=\"#9467bd\" stroke-dasharray=\"6,3\"/>")
                svg.append("<text x=\"\(f(plot.right - 60))\" y=\"\(f(y(price) - 3))\" fill=\"#9467bd\">\(name) \(Self.format(price))</text>")
            }
        }
        svg.append("<line x1=\"\(f(x(lastBar) + step / 2))\" x2=\"\(f(x(lastBar) + step / 2))\" y1=\"\(f(plot.top))\" y2=\"\(f(plot.bottom))\" stroke=\"#999\"/>")
        svg.append("</svg>")
        return svg.joined(separator: "\n") + "\n"
    }

    /// The cloud: filled between the spans, green where A ≥ B, red otherwise, including the
    /// `displacement` bars drawn ahead of the last bar.
    private func cloud(_ lines: [Ichimoku.Value?], x: (Int) -> Double, y: (Double) -> Double, f: (Double) -> String) -> [String] {
        let shift = Ichimoku().displacement
        var out: [String] = []
        for (index, value) in lines.enumerated() where index + shift >= visibleFrom {
            guard let a = value?.senkouALead, let b = value?.senkouBLead,
                let nextA = index + 1 < lines.count ? lines[index + 1]?.senkouALead : a,
                let nextB = index + 1 < lines.count ? lines[index + 1]?.senkouBLead : b
            else { continue }
            let (x0, x1) = (x(index + shift), x(index + shift + 1))
            let colour = a >= b ? "#2ca02c" : "#d62728"
            out.append("<polygon points=\"\(f(x0)),\(f(y(a))) \(f(x1)),\(f(y(nextA))) \(f(x1)),\(f(y(nextB))) \(f(x0)),\(f(y(b)))\" fill=\"\(colour)\" opacity=\"0.18\"/>")
        }
        return out
    }

    private func polyline(_ points: [(Int, Double?)], x: (Int) -> Double, y: (Double) -> Double, f: (Double) -> String, colour: String, label: String) -> String {
        let coordinates = points.filter { $0.0 >= visibleFrom }.compactMap { index, value in value.map { "\(f(x(index))),\(f(y($0)))" } }
        return "<polyline points=\"\(coordinates.joined(separator: " "))\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1.2\"><title>\(label)</title></polyline>"
    }

    static func format(_ value: Double) -> String {
        abs(value) >= 100 ? String(Int64(value.rounded())) : String((value * 100).rounded() / 100)
    }

    static func escape(_ text: String) -> String {
        text.replacingAll("&", "&amp;").replacingAll("<", "&lt;").replacingAll(">", "&gt;")
    }
}

private extension String {
    func replacingAll(_ target: Character, _ replacement: String) -> String {
        reduce(into: "") { result, character in
            if character == target { result += replacement } else { result.append(character) }
        }
    }
}
