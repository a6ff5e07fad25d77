import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A GET that tells a transport failure (no answer in time, no connection, an HTTP status other
/// than 200) from a reply, whose body the caller then reads.
enum HTTPGet {
    static func data(_ url: URL, timeout: TimeInterval, label: String) async throws(TransportError) -> Data {
        var request = URLRequest(url: url)
        request.timeoutInterval = timeout
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }
        do {
            let (data, response) = try await session.data(for: request)
            if let http = response as? HTTPURLResponse, http.statusCode != 200 { throw TransportError(description: "\(label): HTTP \(http.statusCode)") }
            return data
        } catch let error as TransportError {
            throw error
        } catch {
            throw TransportError(description: "\(label): \(error.localizedDescription)")
        }
    }
}

/// A failure below a service's own statuses: no answer in time, no connection, or an HTTP error.
public struct TransportError: Error, Sendable, CustomStringConvertible {
    public var description: String
}
