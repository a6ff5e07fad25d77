/// A column of a bar file and the header names that mean it, English and Korean broker exports.
public enum BarColumn: String, Sendable, Hashable, CaseIterable {
    case time, open, high, low, close, volume, value

    /// Header names recognised for each column, compared case-insensitively after trimming.
    public static let aliases: [BarColumn: Set<String>] = [
        .time: ["date", "time", "datetime", "timestamp", "일자", "날짜", "일시", "시간"],
        .open: ["open", "시가"],
        .high: ["high", "고가"],
        .low: ["low", "저가"],
        .close: ["close", "종가", "현재가"],
        .volume: ["volume", "vol", "거래량"],
        .value: ["value", "turnover", "거래대금"],
    ]

    /// The columns a bar file must have.
    public static let required: [BarColumn] = [.time, .open, .high, .low, .close, .volume]

    /// The column a header cell names, if any.
    public static func named(_ header: String) -> BarColumn? {
        let key = header.trimmed.lowercased()
        return allCases.first { aliases[$0]!.contains(key) }
    }
}

extension StringProtocol {
    var trimmed: String {
        String(drop { $0 == " " || $0 == "\t" || $0 == "\u{FEFF}" || $0 == "\r" }.reversed()
            .drop { $0 == " " || $0 == "\t" || $0 == "\r" }.reversed())
    }
}
