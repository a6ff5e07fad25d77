import Foundation

/// The HTML page of an optimisation study: settings, the best trials, the objective over the
/// trials, a heatmap of the two most important parameters, importance bars and the verdicts of
/// the overfitting statistics.
public struct StudyReport: Sendable {
    public var title: String
    public var settings: [(String, String)]
    public var trials: [Trial]
    public var space: ParameterSpace
    public var summary: StudySummary
    public var objective: Objective

    public init(title: String, settings: [(String, String)], trials: [Trial], space: ParameterSpace, summary: StudySummary, objective: Objective) {
        self.title = title
        self.settings = settings
        self.trials = trials
        self.space = space
        self.summary = summary
        self.objective = objective
    }

    public func html() -> String {
        var sections: [(String, String)] = []
        sections.append(("Study", SVGChart.table(["setting", "value"], settings.map { [$0.0, $0.1] })))
        let ranked = trials.filter { $0.state == .complete && $0.value?.isFinite == true }.sorted { $0.value! > $1.value! }
        let metricNames = ["total_return", "cagr", "sharpe", "max_drawdown", "win_rate"]
        sections.append((
            "Best trials",
            SVGChart.table(
                ["#"] + space.parameters.map(\.name) + [objective.rawValue] + metricNames,
                ranked.prefix(20).map { trial in
                    ["\(trial.number)"] + space.parameters.map { trial.parameters[$0.name]?.description ?? "" } + [String(format: "%.4f", trial.value!)]
                        + metricNames.map { String(format: "%.4f", trial.metrics[$0] ?? .nan) }
                })
        ))
        let values = trials.sorted { $0.number < $1.number }.map { $0.value ?? .nan }
        sections.append(("\(objective.rawValue) by trial (red: best so far)", SVGChart.scatter(values, runningBest: true)))
        let order = summary.importance.sorted { $0.share > $1.share }
        if order.count >= 2 { sections.append(("Heatmap: \(order[0].name) × \(order[1].name) (best \(objective.rawValue) per cell)", heatmap(order[0].name, order[1].name))) }
        sections.append(("Parameter importance (share of the objective's variance each explains alone)", SVGChart.bars(order.map { ($0.name, $0.share) })))
        sections.append(("Is the best result luck?", "<ul>" + summary.lines.map { "<li>\(SVGChart.escape($0))</li>" }.joined() + "</ul>"))
        return SVGChart.page(title: title, sections: sections)
    }

    func heatmap(_ rowName: String, _ columnName: String) -> String {
        guard let rowParameter = space.parameters.first(where: { $0.name == rowName }),
            let columnParameter = space.parameters.first(where: { $0.name == columnName })
        else { return "" }
        var cells = [[Double?]](repeating: [Double?](repeating: nil, count: columnParameter.values.count), count: rowParameter.values.count)
        for trial in trials where trial.state == .complete {
            guard let value = trial.value, value.isFinite, let r = trial.parameters[rowName].flatMap({ rowParameter.values.firstIndex(of: $0) }),
                let c = trial.parameters[columnName].flatMap({ columnParameter.values.firstIndex(of: $0) })
            else { continue }
            cells[r][c] = max(cells[r][c] ?? -.infinity, value)
        }
        return SVGChart.heatmap(
            rows: rowParameter.values.map(\.description), columns: columnParameter.values.map(\.description), values: cells, rowTitle: rowName,
            columnTitle: columnName)
    }
}
