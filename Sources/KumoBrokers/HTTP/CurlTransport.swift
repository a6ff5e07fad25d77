import CCurl
public import Foundation

/// One HTTP exchange's outcome: the status, the response headers (names lower-cased) and the body.
public struct HTTPResponse: Sendable {
    public let status: Int
    public let headers: [String: String]
    public let body: Data
}

/// Why an HTTP exchange gave no response: it timed out, or the connection failed. Either way the
/// request may or may not have reached the server.
public struct HTTPFailure: Error, Sendable, CustomStringConvertible {
    public let isTimeout: Bool
    public let description: String
}

/// Blocking HTTP over libcurl (TLS, keep-alive), one easy handle reused for every request. Not
/// thread-safe: a client owns one and calls it from one thread at a time.
public final class CurlTransport {
    private let handle: UnsafeMutableRawPointer
    /// How long one exchange may take before it counts as lost.
    public var timeout: Double

    private static let globalInit: Void = { curl_global_init(Int(CURL_GLOBAL_ALL)) }()

    public init(timeout: Double = 10) {
        _ = Self.globalInit
        guard let handle = curl_easy_init() else { preconditionFailure("libcurl could not make a handle") }
        self.handle = handle
        self.timeout = timeout
    }

    deinit { curl_easy_cleanup(handle) }

    /// Sends one request and waits for its response.
    /// - Throws: ``HTTPFailure`` when no response came back in time or the connection failed.
    public func send(method: String, url: String, headers: [(String, String)], body: Data?) throws(HTTPFailure) -> HTTPResponse {
        let sink = ResponseSink()
        let context = Unmanaged.passRetained(sink)
        defer { context.release() }
        curl_easy_reset(handle)
        var list: UnsafeMutablePointer<curl_slist>?
        for (name, value) in headers { list = curl_slist_append(list, "\(name): \(value)") }
        list = curl_slist_append(list, "Expect:")  // no 100-continue round trip on POSTs
        defer { curl_slist_free_all(list) }
        let payload = body ?? Data()
        let code: CURLcode = url.withCString { urlText in
            method.withCString { methodText in
                payload.withUnsafeBytes { bytes in
                    _ = kumo_curl_set_pointer(handle, CURLOPT_URL, urlText)
                    _ = kumo_curl_set_pointer(handle, CURLOPT_CUSTOMREQUEST, methodText)
                    _ = kumo_curl_set_pointer(handle, CURLOPT_HTTPHEADER, list)
                    _ = kumo_curl_set_long(handle, CURLOPT_NOSIGNAL, 1)
                    _ = kumo_curl_set_long(handle, CURLOPT_TIMEOUT_MS, Int(timeout * 1000))
                    _ = kumo_curl_set_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int(min(timeout, 5) * 1000))
                    if body != nil {
                        _ = kumo_curl_set_long(handle, CURLOPT_POSTFIELDSIZE, bytes.count)
                        _ = kumo_curl_set_pointer(handle, CURLOPT_POSTFIELDS, bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1))
                    }
                    _ = kumo_curl_set_write(handle, curlWrite)
                    _ = kumo_curl_set_pointer(handle, CURLOPT_WRITEDATA, context.toOpaque())
                    _ = kumo_curl_set_header_callback(handle, curlHeader)
                    _ = kumo_curl_set_pointer(handle, CURLOPT_HEADERDATA, context.toOpaque())
                    return curl_easy_perform(handle)
                }
            }
        }
        guard code == CURLE_OK else {
            let text = String(cString: curl_easy_strerror(code))
            throw HTTPFailure(isTimeout: code == CURLE_OPERATION_TIMEDOUT, description: "\(method) \(url): \(text)")
        }
        var status = 0
        _ = kumo_curl_response_code(handle, &status)
        return HTTPResponse(status: status, headers: sink.headers, body: sink.body)
    }
}

/// What libcurl's callbacks write into.
final class ResponseSink {
    var body = Data()
    var headers: [String: String] = [:]
}

private func curlWrite(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?) -> Int {
    guard let data, let context else { return 0 }
    let sink = Unmanaged<ResponseSink>.fromOpaque(context).takeUnretainedValue()
    sink.body.append(UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self), count: size * count)
    return size * count
}

private func curlHeader(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?) -> Int {
    guard let data, let context else { return 0 }
    let sink = Unmanaged<ResponseSink>.fromOpaque(context).takeUnretainedValue()
    let line = String(decoding: UnsafeRawBufferPointer(start: data, count: size * count), as: UTF8.self)
    if let colon = line.firstIndex(of: ":") {
        let name = line[..<colon].lowercased()
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
        sink.headers[name] = value
    }
    return size * count
}
