public import Foundation
public import KumoCore

/// A market-holiday file the user keeps (cached from KIS `chk-holiday`, or written by hand):
/// one `YYYY-MM-DD` per line, optionally followed by a name; `#` starts a comment.
///
/// ```
/// # KRX 2025
/// 2025-01-01 신정
/// 2025-10-06 추석
/// ```
public enum HolidayFile {
    /// Reads the holidays of `file` into a weekday calendar.
    public static func calendar(from file: URL) throws(BarImportError) -> WeekdayCalendar {
        guard let text = try? String(contentsOf: file, encoding: .utf8) else {
            throw BarImportError(file: file.path, line: 0, message: "cannot read the holiday file")
        }
        return try calendar(parsing: text, name: file.path)
    }

    /// Reads holiday lines; `name` names the source in errors.
    public static func calendar(parsing text: String, name: String) throws(BarImportError) -> WeekdayCalendar {
        var holidays: Set<CivilDate> = []
        for (offset, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            guard let first = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).first else { continue }
            guard let date = CivilDate(parsing: first) else {
                throw BarImportError(file: name, line: offset + 1, message: "'\(first)' is not a date (YYYY-MM-DD)")
            }
            holidays.insert(date)
        }
        return WeekdayCalendar(holidays: holidays)
    }

    /// `$KUMO_HOME/holidays.txt` (or `./kumo-home/holidays.txt`), when it exists.
    public static func defaultCalendar(environment: [String: String] = ProcessInfo.processInfo.environment) throws(BarImportError)
        -> WeekdayCalendar
    {
        let home = environment["KUMO_HOME"] ?? FileManager.default.currentDirectoryPath + "/kumo-home"
        let file = URL(fileURLWithPath: home + "/holidays.txt")
        guard FileManager.default.fileExists(atPath: file.path) else { return WeekdayCalendar() }
        return try calendar(from: file)
    }
}
