import Foundation
import Synchronization

/// The newest alerts sent (firing and resolved), for the dashboard and `GET /api/v1/alerts`.
public final class AlertLog: Sendable {
    let entries = Mutex<[[String: any Sendable]]>([])
    let capacity: Int

    public init(capacity: Int = 200) { self.capacity = capacity }

    func append(_ entry: [String: any Sendable]) {
        entries.withLock { entries in
            entries.append(entry)
            if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
        }
    }

    /// Oldest first.
    public var recent: [[String: Any]] { entries.withLock { $0.map { $0.mapValues { $0 as Any } } } }
}
