public import KumoCore

/// Finds the listed companies an article is about: each instrument's Korean name, its aliases
/// (삼성전자 → 삼전, 005930; NAVER → 네이버) and its six-digit code, matched in the title and
/// summary. A name that is part of a longer listed name (`삼성` in `삼성전자우`) counts only for
/// the longest match at that place, so the preferred share is not read as the common one.
public struct TickerTagger: Sendable {
    /// (text to find, symbol), longest text first.
    let patterns: [(text: String, symbol: Symbol)]

    /// `names` maps each symbol to its names and aliases.
    public init(names: [Symbol: [String]]) {
        var patterns: [(String, Symbol)] = []
        for (symbol, list) in names {
            patterns.append((symbol.code, symbol))
            for name in list where name.count >= 2 { patterns.append((name.lowercased(), symbol)) }
        }
        self.patterns = patterns.sorted { ($0.0.count, $0.0) > ($1.0.count, $1.0) }
    }

    /// The symbols `text` names, in order of first appearance.
    public func symbols(in text: String) -> [Symbol] {
        let lowered = Array(text.lowercased())
        var claimed = [Bool](repeating: false, count: lowered.count)
        var found: [(position: Int, symbol: Symbol)] = []
        for (pattern, symbol) in patterns {
            let needle = Array(pattern)
            guard needle.count <= lowered.count else { continue }
            var start = 0
            while start + needle.count <= lowered.count {
                if !claimed[start], lowered[start] == needle[0], Array(lowered[start..<start + needle.count]) == needle,
                    !claimed[start..<start + needle.count].contains(true), Self.isBoundary(lowered, start, needle.count, pattern: needle)
                {
                    for i in start..<start + needle.count { claimed[i] = true }
                    found.append((start, symbol))
                    start += needle.count
                } else {
                    start += 1
                }
            }
        }
        var seen = Set<Symbol>()
        return found.sorted { $0.position < $1.position }.compactMap { seen.insert($0.symbol).inserted ? $0.symbol : nil }
    }

    /// A code or a Latin name must stand alone (not inside a longer number or word); a Korean name
    /// may be followed by a particle (삼성전자가, 삼성전자의).
    static func isBoundary(_ text: [Character], _ start: Int, _ length: Int, pattern: [Character]) -> Bool {
        guard pattern.allSatisfy({ $0.isASCII }) else { return true }
        let before = start > 0 ? text[start - 1] : " ", after = start + length < text.count ? text[start + length] : " "
        func joins(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber) }
        return !joins(before) && !joins(after)
    }

    /// The tags of `item`: the symbols its title and summary name.
    public func symbols(of item: FeedItem) -> [Symbol] { symbols(in: item.title + " \n " + item.summary) }

    /// Aliases of large KRX listings as the financial press writes them; an instrument table's
    /// names add to these.
    public static let aliases: [String: [String]] = [
        "005930": ["삼성전자", "삼전", "Samsung Electronics"], "005935": ["삼성전자우"], "000660": ["SK하이닉스", "하이닉스", "SK hynix"],
        "035420": ["NAVER", "네이버"], "035720": ["카카오", "Kakao"], "005380": ["현대차", "현대자동차", "Hyundai Motor"], "000270": ["기아", "Kia"],
        "373220": ["LG에너지솔루션", "LG엔솔"], "051910": ["LG화학"], "006400": ["삼성SDI"], "207940": ["삼성바이오로직스", "삼바"],
        "068270": ["셀트리온", "Celltrion"], "005490": ["POSCO홀딩스", "포스코홀딩스"], "105560": ["KB금융"], "055550": ["신한지주"],
        "012330": ["현대모비스"], "028260": ["삼성물산"], "066570": ["LG전자"], "003550": ["LG"], "017670": ["SK텔레콤", "SKT"],
    ]

    /// A tagger of `aliases` plus `names` (an instrument table's symbol → name).
    public static func standard(adding names: [Symbol: String] = [:]) -> TickerTagger {
        var all: [Symbol: [String]] = [:]
        for (code, list) in aliases { if let symbol = Symbol(code) { all[symbol, default: []] += list } }
        for (symbol, name) in names where !name.isEmpty { all[symbol, default: []].append(name) }
        return TickerTagger(names: all)
    }
}
