import Foundation
#if canImport(FoundationXML)
    import FoundationXML
#endif
import KumoIndicators
import Testing

struct IchimokuChartTests {
    @Test func drawsTheVisibleCandlesTheCloudAndTheTargetsAsValidSVG() throws {
        let series = try ReferenceSeries.load("krx-005930")
        let bars = Array(series.bars.prefix(2000))
        var chart = IchimokuChart(title: "005930 <daily>", labels: bars.indices.map { "bar \($0)" }, bars: bars)
        chart.visibleFrom = 1700
        let svg = chart.svg()

        let parser = XMLParser(data: Data(svg.utf8))
        #expect(parser.parse(), "the SVG is well-formed XML")
        let candles = svg.components(separatedBy: "<rect x=").count - 1
        #expect(candles == 300)
        #expect(svg.contains("<polygon"))
        #expect(svg.contains("<title>tenkan</title>") && svg.contains("<title>kijun</title>"))
        #expect(svg.contains("005930 &lt;daily&gt;"))
        #expect(svg.contains("stroke-dasharray=\"3,3\""), "projected turning bars")
    }
}
