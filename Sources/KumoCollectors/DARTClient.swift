public import Foundation
import KumoDART

/// OpenDART over HTTP: a GET of `endpoint` with the key and `query`, within `timeout`. Transport
/// failures (a timeout, a refused connection, an HTTP error) are told apart from OpenDART's own
/// statuses, which come back in the body of an HTTP 200.
public struct DARTClient: Sendable {
    public var baseURL: URL
    public var key: String
    public var timeout: TimeInterval

    /// OpenDART's address.
    public static let official = URL(string: "https://opendart.fss.or.kr/api/")!

    public init(baseURL: URL = DARTClient.official, key: String, timeout: TimeInterval = 15) {
        self.baseURL = baseURL
        self.key = key
        self.timeout = timeout
    }

    /// A failure below OpenDART's statuses: no answer in time, no connection, or an HTTP error.
    public typealias TransportError = KumoCollectors.TransportError

    /// The body of `endpoint` (`list.json`, …) for `query`.
    public func get(_ endpoint: String, _ query: [String: String]) async throws(TransportError) -> Data {
        var components = URLComponents(url: baseURL.appendingPathComponent(endpoint), resolvingAgainstBaseURL: false)!
        components.queryItems = [URLQueryItem(name: "crtfc_key", value: key)] + query.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
        return try await HTTPGet.data(components.url!, timeout: timeout, label: endpoint)
    }
}
