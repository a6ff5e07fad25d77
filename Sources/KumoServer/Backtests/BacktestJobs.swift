import Foundation
import KumoBacktest
import KumoCore
import KumoEngine
public import KumoLive
import KumoResearch
public import KumoScripting
import Synchronization

/// Backtests submitted through the API, run one at a time on a thread of their own at a low
/// scheduling priority (nice 10, never the engine thread) over the bars the live feed replays: a strategy file beside the running ones,
/// parameters, symbols and a date range. Each job reports its progress, and when done its JSON
/// result and HTML report; a running job can be cancelled. The newest `keep` jobs are kept.
public final class BacktestJobs: Sendable {
    public enum State: String, Sendable { case queued, running, done, failed, cancelled }

    struct Job: Sendable {
        var id: String
        var strategy: String
        var parameters: [(String, String)]
        var symbols: [String]
        var from: String?
        var to: String?
        var state: State = .queued
        var done = 0
        var total = 0
        var error: String?
        var figures: [String: Double] = [:]
        var json: String?
        var html: String?
        var cancelRequested = false
        var submitted = Date()

        var summary: [String: Any] {
            var object: [String: Any] = [
                "id": id, "strategy": strategy, "state": state.rawValue, "done": done, "total": total, "progress": total > 0 ? Double(done) / Double(total) : 0,
                "symbols": symbols, "params": Dictionary(parameters, uniquingKeysWith: { $1 }), "submitted": ISO8601DateFormatter().string(from: submitted),
            ]
            if let from { object["from"] = from }
            if let to { object["to"] = to }
            if let error { object["error"] = error }
            if !figures.isEmpty { object["figures"] = figures }
            return object
        }
    }

    let config: LiveConfig
    let roots: ScriptRoots
    let keep: Int
    let jobs = Mutex<[Job]>([])
    /// One job runs at a time; the others wait their turn here.
    let turn = DispatchSemaphore(value: 1)

    public init(config: LiveConfig, roots: ScriptRoots, keep: Int = 50) {
        self.config = config
        self.roots = roots
        self.keep = keep
    }

    /// The folders of the running strategies: where a submitted strategy is looked up.
    var strategyFolders: [URL] { Array(Set(config.strategies.map { config.resolve($0.file).deletingLastPathComponent().standardizedFileURL })).sorted { $0.path < $1.path } }

