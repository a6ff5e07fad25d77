public import Foundation
import TOMLKit

/// `kumo.toml`: what `kumo run` trades and where it keeps its state. Paths are relative to the
/// config file's folder.
///
/// ```toml
/// [engine]
/// cash = 10000000
/// journal = "kumo-home/journal.sqlite"
/// socket = "kumo-home/kumo.sock"
/// speed = 60              # replay pace: 60 bar-seconds per second; 0 as fast as possible
/// durable = false         # true: every journal commit waits for the disk
///
/// [feed]
/// kind = "replay"         # replay the store, or "synthetic" (with seed, count, days)
/// symbols = ["SYN0001", "SYN0002"]
/// timeframe = "1d"
/// db = "kumo-home/kumo.sqlite"
///
/// [[strategy]]
/// file = "strategies/sma_cross.lua"
/// symbols = ["SYN0001"]   # optional: the events it receives (default: all the feed's)
/// ```
public struct LiveConfig: Sendable {
    public struct Engine: Sendable, Decodable {
        public var cash: Double = 10_000_000
        public var journal: String = "kumo-home/journal.sqlite"
        public var socket: String = "kumo-home/kumo.sock"
        public var speed: Double = 0
        public var durable: Bool = false
        public var checkpointEvery: Int = 64
        /// The structured log (JSON lines) and its lowest level.
        public var log: String = "kumo-home/kumo.log"
        public var logLevel: String = "info"

        enum CodingKeys: String, CodingKey { case cash, journal, socket, speed, durable, checkpointEvery = "checkpoint_every", log, logLevel = "log_level" }

        public init() {}

        /// A number written either way in TOML (`60` or `60.0`).
        static func number(_ c: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> Double? {
            guard c.contains(key) else { return nil }
            if let integer = try? c.decode(Int.self, forKey: key) { return Double(integer) }
            if let number = try? c.decode(Double.self, forKey: key) { return number }
            throw DecodingError.typeMismatch(Double.self, .init(codingPath: c.codingPath + [key], debugDescription: "not a number"))
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            cash = try Self.number(c, .cash) ?? cash
            journal = try c.decodeIfPresent(String.self, forKey: .journal) ?? journal
            socket = try c.decodeIfPresent(String.self, forKey: .socket) ?? socket
            speed = try Self.number(c, .speed) ?? speed
            durable = try c.decodeIfPresent(Bool.self, forKey: .durable) ?? durable
            checkpointEvery = try c.decodeIfPresent(Int.self, forKey: .checkpointEvery) ?? checkpointEvery
            log = try c.decodeIfPresent(String.self, forKey: .log) ?? log
            logLevel = try c.decodeIfPresent(String.self, forKey: .logLevel) ?? logLevel
        }
    }

    public struct Feed: Sendable, Decodable {
        public var kind: String = "replay"
        public var symbols: [String] = []
        public var timeframe: String = "1d"
        public var db: String = "kumo-home/kumo.sqlite"
        /// For the synthetic feed: its seed, how many symbols (SYN0001 …) and days.
        public var seed: Int = 1
        public var count: Int = 2
        public var days: Int = 250

        enum CodingKeys: String, CodingKey { case kind, symbols, timeframe, db, seed, count, days }

        public init() {}

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            kind = try c.decodeIfPresent(String.self, forKey: .kind) ?? kind
            symbols = try c.decodeIfPresent([String].self, forKey: .symbols) ?? symbols
            timeframe = try c.decodeIfPresent(String.self, forKey: .timeframe) ?? timeframe
            db = try c.decodeIfPresent(String.self, forKey: .db) ?? db
            seed = try c.decodeIfPresent(Int.self, forKey: .seed) ?? seed
            days = try c.decodeIfPresent(Int.self, forKey: .days) ?? days
            count = try c.decodeIfPresent(Int.self, forKey: .count) ?? count
        }
    }

    public struct Strategy: Sendable, Decodable {
        public var file: String
        /// The symbols whose events it receives; all the feed's when absent.
        public var symbols: [String]?
    }

