public import Foundation
public import KumoCore
import TOMLKit

/// Series definitions read from a TOML file, each an `[[series]]` table:
///
/// ```toml
/// [[series]]
/// name = "unemployment"            # what ctx:econ asks for
/// title = "실업률"
/// unit = "%"
/// frequency = "M"                  # D, M, Q or A
/// ecos = { stat = "901Y027", items = ["I61BC"] }
/// # or: csv = { url = "https://…", date = "date", value = "rate" }
/// # or: json = { url = "https://…", rows = "data.rows", date = "t", value = "v" }
/// release = { rule = "trading_days_after", days = 3, at = "08:00", dates = { "202401" = "2024-02-14" } }
/// since = "2015-01-01"
/// ```
///
/// A name also in `EconSeriesDefinition.standard` replaces it. Errors name the file, the series and the field.
public enum EconDefinitionsFile {
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    public static func read(_ url: URL) throws(Failure) -> [EconSeriesDefinition] {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch { throw Failure(description: "\(url.path): cannot be read: \(error.localizedDescription)") }
        return try parse(text, file: url.path)
    }

    public static func parse(_ text: String, file: String) throws(Failure) -> [EconSeriesDefinition] {
        let root: TOMLTable
        do { root = try TOMLTable(string: text) } catch let error as TOMLParseError {
            throw Failure(description: "\(file):\(error.source.begin.line):\(error.source.begin.column): \(error.description)")
        } catch { throw Failure(description: "\(file): \(error)") }
        for key in root.keys where key != "series" { throw Failure(description: "\(file): unknown key '\(key)' (only [[series]] tables)") }
        guard let list = root["series"]?.array else { throw Failure(description: "\(file): no [[series]] table") }
        var out: [EconSeriesDefinition] = []
        for (index, element) in list.enumerated() {
            guard let table = element.table else { throw Failure(description: "\(file): series #\(index + 1) is not a table") }
            let definition = try series(table, at: "\(file): series #\(index + 1)")
            guard !out.contains(where: { $0.name == definition.name }) else { throw Failure(description: "\(file): series '\(definition.name)' is defined twice") }
            out.append(definition)
        }
        return out
    }

    /// `standard`, with `extra`'s series added or replacing those of the same name.
    public static func merged(_ extra: [EconSeriesDefinition]) -> [EconSeriesDefinition] {
        let replaced = Set(extra.map(\.name))
        return EconSeriesDefinition.standard.filter { !replaced.contains($0.name) } + extra
    }

    static func series(_ table: TOMLTable, at place: String) throws(Failure) -> EconSeriesDefinition {
        guard let name = table["name"]?.string, EconSeriesDefinition.isValidName(name) else {
            throw Failure(description: "\(place): name: give a name of a–z, 0–9 and _, starting with a letter")
        }
        let here = "\(place) '\(name)'"
        let known: Set = ["name", "title", "unit", "frequency", "ecos", "csv", "json", "release", "since"]
        if let unknown = table.keys.first(where: { !known.contains($0) }) { throw Failure(description: "\(here): unknown field '\(unknown)' (\(known.sorted().joined(separator: ", ")))") }
        guard let letter = table["frequency"]?.string, let frequency = EconFrequency(rawValue: letter) else {
            throw Failure(description: "\(here): frequency: one of D, M, Q, A")
        }
        let sources = ["ecos", "csv", "json"].filter { table[$0] != nil }
        guard sources.count == 1, let body = table[sources[0]]?.table else { throw Failure(description: "\(here): give exactly one of ecos, csv, json, as a table") }
        func text(_ t: TOMLTable, _ key: String, _ field: String) throws(Failure) -> String {
            guard let value = t[key]?.string, !value.isEmpty else { throw Failure(description: "\(here): \(field): missing or not text") }
            return value
        }
        func url(_ t: TOMLTable, _ field: String) throws(Failure) -> URL {
            let value = try text(t, "url", field)
            guard let url = URL(string: value), url.scheme == "http" || url.scheme == "https", url.host != nil else {
                throw Failure(description: "\(here): \(field): '\(value)' is not an http(s) address")
            }
            return url
        }
        let source: EconSeriesDefinition.Source
        switch sources[0] {
        case "ecos":
            let stat = try text(body, "stat", "ecos.stat")
            let items = body["items"]?.array?.compactMap { $0.string } ?? []
            guard !items.isEmpty, items.count <= 4, items.count == body["items"]?.array?.count else {
                throw Failure(description: "\(here): ecos.items: one to four item codes, as text")
            }
            source = .ecos(stat: stat, items: items)
        case "csv":
            source = .csv(url: try url(body, "csv.url"), dateColumn: try text(body, "date", "csv.date"), valueColumn: try text(body, "value", "csv.value"))
        default:
            source = .json(
                url: try url(body, "json.url"), rowsPath: body["rows"]?.string ?? "", dateField: try text(body, "date", "json.date"),
                valueField: try text(body, "value", "json.value"))
        }
        let release = try schedule(table["release"]?.table, frequency: frequency, here)
        var since = CivilDate(year: 2010, month: 1, day: 1)!
        if let value = table["since"] {
            guard let text = value.string, let date = CivilDate(parsing: text) else { throw Failure(description: "\(here): since: a date YYYY-MM-DD") }
            since = date
        }
        return EconSeriesDefinition(
            name: name, title: table["title"]?.string ?? name, unit: table["unit"]?.string ?? "", frequency: frequency, source: source, release: release, since: since)
    }

    static func schedule(_ table: TOMLTable?, frequency: EconFrequency, _ here: String) throws(Failure) -> ReleaseSchedule {
        guard let table else { return ReleaseSchedule(rule: .periodEnd, hour: 18) }
        let known: Set = ["rule", "days", "at", "dates"]
        if let unknown = table.keys.first(where: { !known.contains($0) }) { throw Failure(description: "\(here): release.\(unknown): unknown (rule, days, at, dates)") }
        let rule: ReleaseSchedule.Rule
        switch table["rule"]?.string ?? "period_end" {
        case "period_end": rule = .periodEnd
        case "trading_days_after":
            guard let days = table["days"]?.int, (1...60).contains(days) else { throw Failure(description: "\(here): release.days: a whole number 1…60") }
            rule = .tradingDaysAfter(days)
        case let other: throw Failure(description: "\(here): release.rule: '\(other)' is not period_end or trading_days_after")
        }
        let at = table["at"]?.string ?? "18:00"
        let parts = at.split(separator: ":").compactMap { Int($0) }
        guard parts.count == 2, (0..<24).contains(parts[0]), (0..<60).contains(parts[1]) else { throw Failure(description: "\(here): release.at: '\(at)' is not HH:MM (KST)") }
        var dates: [String: CivilDate] = [:]
        if let listed = table["dates"] {
            guard let listed = listed.table else { throw Failure(description: "\(here): release.dates: a table of period = \"YYYY-MM-DD\"") }
            for key in listed.keys {
                guard let period = EconPeriod(key, frequency: frequency) else { throw Failure(description: "\(here): release.dates: '\(key)' is not a \(frequency) period label") }
                guard let text = listed[key]?.string, let day = CivilDate(parsing: text), day >= period.end else {
                    throw Failure(description: "\(here): release.dates.\(key): a date YYYY-MM-DD on or after the period's end")
                }
                dates[period.label] = day
            }
        }
        return ReleaseSchedule(rule: rule, hour: parts[0], minute: parts[1], dates: dates)
    }
}