    /// The strategy files a job may name, without `.lua`.
    var strategyNames: [String] {
        strategyFolders.flatMap { folder in
            ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".lua") }.map { String($0.dropLast(4)) }
        }.sorted()
    }

    /// POST /api/v1/backtests `{strategy, params?, symbols?, from?, to?}`: 202 with the job, or 400 naming the field.
    func submit(_ object: [String: Any]) async -> APIReply {
        let known: Set<String> = ["strategy", "params", "symbols", "from", "to"]
        if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
            return .error(400, "field '\(unknown)' is not a backtest field (\(known.sorted().joined(separator: ", ")))")
        }
        guard let name = object["strategy"] as? String, !name.isEmpty else { return .error(400, "field 'strategy' must name a strategy file (\(strategyNames.joined(separator: ", ")))") }
        let stem = name.hasSuffix(".lua") ? String(name.dropLast(4)) : name
        guard stem.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }), let file = strategyFolders.map({ $0.appendingPathComponent(stem + ".lua") }).first(where: { FileManager.default.fileExists(atPath: $0.path) }) else {
            return .error(400, "field 'strategy': no strategy file '\(name)' beside the running ones (\(strategyNames.joined(separator: ", ")))")
        }
        var parameters: [(String, String)] = []
        if let params = object["params"] {
            guard let table = params as? [String: Any] else { return .error(400, "field 'params' must be an object of parameter values") }
            for key in table.keys.sorted() {
                guard let text = Self.scalar(table[key]!) else { return .error(400, "field 'params.\(key)' must be a number, true/false or a string") }
                parameters.append((key, text))
            }
        }
        // The file loads and has these parameters: checked now, so a typo is a 400, not a failed job.
        let probe = StrategyTrialRunner(file: file, roots: roots, series: [], configuration: EngineConfiguration(cash: Price(micros: 1_000_000)), fixedParameters: parameters)
        // Loading a script blocks: it runs on a thread of its own, not the API's event loop.
        let problem = await withCheckedContinuation { (continuation: CheckedContinuation<ResearchError?, Never>) in
            Thread {
                do throws(ResearchError) { try probe.validate(parameters: []) } catch { return continuation.resume(returning: error) }
                continuation.resume(returning: nil)
            }.start()
        }
        if let problem { return .error(400, "field 'params': \(problem)") }
        var symbols = config.feed.symbols
        if let list = object["symbols"] {
            guard let codes = list as? [String], !codes.isEmpty else { return .error(400, "field 'symbols' must be a non-empty array of symbol codes") }
            if let bad = codes.first(where: { Symbol($0) == nil }) { return .error(400, "field 'symbols': '\(bad)' is not a symbol code") }
            symbols = codes
        }
        var bounds: [String: CivilDate] = [:]
        for key in ["from", "to"] {
            guard let value = object[key] else { continue }
            guard let text = value as? String, let date = CivilDate(parsing: text) else { return .error(400, "field '\(key)' must be a date YYYY-MM-DD") }
            bounds[key] = date
        }
        if let from = bounds["from"], let to = bounds["to"], !(from < to) { return .error(400, "field 'from' must be before field 'to'") }
        let job = Job(
            id: UUID().uuidString.lowercased().prefix(8).description, strategy: stem, parameters: parameters, symbols: symbols, from: bounds["from"]?.description,
            to: bounds["to"]?.description)
        jobs.withLock { jobs in
            jobs.append(job)
            if jobs.count > keep, let old = jobs.firstIndex(where: { $0.state != .queued && $0.state != .running }) { jobs.remove(at: old) }
        }
        let (from, to) = (bounds["from"], bounds["to"])
        let thread = Thread {
            self.turn.wait()
            defer { self.turn.signal() }
            // On Linux this thread alone (and the Lua thread it starts, which inherits it) yields to the engine.
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
            self.run(job.id, file: file, from: from, to: to)
        }
        thread.name = "kumo.backtest.\(job.id)"
        thread.start()
        return .json(job.summary, status: 202)
    }

    static func scalar(_ value: Any) -> String? {
        switch value {
        case let number as NSNumber: String(cString: number.objCType) == "c" ? (number.boolValue ? "true" : "false") : number.stringValue
        case let string as String: string
        default: nil
        }
    }

    /// KST midnight of `date`.
    static func start(of date: CivilDate) -> Timestamp { Timestamp(nanoseconds: (Int64(date.daysSince1970) * 86_400 - 9 * 3_600) * 1_000_000_000) }

    func update(_ id: String, _ change: (inout Job) -> Void) {
        jobs.withLock { jobs in if let index = jobs.firstIndex(where: { $0.id == id }) { change(&jobs[index]) } }
    }

    func job(_ id: String) -> Job? { jobs.withLock { $0.first { $0.id == id } } }

    private func run(_ id: String, file: URL, from: CivilDate?, to: CivilDate?) {
        guard let job = job(id), !job.cancelRequested else { return update(id) { $0.state = .cancelled } }
        update(id) { $0.state = .running }
        do {
            var settings = config
            settings.feed.symbols = job.symbols
            // A synthetic feed makes its own symbols: the job's choose among them.
            let series = try LiveEngine.feed(settings).filter { job.symbols.isEmpty || job.symbols.contains($0.symbol.code) }
            guard !series.isEmpty else { throw LiveConfig.Failure("symbols: the feed has none of \(job.symbols.joined(separator: ", "))") }
            guard let cash = Price(parsing: String(format: "%.0f", config.engine.cash)) else { throw LiveConfig.Failure("engine.cash: not an amount") }
            let runner = StrategyTrialRunner(file: file, roots: roots, series: series, configuration: EngineConfiguration(cash: cash), fixedParameters: job.parameters)
            let result = try runner.run(ParameterSet(names: [], values: []), from: from.map(Self.start), to: to.map(Self.start)) { done, total, _ in
                self.update(id) { $0.done = done; $0.total = total }
                return self.job(id)?.cancelRequested != true
            }
            if self.job(id)?.cancelRequested == true { return update(id) { $0.state = .cancelled } }
            let json = try result.json()
            let html = BacktestReport(result: result, title: "Backtest: \(file.lastPathComponent) (API job \(id))").html()
            let figures = ["total_return": result.totalReturn, "max_drawdown": result.maxDrawdown, "final_equity": result.finalEquity, "trades": Double(result.trades.count), "fills": Double(result.fills.count)]
            update(id) {
                $0.state = .done
                $0.done = $0.total
                $0.json = json
                $0.html = html
                $0.figures = figures
            }
        } catch {
            let message = (error as? ResearchError).map { "\($0)" } ?? (error as? LiveConfig.Failure)?.description ?? "\(error)"
            update(id) {
                $0.state = .failed
                $0.error = message
            }
        }
    }

    func list() -> APIReply { .json(jobs.withLock { $0.reversed().map(\.summary) }) }

    func status(_ id: String) -> APIReply { job(id).map { .json($0.summary) } ?? .error(404, "no backtest job \(id)") }

    /// The finished job's JSON result or HTML report; 409 while it runs.
    func output(_ id: String, html: Bool) -> APIReply {
        guard let job = job(id) else { return .error(404, "no backtest job \(id)") }
        guard job.state == .done else { return .error(409, "backtest \(id) is \(job.state.rawValue)" + (job.error.map { ": \($0)" } ?? "")) }
        if html { return APIReply(status: 200, body: Data(job.html!.utf8), contentType: "text/html; charset=utf-8") }
        return APIReply(status: 200, body: Data(job.json!.utf8))
    }

    func cancel(_ id: String) -> APIReply {
        guard let job = job(id) else { return .error(404, "no backtest job \(id)") }
        guard job.state == .queued || job.state == .running else { return .error(409, "backtest \(id) is already \(job.state.rawValue)") }
        update(id) { $0.cancelRequested = true }
        return .json(["id": id, "cancel": "requested"], status: 202)
    }
}
