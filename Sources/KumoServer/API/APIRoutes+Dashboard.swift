import Foundation
import Hummingbird

extension APIServer {
    /// The dashboard at `/`: one page, its script and its style sheet, compiled into the binary
    /// (no CDN), served under a content security policy that lets it talk to this server only.
    /// The page holds no data; it logs in with a token and reads everything through the API.
    func addDashboardRoutes(_ router: Router<BasicRequestContext>) {
        let api = self
        let files: [(path: String, bytes: [UInt8], type: String)] = [
            ("/", PackageResources.dashboard_html, "text/html; charset=utf-8"), ("/dashboard.js", PackageResources.dashboard_js, "text/javascript; charset=utf-8"),
            ("/dashboard.css", PackageResources.dashboard_css, "text/css; charset=utf-8"),
        ]
        for file in files {
            router.get(RouterPath(file.path)) { request, _ in
                let host = request.head.authority ?? "\(api.host):\(api.port)"
                return Self.response(APIReply(status: 200, body: Data(file.bytes), contentType: file.type, headers: [
                    "Content-Security-Policy": "default-src 'self'; connect-src 'self' ws://\(host) wss://\(host); img-src 'self' data:; frame-ancestors 'none'",
                    "X-Content-Type-Options": "nosniff", "Cache-Control": "no-cache", "Referrer-Policy": "no-referrer",
                ]))
            }
        }
        router.get("/api/v1/whoami") { request, _ in
            await api.handle(request, role: .viewer, routeClass: "read") { token, _ in .json(["id": token.id, "name": token.name, "role": token.role.rawValue]) }
        }
    }
}
