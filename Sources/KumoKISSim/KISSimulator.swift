public import Foundation
public import KumoCore
public import KumoKIS

/// A REST call as the simulator sees it: header names lower-cased, query names upper-cased.
public struct SimulatorRequest: Sendable {
    public var method: String
    public var path: String
    public var headers: [String: String]
    public var query: [String: String]
    public var body: Data

    public init(method: String, path: String, headers: [String: String], query: [String: String], body: Data) {
        self.method = method
        self.path = path
        self.headers = headers
        self.query = query
        self.body = body
    }
}

/// A REST reply, and how long to hold it first (the `slow` and `drop` faults).
public struct SimulatorResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: KISJSON
    public var delay: Double = 0
}

/// A frame for one WebSocket session, or the order to close it.
public enum SimulatorFrame: Sendable, Equatable {
    case text(String)
    case close
}

/// The KIS simulator: one app and account of KIS's REST and WebSocket APIs, shapes as the domain
/// notes give them, orders matched against a replayed market with KRX ticks and limits, and faults
/// on demand. The HTTP side (``KISSimulatorServer``) and the tests call into it.
public actor KISSimulator {
    nonisolated public let settings: KISSimulatorSettings
    public internal(set) var exchange: SimulatedExchange
    public var faults = KISFaultPlan()
    let prints: [SimulatedExchange.Print]
    public internal(set) var printIndex = 0
    var token: (value: String, issuedAt: Double, expiresAt: Double)?
    var tokenExpiredByFault = false
    var approvalKeys: Set<String> = []
    var callTimes: [Double] = []
    var sessions: [Int: Session] = [:]
    var nextSession = 1
    var heldAcceptances: [String: String] = [:]
    var holdNextAcceptance = false
    var duplicateNextFill = false
    var generator: SplitMix64
    /// What the simulator served, for the tests: REST calls by TR id, frames pushed, notices sent.
    public internal(set) var callsByTR: [String: Int] = [:]
    public internal(set) var framesSent = 0
    public internal(set) var noticesSent = 0
    public internal(set) var refusedCalls: [String] = []
    public internal(set) var echoesReceived = 0

    struct Session {
        var continuation: AsyncStream<SimulatorFrame>.Continuation
        var appKey: String?
        var subscriptions: [KISSubscription: KISCipher] = [:]
    }

    public init(settings: KISSimulatorSettings, seed: UInt64 = 7) {
        self.settings = settings
        exchange = SimulatedExchange(cash: settings.cash)
        generator = SplitMix64(seed: seed)
        prints = SimulatedExchange.prints(of: settings.market, nextradeShare: settings.nextradeShare, generator: &generator)
    }

    /// Seconds on a monotonic clock (the rate limit, the token's age).
    nonisolated func uptime() -> Double { ProcessInfo.processInfo.systemUptime }

    /// Prints replayed a second by the server's pacing loop (0 pauses the market).
    public var pace: Double = 0
    public func setPace(_ value: Double) { pace = max(0, value) }

    /// Adds a fault (see ``KISFaultPlan``).
    public func addFault(_ spec: String) throws(KISSimulatorError) { try faults.add(spec) }

    /// Whether the replay has prints left.
    public var hasMorePrints: Bool { printIndex < prints.count }

    /// Replays the next `count` prints: the account's orders fill, subscribers get trades, books and notices.
    @discardableResult
    public func step(_ count: Int = 1) -> Int {
        var played = 0
        while played < count, printIndex < prints.count {
            let print = prints[printIndex]
            printIndex += 1
            played += 1
            let notices = exchange.replay(print)
            pushMarket(print)
            for notice in notices { push(notice) }
        }
        return played
    }

    // MARK: WebSocket sessions

    /// Opens a session; its frames arrive on the stream until it closes.
    public func openSession() -> (id: Int, frames: AsyncStream<SimulatorFrame>) {
        let (stream, continuation) = AsyncStream<SimulatorFrame>.makeStream()
        let id = nextSession
        nextSession += 1
        sessions[id] = Session(continuation: continuation)
        return (id, stream)
    }

    /// Forgets a session the client closed.
    public func closeSession(_ id: Int) {
        sessions[id]?.continuation.finish()
        sessions[id] = nil
    }

    /// Closes every session (the `ws-drop` fault, or a test's disconnect).
    public func dropSessions() {
        for id in sessions.keys.sorted() {
            sessions[id]?.continuation.yield(.close)
            sessions[id]?.continuation.finish()
        }
        sessions = [:]
    }

    /// How many subscriptions are open, summed over sessions.
    public var registrations: Int { sessions.values.reduce(0) { $0 + $1.subscriptions.count } }

    /// Handles a text frame from session `id`: a subscription request or a PINGPONG echo.
    public func receive(_ text: String, from id: Int) {
        guard var session = sessions[id] else { return }
        if case .pingPong = try? KISControlMessage.parse(text) {  // the client's echo; anything else is a request
            echoesReceived += 1
            return
        }
        let request: (subscription: KISSubscription, subscribe: Bool, approvalKey: String)
        do throws(KISDecodingError) { request = try KISSubscription.parse(text) } catch {
            session.continuation.yield(.text(KISControlReply(trID: "", trKey: "", isSuccess: false, code: "OPSP0007", message: "INVALID REQUEST: \(error.description)", cipher: nil).serialized))
            return
        }
        let sub = request.subscription
        func reply(_ ok: Bool, _ code: String, _ message: String, _ cipher: KISCipher? = nil) {
            sessions[id]?.continuation.yield(.text(KISControlReply(trID: sub.trID, trKey: sub.trKey, isSuccess: ok, code: code, message: message, cipher: cipher).serialized))
        }
        guard approvalKeys.contains(request.approvalKey) else { return reply(false, "OPSP0007", "invalid approval : NOT FOUND") }
        if session.appKey == nil {
            if sessions.contains(where: { $0.key != id && $0.value.appKey == settings.appKey }) { return reply(false, "OPSP8996", "ALREADY IN USE appkey") }
            session.appKey = settings.appKey
            sessions[id] = session
        }
        if !request.subscribe {
            guard sessions[id]?.subscriptions.removeValue(forKey: sub) != nil else { return reply(false, "OPSP0003", "UNSUBSCRIBE ERROR(not found!)") }
            return reply(true, "OPSP0001", "UNSUBSCRIBE SUCCESS")
        }
        guard KISDataFrame.layouts(of: sub.trID) != nil else { return reply(false, "OPSP0007", "SUBSCRIBE ERROR: unknown tr_id \(sub.trID)") }
        if sessions[id]?.subscriptions[sub] != nil { return reply(false, "OPSP0002", "ALREADY IN SUBSCRIBE") }
        guard registrations < settings.maxRegistrations else { return reply(false, "OPSP0008", "MAX SUBSCRIBE OVER") }
        let cipher = randomCipher()
        sessions[id]?.subscriptions[sub] = cipher
        reply(true, "OPSP0000", "SUBSCRIBE SUCCESS", cipher)
    }

    /// Sends PINGPONG to every session.
    public func ping() {
        let text = KISControlMessage.pingPong(datetime: KISTime.date(exchange.now) + KISTime.timeOfDay(exchange.now))
        for session in sessions.values { session.continuation.yield(.text(text)) }
    }

    func randomCipher() -> KISCipher {
        let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        func text(_ count: Int) -> String { String((0..<count).map { _ in letters[Int(generator.next() % UInt64(letters.count))] }) }
        return try! KISCipher(key: text(32), iv: text(16))  // 32 and 16 characters: always a valid key and iv
    }

    /// Sends `frame(cipher)` to every session subscribed to `trID` with `trKey`; a `ws-drop` fault closes them instead.
    func send(trID: String, trKey: String, _ frame: (KISCipher) -> String) {
        if !faults.take(.ws, kinds: [.webSocketDrop]).isEmpty {
            dropSessions()
            return
        }
        let subscription = KISSubscription(trID: trID, trKey: trKey)
        guard sessions.values.contains(where: { $0.subscriptions[subscription] != nil }) else { return }
        let garbled = !faults.take(.ws, kinds: [.garbled]).isEmpty
        for id in sessions.keys.sorted() {
            guard let cipher = sessions[id]?.subscriptions[subscription] else { continue }
            var text = frame(cipher)
            // Two fields short of a record (one short would be the 46-field trade layout, which is valid).
            if garbled, let last = text.lastIndex(of: "^"), let cut = text[..<last].lastIndex(of: "^") { text = String(text[..<cut]) }
            sessions[id]?.continuation.yield(.text(text))
            framesSent += 1
        }
    }
}
