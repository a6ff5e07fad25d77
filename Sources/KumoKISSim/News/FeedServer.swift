public import Foundation
public import Hummingbird
import NIOCore

/// News feeds on loopback, for the news collector's tests and rehearsals: each path serves its
/// XML with an ETag and answers 304 to a matching If-None-Match, as publishers' servers do; a
/// feed can be replaced while serving (new stories), made to fail (HTTP 500) or to stall.
public actor FeedServer {
    struct Feed {
        var body: Data
        var failures = 0
        var stall = 0.0
    }

    private var feeds: [String: Feed] = [:]
    public private(set) var requests = 0

    public init(feeds: [String: Data]) {
        for (path, body) in feeds { self.feeds[path] = Feed(body: body) }
    }

    /// Replaces (or adds) the feed at `path`.
    public func publish(_ path: String, _ body: Data) { feeds[path, default: Feed(body: body)].body = body }

    /// The next `count` requests for `path` fail with HTTP 500.
    public func fail(_ path: String, times count: Int) { feeds[path]?.failures = count }

    /// Requests for `path` wait `seconds` before answering.
    public func stall(_ path: String, seconds: Double) { feeds[path]?.stall = seconds }

    /// The status, ETag, body and stall for a GET of `path`.
    func answer(_ path: String, ifNoneMatch: String?) -> (status: Int, etag: String?, body: Data, stall: Double) {
        requests += 1
        guard var feed = feeds[path] else { return (404, nil, Data("no feed at \(path)".utf8), 0) }
        if feed.failures > 0 {
            feed.failures -= 1
            feeds[path] = feed
            return (500, nil, Data("internal error".utf8), feed.stall)
        }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in feed.body { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        let etag = "\"\(String(hash, radix: 16))\""
        if ifNoneMatch == etag { return (304, etag, Data(), feed.stall) }
        return (200, etag, feed.body, feed.stall)
    }

    /// Serves until cancelled; `onRunning` receives the bound port.
    public static func run(_ server: FeedServer, host: String = "127.0.0.1", port: Int, onRunning: @escaping @Sendable (Int) async -> Void) async throws {
        let router = Router()
        router.get("/**") { request, _ -> Response in
            let (status, etag, body, stall) = await server.answer(request.uri.path, ifNoneMatch: request.headers[.ifNoneMatch])
            if stall > 0 { try await Task.sleep(for: .seconds(stall)) }
            var headers: HTTPFields = [.contentType: "application/xml; charset=utf-8"]
            if let etag { headers[.eTag] = etag }
            return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
        }
        try await PlainHTTPServing.run(router, name: "feed-server", host: host, port: port, onRunning: onRunning)
    }
}
