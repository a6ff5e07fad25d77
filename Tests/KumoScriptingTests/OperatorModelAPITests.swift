import Foundation
import KumoLive
import Testing

/// The API's model and backtest routes against a running `kumo run` that serves a registry
/// model to a strategy: the registry with its stages, a shadow swapped in live and compared
/// online, drift, a promotion journaled; a backtest job submitted, followed and read back.
struct OperatorModelAPITests {
    /// A home with a store, two versions of `gru_daily` (v1 production) and `ml_trend` trading it.
    static func home() throws -> URL {
        let home = try TestPaths.temporaryFolder()
        let database = home.appendingPathComponent("kumo.sqlite").path
        let models = home.appendingPathComponent("models").path
        #expect(try KumoProcess.run(["data", "synth", "--symbols", "2", "--days", "750", "--seed", "1", "--db", database]).status == 0)
        for _ in 0..<2 {
            let trained = try KumoProcess.run(["ml", "train", "gru_daily", "--config", "strategies/models/gru_daily/recipe.json", "--db", database], models: models)
            #expect(trained.status == 0, "\(trained.output)")
        }
        #expect(try KumoProcess.run(["ml", "promote", "gru_daily", "1"], models: models).status == 0)
        let script = try String(contentsOf: TestPaths.strategies.appendingPathComponent("ml_trend.lua"), encoding: .utf8)
            .replacingOccurrences(of: "model = 'transformer_medium'", with: "model = 'gru_daily'")
        try script.write(to: home.appendingPathComponent("ml_trend.lua"), atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(at: TestPaths.strategies.appendingPathComponent("sma_cross.lua"), to: home.appendingPathComponent("sma_cross.lua"))
        try """
            [engine]
            journal = "journal.sqlite"
            socket = "kumo.sock"
            speed = \(750 * 86_400 / 40)
            [feed]
            symbols = ["SYN0001", "SYN0002"]
            db = "kumo.sqlite"
            [models]
            serve = ["gru_daily"]
            registry = "models"
            [alerts]
            model_drift = 0.0001  # any difference from training: the alert surely fires
            [[strategy]]
            file = "ml_trend.lua"
            """.write(to: home.appendingPathComponent("kumo.toml"), atomically: true, encoding: .utf8)
        return home
    }

    @Test func modelsAndBacktestsThroughTheAPI() throws {
        let engine = try OperatorAPITests.start(portOffset: 30_000, home: try Self.home())
        defer { if engine.process.isRunning { engine.process.terminate() } }
        let (client, viewer, trader, admin) = (engine.client, engine.tokens["viewer"]!, engine.tokens["trader"]!, engine.tokens["admin"]!)

        // The registry: both versions, v1 production and served.
        let models = try #require(client.send("GET", "/api/v1/models", token: viewer).json as? [[String: Any]])
        let gru = try #require(models.first { $0["name"] as? String == "gru_daily" })
        #expect(gru["production"] as? Int == 1 && gru["served"] as? Bool == true, "\(gru)")
        #expect((gru["versions"] as? [[String: Any]])?.map { $0["stage"] as? String } == ["production", "candidate"])
        #expect(client.send("GET", "/api/v1/models/nope", token: viewer).status == 404)

        // Stage changes need admin and a version; a refused one changes nothing.
        #expect(client.send("POST", "/api/v1/models/gru_daily/shadow", token: trader, body: Data(#"{"version": 2}"#.utf8)).status == 403)
        let noVersion = client.send("POST", "/api/v1/models/gru_daily/shadow", token: admin, body: Data(#"{"versoin": 2}"#.utf8))
        #expect(noVersion.status == 400 && noVersion.body.contains("'version'"), "\(noVersion.body)")
        #expect(client.send("POST", "/api/v1/models/gru_daily/promote", token: admin, body: Data(#"{"version": 9}"#.utf8)).status == 409)
        #expect(client.send("GET", "/api/v1/models/gru_daily/shadow", token: viewer).status == 404, "no shadow yet")

        // v2 as the shadow: swapped in live and compared online as bars arrive.
        let shadowed = client.send("POST", "/api/v1/models/gru_daily/shadow", token: admin, body: Data(#"{"version": 2}"#.utf8))
        #expect(shadowed.status == 200 && (shadowed.json as? [String: Any])?["shadow"] as? Int == 2, "\(shadowed.body)")
        var comparison: [String: Any] = [:]
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            comparison = client.send("GET", "/api/v1/models/gru_daily/shadow", token: viewer).json as? [String: Any] ?? [:]
            if (comparison["samples"] as? Int ?? 0) > 20 { break }
            Thread.sleep(forTimeInterval: 0.5)
        }
        #expect(comparison["shadow_version"] as? Int == 2 && comparison["production_version"] as? Int == 1, "\(comparison)")
        #expect((comparison["samples"] as? Int ?? 0) > 20, "the shadow is scored once the label's horizon has passed: \(comparison)")

        // Drift: PSI for every feature and the prediction against the training window.
        let drift = try #require(client.send("GET", "/api/v1/models/gru_daily/drift", token: viewer).json as? [String: Any])
        let psi = try #require(drift["psi"] as? [String: Double], "\(drift)")
        #expect(Set(psi.keys).isSuperset(of: ["return:1", "return:20", "prediction"]), "\(psi.keys.sorted())")
        #expect(psi.values.allSatisfy { $0 >= 0 && $0.isFinite })
        let metrics = try OperatorAPITests.prometheusParse(client.send("GET", "/metrics", token: viewer).body)
        #expect(metrics["kumo_model_drift_psi"]?.samples.contains { $0.labels == ["model": "gru_daily", "input": "prediction"] } == true)
        #expect((metrics["kumo_model_inference_seconds"]?.samples.first { $0.name.hasSuffix("_count") }?.value ?? 0) > 0)

        // The drift alert (checked every 10 s) reaches the alert list, naming the model.
        var driftAlert: [String: Any]?
        let alertDeadline = Date().addingTimeInterval(30)
        while driftAlert == nil, Date() < alertDeadline {
            driftAlert = (client.send("GET", "/api/v1/alerts", token: viewer).json as? [[String: Any]])?.first { $0["key"] as? String == "model_drift:gru_daily" }
            if driftAlert == nil { Thread.sleep(forTimeInterval: 0.5) }
        }
        #expect(driftAlert?["state"] as? String == "firing" && (driftAlert?["message"] as? String)?.contains("PSI over 0.0001") == true, "\(String(describing: driftAlert))")

        // Promote v2: production in the registry and in the engine, journaled.
        let promoted = client.send("POST", "/api/v1/models/gru_daily/promote", token: admin, body: Data(#"{"version": 2}"#.utf8))
        #expect(promoted.status == 200 && (promoted.json as? [String: Any])?["production"] as? Int == 2, "\(promoted.body)")
        #expect(client.send("GET", "/api/v1/models/gru_daily/drift", token: viewer).json.map { ($0 as? [String: Any])?["version"] as? Int } == 2)

        // A backtest job over the feed's bars: refused inputs name their field; a good one runs to its report.
        let unknown = client.send("POST", "/api/v1/backtests", token: trader, body: Data(#"{"strategy": "nope"}"#.utf8))
        #expect(unknown.status == 400 && unknown.body.contains("'strategy'") && unknown.body.contains("sma_cross"), "\(unknown.body)")
        let badParameter = client.send("POST", "/api/v1/backtests", token: trader, body: Data(#"{"strategy": "sma_cross", "params": {"fats": 5}}"#.utf8))
        #expect(badParameter.status == 400 && badParameter.body.contains("fats"), "\(badParameter.body)")
        let badDate = client.send("POST", "/api/v1/backtests", token: trader, body: Data(#"{"strategy": "sma_cross", "from": "2024-13-01"}"#.utf8))
        #expect(badDate.status == 400 && badDate.body.contains("'from'"), "\(badDate.body)")
        #expect(client.send("POST", "/api/v1/backtests", token: viewer, body: Data(#"{"strategy": "sma_cross"}"#.utf8)).status == 403)
        let submitted = client.send("POST", "/api/v1/backtests", token: trader, body: Data(#"{"strategy": "sma_cross", "params": {"fast": 5, "slow": 30}, "symbols": ["SYN0001"]}"#.utf8))
        #expect(submitted.status == 202, "\(submitted.body)")
        let id = try #require((submitted.json as? [String: Any])?["id"] as? String)
        var job: [String: Any] = [:]
        let until = Date().addingTimeInterval(60)
        while Date() < until {
            job = client.send("GET", "/api/v1/backtests/\(id)", token: viewer).json as? [String: Any] ?? [:]
            if job["state"] as? String == "done" || job["state"] as? String == "failed" { break }
            Thread.sleep(forTimeInterval: 0.2)
        }
        #expect(job["state"] as? String == "done" && job["progress"] as? Double == 1, "\(job)")
        let result = try #require(client.send("GET", "/api/v1/backtests/\(id)/result", token: viewer).json as? [String: Any])
        let fills = try #require(result["fills"] as? [[String: Any]])
        #expect(!fills.isEmpty && fills.allSatisfy { $0["symbol"] as? String == "SYN0001" })
        let figures = try #require(job["figures"] as? [String: Double])
        #expect(figures["fills"] == Double(fills.count))
        let report = client.send("GET", "/api/v1/backtests/\(id)/report", token: viewer)
        #expect(report.status == 200 && report.headers["content-type"]?.hasPrefix("text/html") == true && report.body.contains("<svg"))

        _ = engine.stop()
        let journal = try LiveRecoveryTests.journal(engine.home)
        #expect(journal.commands.map(\.action) == ["model_shadow", "model_promote"], "\(journal.commands)")
        #expect(journal.commands.map(\.detail) == ["v2", "v2"])
    }
}
