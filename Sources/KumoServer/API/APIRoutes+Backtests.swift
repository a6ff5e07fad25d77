import Foundation
import Hummingbird

extension APIServer {
    /// Backtest jobs: submit, list, progress, JSON result, HTML report, cancel.
    func addBacktestRoutes(_ router: Router<BasicRequestContext>) {
        let api = self
        let unavailable = APIReply.error(404, "this API runs no backtests (it has no engine config to take bars from)")
        router.post("/api/v1/backtests") { request, _ in
            await api.handle(request, role: .trader, routeClass: "trade") { _, body in
                guard let jobs = api.backtests else { return unavailable }
                switch Self.object(body) {
                case .success(let object): return await jobs.submit(object)
                case .failure(let error): return error.reply
                }
            }
        }
        router.get("/api/v1/backtests") { request, _ in
            await api.handle(request, role: .viewer, routeClass: "read") { _, _ in api.backtests?.list() ?? unavailable }
        }
        router.get("/api/v1/backtests/:id") { request, context in
            let id = context.parameters.get("id") ?? ""
            return await api.handle(request, role: .viewer, routeClass: "read") { _, _ in api.backtests?.status(id) ?? unavailable }
        }
        router.get("/api/v1/backtests/:id/result") { request, context in
            let id = context.parameters.get("id") ?? ""
            return await api.handle(request, role: .viewer, routeClass: "read") { _, _ in api.backtests?.output(id, html: false) ?? unavailable }
        }
        router.get("/api/v1/backtests/:id/report") { request, context in
            let id = context.parameters.get("id") ?? ""
            return await api.handle(request, role: .viewer, routeClass: "read") { _, _ in api.backtests?.output(id, html: true) ?? unavailable }
        }
        router.delete("/api/v1/backtests/:id") { request, context in
            let id = context.parameters.get("id") ?? ""
            return await api.handle(request, role: .trader, routeClass: "trade") { _, _ in api.backtests?.cancel(id) ?? unavailable }
        }
    }
}
