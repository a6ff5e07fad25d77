import ArgumentParser
import Foundation
import KumoCore
import KumoData
import KumoPostgres

/// `kumo data migrate --from STORE --to STORE`.
struct DataMigrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: "Copy a store into another: SQLite to PostgreSQL or back (bars, names, filings, news, economic vintages, companies, statements).",
        discussion: """
            STORE is sqlite:PATH, a file path, or postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE. Each series is copied in one \
            transaction and checked after (the same bar count and range on both sides); copying again changes nothing, so an \
            interrupted copy is finished by running it again. Collector cursors are not copied: the collectors' next runs ask again \
            and add nothing they already have.
            """)

    @Option(help: "The store to copy from.") var from: String
    @Option(help: "The store to copy into.") var to: String

    func run() throws {
        guard from != to else { throw ValidationError("--from and --to name the same store") }
        if !StoreLocation.exists(from) {
            throw ValidationError("--from: there is no store at \(from)")
        }
        let source = try StoreOptions.open(from)
        let target = try StoreOptions.open(to)
        do throws(MarketDataStore.Failure) {
            let series = try source.series()
            var rows = 0, changed = 0
            for s in series {
                guard let symbol = Symbol(s.symbol), let frame = Timeframe(parsing: s.timeframe) else { continue }
                let bars = try source.bars(symbol: symbol, timeframe: frame, from: nil, to: nil)
                changed += try target.importBars([(symbol, frame, bars)])
                rows += bars.count
            }
            let copied = try target.series()
            for s in series where !copied.contains(s) {
                throw MarketDataStore.Failure(description: "\(s.symbol) \(s.timeframe): \(target.location) does not hold what \(source.location) holds after the copy")
            }
            let names = try target.nameInstruments(try source.instrumentNames())
            let filings = try target.storeDisclosures(try source.disclosures(symbol: nil, from: nil, to: nil, limit: nil))
            let stories = try target.storeNews(try source.news(symbol: nil, from: nil, to: nil))
            var vintages = 0
            for (name, observations) in Dictionary(grouping: try source.econ(series: nil, asOf: nil), by: \.series).sorted(by: { $0.key < $1.key }) {
                // The first vintage of each period, published when it was; then each revision, published when it was seen.
                // A vintage the target holds already (an earlier copy) is left as it is.
                let held = Set(try target.econ(series: name, asOf: nil).map { "\($0.period.label)@\($0.publishedAt.nanoseconds)" })
                var firsts: [EconPeriod: EconObservation] = [:]
                var revisions: [EconObservation] = []
                for o in observations.sorted(by: { $0.publishedAt < $1.publishedAt }) where !held.contains("\(o.period.label)@\(o.publishedAt.nanoseconds)") {
                    if firsts[o.period] == nil { firsts[o.period] = o } else { revisions.append(o) }
                }
                var published = firsts.mapValues(\.publishedAt)
                for o in observations where published[o.period] == nil || o.publishedAt < published[o.period]! { published[o.period] = o.publishedAt }
                let stored = try target.storeEcon(series: name, values: firsts.values.sorted { $0.period < $1.period }.map { ($0.period, $0.value) }, seenAt: Timestamp(nanoseconds: 0)) {
                    published[$0]!
                }
                vintages += stored.added + stored.revised
                for o in revisions {
                    let revised = try target.storeEcon(series: name, values: [(o.period, o.value)], seenAt: o.publishedAt) { published[$0]! }
                    vintages += revised.added + revised.revised
                }
            }
            let codes = try target.storeCorpCodes(try source.corpCodes())
            var profiles = 0
            for profile in try source.companyProfiles() where try target.storeCompanyProfile(profile) { profiles += 1 }
            let lines = try target.storeFinancialLines(try source.financialLines(corpCode: nil, year: nil, report: nil))
            print(
                "migrated \(source.location) → \(target.location): \(series.count) series, \(rows) bars (\(changed) new or changed), \(names) names, "
                    + "\(filings) filings, \(stories) stories, \(vintages) economic values, \(codes) company codes, \(profiles) profiles, \(lines) statement lines; "
                    + "every series checked")
        } catch {
            throw ValidationError(error.description)
        }
    }
}
