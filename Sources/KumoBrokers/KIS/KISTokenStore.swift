import Foundation
public import KumoKIS
import KumoCore

/// The access token cached on disk (mode 0600) so a restart reuses it: KIS allows one issuance a
/// minute and notifies the user of each. One file per environment and app key.
public struct KISTokenStore: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    private struct Entry: Codable {
        var appKeyDigest: String
        var token: KISToken
    }

    /// The cached token of `appKey`, if the file holds one for it.
    public func load(appKey: String) -> KISToken? {
        guard let data = FileManager.default.contents(atPath: path),
            let entry = try? JSONDecoder().decode(Entry.self, from: data),  // a damaged cache is as good as none: a new token is issued
            entry.appKeyDigest == Self.digest(appKey)
        else { return nil }
        return entry.token
    }

    /// Writes `token` for `appKey`, readable by the owner only.
    /// - Throws: ``BrokerError`` naming the file when it cannot be written.
    public func save(_ token: KISToken, appKey: String) throws(BrokerError) {
        do {
            let data = try JSONEncoder().encode(Entry(appKeyDigest: Self.digest(appKey), token: token))
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            let temporary = path + ".tmp"
            guard FileManager.default.createFile(atPath: temporary, contents: data, attributes: [.posixPermissions: 0o600]) else {
                throw BrokerError.configuration("token cache \(temporary) cannot be created")
            }
            guard rename(temporary, path) == 0 else { throw BrokerError.configuration("token cache \(path) cannot be written: \(String(cString: strerror(errno)))") }
        } catch let error as BrokerError {
            throw error
        } catch {
            throw BrokerError.configuration("token cache \(path) cannot be written: \(error.localizedDescription)")
        }
    }

    /// The app key is not stored, only enough of a digest to tell two apps apart.
    static func digest(_ appKey: String) -> String { FNV1a.hex(appKey) }
}
