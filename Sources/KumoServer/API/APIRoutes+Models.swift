import Foundation
import Hummingbird
import KumoLive
import KumoModels

extension APIServer {
    /// The model registry (versions, stages, promote, shadow, rollback) and the served models'
    /// live shadow comparison and drift.
    func addModelRoutes(_ router: Router<BasicRequestContext>) {
        let api = self
        router.get("/api/v1/models") { request, _ in
            await api.handle(request, role: .viewer, routeClass: "read") { _, _ in
                guard let registry = api.registry else { return .json([Any]()) }
                let names = await api.gate.value { engine in engine.models?.names ?? [] } ?? []
                return .json(registry.names().map { name in Self.modelView(registry, name, served: names.contains(name)) })
            }
        }
        router.get("/api/v1/models/:name") { request, context in
            let name = context.parameters.get("name") ?? ""
            return await api.handle(request, role: .viewer, routeClass: "read") { _, _ in
                guard let registry = api.registry, !registry.versions(name).isEmpty else { return .error(404, "no model is named \(name)") }
                return .json(Self.modelView(registry, name, served: nil))
            }
        }
        for action in ["promote", "shadow", "rollback"] {
            router.post(RouterPath("/api/v1/models/:name/\(action)")) { request, context in
                let name = context.parameters.get("name") ?? ""
                return await api.handle(request, role: .admin, routeClass: "admin") { token, body in
                    await api.changeStage(action, name, body, source: "api:\(token.id)")
                }
            }
        }
        router.get("/api/v1/models/:name/shadow") { request, context in
            let name = context.parameters.get("name") ?? ""
            return await api.handle(request, role: .viewer, routeClass: "read") { _, _ in
                await api.gate.perform { engine in
                    guard let models = engine.models, models.names.contains(name) else { return .error(404, "model \(name) is not served by this engine") }
                    guard let (shadow, c) = models.shadowComparison(name) else { return .error(404, "model \(name) has no shadow version") }
                    return .json([
                        "model": name, "production_version": models.version(name)?.version ?? 0, "shadow_version": shadow.version, "samples": c.samples,
                        "production_ic": c.productionIC, "shadow_ic": c.shadowIC, "production_hit_rate": c.productionHitRate, "shadow_hit_rate": c.shadowHitRate,
                        "production_pnl": c.productionPnL, "shadow_pnl": c.shadowPnL,
                    ].mapValues { value -> Any in (value as? Double).map { $0.isFinite ? $0 as Any : NSNull() } ?? value })
                }
            }
        }
        router.get("/api/v1/models/:name/drift") { request, context in
            let name = context.parameters.get("name") ?? ""
            return await api.handle(request, role: .viewer, routeClass: "read") { _, _ in
                await api.gate.perform { engine in
                    guard let models = engine.models, models.names.contains(name) else { return .error(404, "model \(name) is not served by this engine") }
                    guard let (stability, alerts) = models.drift(name) else { return .error(404, "model \(name)'s version has no drift baselines") }
                    let threshold = engine.config.alerts.modelDrift ?? 0.2
                    return .json([
                        "model": name, "version": models.version(name)?.version ?? 0, "psi": stability, "threshold": threshold,
                        "drifted": stability.filter { $0.value > threshold }.keys.sorted(), "baseline_alerts": alerts,
                    ])
                }
            }
        }
    }

    static func modelView(_ registry: ModelRegistry, _ name: String, served: Bool?) -> [String: Any] {
        let versions = registry.versions(name)
        var view: [String: Any] = [
            "name": name,
            "versions": versions.map { version -> [String: Any] in
                var entry: [String: Any] = [
                    "version": version.version, "stage": version.stage.rawValue, "created": version.created, "data_from": version.dataFrom, "data_to": version.dataTo,
                    "symbols": version.symbols, "train_samples": version.trainSamples,
                ]
                if let metrics = try? JSONSerialization.jsonObject(with: JSONEncoder().encode(version.metrics)) { entry["metrics"] = metrics }
                if let backtest = version.backtest { entry["backtest"] = backtest }
                if let ensemble = version.ensemble { entry["ensemble"] = ensemble.members }
                return entry
            },
        ]
        view["production"] = versions.last { $0.stage == .production }?.version ?? NSNull()
        view["shadow"] = versions.last { $0.stage == .shadow }?.version ?? NSNull()
        if let served { view["served"] = served }
        return view
    }

    /// POST /api/v1/models/{name}/promote|shadow `{"version": N}` or /rollback: changes the
    /// registry, then (when the engine serves the model) swaps the served versions at the next
    /// gap, journaled either way.
    func changeStage(_ action: String, _ name: String, _ body: Data, source: String) async -> APIReply {
        guard let registry else { return .error(404, "no model registry") }
        guard !registry.versions(name).isEmpty else { return .error(404, "no model is named \(name)") }
        var version = 0
        if action != "rollback" {
            let object: [String: Any]
            switch Self.object(body) {
            case .success(let value): object = value
            case .failure(let error): return error.reply
            }
            guard let number = object["version"] as? Int, number > 0 else { return .error(400, "field 'version' must be a version number of \(name)") }
            version = number
        }
        do {
            switch action {
            case "promote": try registry.promote(name, version)
            case "shadow": try registry.shadow(name, version)
            default: version = try registry.rollback(name).version
            }
        } catch {
            return .error(409, "\(error)")
        }
        let detail = "v\(version)"
        return await gate.perform { engine in
            if engine.models?.names.contains(name) == true {
                if let problem = engine.reloadModel(name, action: "model_\(action)", detail: detail, source: source) {
                    return .error(500, "the registry changed but the engine still serves the old version: \(problem)")
                }
            } else {
                engine.journalCommand("model_\(action)", subject: name, detail: detail, source: source)
            }
            return .json(Self.modelView(registry, name, served: engine.models?.names.contains(name) ?? false))
        }
    }
}