    struct File: Decodable {
        var engine: Engine?
        var feed: Feed?
        var strategy: [Strategy]?
    }

    public var engine: Engine
    public var feed: Feed
    public var strategies: [Strategy]
    /// The folder relative paths are read against.
    public var folder: URL

    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
        public init(_ description: String) { self.description = description }
    }

    public static func read(_ url: URL) throws(Failure) -> LiveConfig {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch { throw Failure("\(url.path): cannot be read: \(error.localizedDescription)") }
        return try parse(text, file: url.path, folder: url.deletingLastPathComponent())
    }

    public static func parse(_ text: String, file: String, folder: URL) throws(Failure) -> LiveConfig {
        let parsed: File
        do {
            parsed = try TOMLDecoder(strictDecoding: true).decode(File.self, from: text)
        } catch let error as TOMLParseError {
            throw Failure("\(file):\(error.source.begin.line):\(error.source.begin.column): \(error.description)")
        } catch let error as UnexpectedKeysError {
            throw Failure("\(file): unknown key \(error.keys.keys.sorted().joined(separator: ", ")) (engine: cash, journal, socket, speed, durable, checkpoint_every, log, log_level; feed: kind, symbols, timeframe, db, seed, count, days; strategy: file, symbols)")
        } catch let DecodingError.typeMismatch(type, context) {
            let expected = type == Double.self || type == Int.self ? "a number" : type == String.self ? "a string" : type == Bool.self ? "true or false" : "\(type)"
            throw Failure("\(file): \(Self.display(context.codingPath)): expected \(expected)")
        } catch let DecodingError.keyNotFound(key, context) {
            // TOMLKit also reports a value of the wrong type this way, its key already in the path.
            let path = context.codingPath.last?.stringValue == key.stringValue ? context.codingPath : context.codingPath + [key]
            throw Failure("\(file): \(Self.display(path)): is missing or not of its type (see kumo run --help)")
        } catch {
            throw Failure("\(file): \(error)")
        }
        let config = LiveConfig(engine: parsed.engine ?? Engine(), feed: parsed.feed ?? Feed(), strategies: parsed.strategy ?? [], folder: folder)
        guard !config.strategies.isEmpty else { throw Failure("\(file): no [[strategy]] to run") }
        guard config.feed.kind == "replay" || config.feed.kind == "synthetic" else { throw Failure("\(file): feed.kind: '\(config.feed.kind)' is not replay or synthetic") }
        guard !config.feed.symbols.isEmpty || config.feed.kind == "synthetic" else { throw Failure("\(file): feed.symbols: name the symbols to replay") }
        if config.feed.kind == "synthetic" {
            // The synthetic market's own bounds (kumo data synth's): its bar times stay before 2262.
            guard (1...9999).contains(config.feed.count), (1...50_000).contains(config.feed.days) else {
                throw Failure("\(file): feed.count must be 1…9999 and feed.days 1…50000")
            }
            guard config.feed.timeframe == "1d" || config.feed.timeframe == "1m" else { throw Failure("\(file): feed.timeframe: the synthetic feed makes 1d or 1m bars") }
        }
        guard config.engine.speed >= 0, config.engine.cash > 0, config.engine.checkpointEvery > 0 else {
            throw Failure("\(file): engine.speed must be ≥ 0, engine.cash and engine.checkpoint_every positive")
        }
        return config
    }

    /// A coding path as the file spells it: `strategy[0].file`.
    static func display(_ path: [any CodingKey]) -> String {
        path.reduce("") { text, key in
            if let index = key.intValue { return text + "[\(index)]" }
            return text.isEmpty ? key.stringValue : text + "." + key.stringValue
        }
    }

    /// `path` against the config's folder.
    public func resolve(_ path: String) -> URL {
        path.hasPrefix("/") ? URL(fileURLWithPath: path) : folder.appendingPathComponent(path)
    }
}
