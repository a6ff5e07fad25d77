import Foundation
import KumoCore
import KumoData
import KumoEngine
import KumoModels
import KumoPostgres
import Logging
import KumoScripting

extension LiveEngine {
    /// The feed's store (`feed.db`: a SQLite file, when it exists, or a PostgreSQL database):
    /// collectors (`kumo collect dart | news | econ`) write to it while the engine runs.
    static func openStore(_ config: LiveConfig) throws -> (any MarketStore)? {
        let location = config.location(config.feed.db)
        guard StoreLocation.exists(location) else { return nil }
        do throws(MarketDataStore.Failure) { return try StoreLocation.open(location) } catch { throw LiveConfig.Failure("feed.db: \(error.description)") }
    }

    /// Reads the store's new filings, news and economic values every `feed.alt_data_refresh`
    /// seconds: a filing or story published in the last week of the engine's clock that it does
    /// not hold yet is delivered from now on; a failed read is logged and tried again next time.
    func refreshAltDataIfDue(force: Bool = false) {
        guard let altDataStore, config.feed.altDataRefresh > 0 || force else { return }
        guard force || Date().timeIntervalSince(altDataReadAt) >= config.feed.altDataRefresh else { return }
        altDataReadAt = Date()
        let now = kernel.now
        let since = Timestamp(nanoseconds: now.nanoseconds - 7 * 86_400 * 1_000_000_000)
        do throws(MarketDataStore.Failure) {
            let (feeds, added) = try altData.refreshed(from: altDataStore, symbols: altDataSymbols, since: since, arrivedAt: now, scorer: sentimentScorer)
            altData = feeds
            for strategy in strategies { strategy.altData = feeds }
            models?.sentiment = feeds.sentiment
            if added > 0 { engineLogger.info("new filings and news from the store", metadata: ["added": "\(added)"]) }
        } catch {
            engineLogger.error("reading filings, news and economic series failed; trying again later", metadata: ["error": "\(error.description)"])
        }
    }
}
