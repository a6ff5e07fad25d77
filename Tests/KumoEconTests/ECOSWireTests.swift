import Foundation
import KumoCore
import KumoEcon
import Testing

/// ECOS's `StatisticSearch` replies and result codes, periods in ECOS's labels, and generic CSV
/// and JSON series, read as the Bank of Korea's developer guide and its users' code show them.
struct ECOSWireTests {
    /// A reply of `StatisticSearch/KEY/json/kr/1/3/722Y001/D/20230806/20230808/0101000`, shaped as ECOS answers.
    static let baseRate = """
        {"StatisticSearch":{"list_total_count":3,"row":[
        {"STAT_CODE":"722Y001","STAT_NAME":"1.3.1. 한국은행 기준금리 및 여수신금리","ITEM_CODE1":"0101000","ITEM_NAME1":"한국은행 기준금리","ITEM_CODE2":null,"ITEM_NAME2":null,"ITEM_CODE3":null,"ITEM_NAME3":null,"ITEM_CODE4":null,"ITEM_NAME4":null,"UNIT_NAME":"연%","WGT":null,"TIME":"20230806","DATA_VALUE":"3.5"},
        {"STAT_CODE":"722Y001","STAT_NAME":"1.3.1. 한국은행 기준금리 및 여수신금리","ITEM_CODE1":"0101000","ITEM_NAME1":"한국은행 기준금리","ITEM_CODE2":null,"ITEM_NAME2":null,"ITEM_CODE3":null,"ITEM_NAME3":null,"ITEM_CODE4":null,"ITEM_NAME4":null,"UNIT_NAME":"연%","WGT":null,"TIME":"20230807","DATA_VALUE":"3.5"},
        {"STAT_CODE":"722Y001","STAT_NAME":"1.3.1. 한국은행 기준금리 및 여수신금리","ITEM_CODE1":"0101000","ITEM_NAME1":"한국은행 기준금리","ITEM_CODE2":null,"ITEM_NAME2":null,"ITEM_CODE3":null,"ITEM_NAME3":null,"ITEM_CODE4":null,"ITEM_NAME4":null,"UNIT_NAME":"연%","WGT":null,"TIME":"20230808","DATA_VALUE":""}]}}
        """

    @Test func aPageOfRowsIsRead() throws {
        let page = try ECOSPage.parse(Data(Self.baseRate.utf8), frequency: .daily)
        #expect(page.total == 3)
        #expect(page.rows.map(\.period.label) == ["20230806", "20230807", "20230808"])
        #expect(page.rows.map(\.value) == [3.5, 3.5, nil], "a blank DATA_VALUE is no number, not zero")
        #expect(page.rows[0].statCode == "722Y001" && page.rows[0].itemCode == "0101000" && page.rows[0].unit == "연%")
        let monthly = #"{"StatisticSearch":{"list_total_count":1,"row":[{"STAT_CODE":"901Y009","TIME":"202312","DATA_VALUE":"112.71","ITEM_CODE1":"0","UNIT_NAME":"2020=100"}]}}"#
        let cpi = try ECOSPage.parse(Data(monthly.utf8), frequency: .monthly)
        #expect(cpi.rows.first?.period.start == CivilDate(year: 2023, month: 12, day: 1) && cpi.rows.first?.value == 112.71)
        #expect(cpi.rows.first?.period.end == CivilDate(year: 2023, month: 12, day: 31))
    }

    @Test func resultCodesSayWhatToDo() throws {
        func outcome(_ json: String) -> (ECOSPage?, ECOSStatus.Meaning?) {
            do { return (try ECOSPage.parse(Data(json.utf8), frequency: .daily), nil) } catch { return (nil, error.status?.meaning) }
        }
        func result(_ code: String) -> String { #"{"RESULT":{"CODE":"\#(code)","MESSAGE":"…"}}"# }
        #expect(outcome(result("INFO-200")).0 == ECOSPage(total: 0, rows: []), "no data is an empty page")
        #expect(outcome(result("INFO-100")).1 == .keyRefused)
        #expect(outcome(result("ERROR-602")).1 == .throttled)
        #expect(outcome(result("ERROR-400")).1 == .tooLarge)
        for code in ["ERROR-500", "ERROR-600", "ERROR-601"] { #expect(outcome(result(code)).1 == .serverFailure) }
        for code in ["ERROR-100", "ERROR-101", "ERROR-200", "ERROR-300", "ERROR-301"] { #expect(outcome(result(code)).1 == .badRequest) }
        #expect(ECOSStatus(code: "ERROR-500", message: "").isRetryable && !ECOSStatus(code: "ERROR-101", message: "").isRetryable)
        // ECOS sometimes answers an error in XML even when JSON was asked for.
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><RESULT><CODE>ERROR-602</CODE><MESSAGE>과도한 OpenAPI호출로 이용이 제한되었습니다.</MESSAGE></RESULT>"
        #expect(outcome(xml).1 == .throttled)
        // Malformed replies name what is wrong.
        #expect(throws: EconWireError.self) { try ECOSPage.parse(Data("<html>busy</html>".utf8), frequency: .daily) }
        let badTime = #"{"StatisticSearch":{"list_total_count":1,"row":[{"TIME":"202312","DATA_VALUE":"1"}]}}"#
        do { _ = try ECOSPage.parse(Data(badTime.utf8), frequency: .daily); Issue.record("a monthly TIME in a daily series was read") } catch {
            #expect(error.description.contains("row 1") && error.description.contains("202312"))
        }
        let badValue = #"{"StatisticSearch":{"list_total_count":1,"row":[{"TIME":"20231201","DATA_VALUE":"1.2.3"}]}}"#
        do { _ = try ECOSPage.parse(Data(badValue.utf8), frequency: .daily); Issue.record("1.2.3 was read") } catch { #expect(error.description.contains("DATA_VALUE '1.2.3'")) }
    }

    @Test func requestPathsFollowTheGuide() {
        let path = ECOSPage.path(
            key: "KEY", stat: "731Y001", frequency: .daily, from: EconPeriod("20240101", frequency: .daily)!, to: EconPeriod("20240110", frequency: .daily)!,
            items: ["0000001"], first: 1, last: 10)
        #expect(path == "StatisticSearch/KEY/json/kr/1/10/731Y001/D/20240101/20240110/0000001/?/?/?")
        let odd = ECOSPage.path(
            key: "a key/x", stat: "731Y001", frequency: .daily, from: EconPeriod("20240101", frequency: .daily)!, to: EconPeriod("20240110", frequency: .daily)!,
            items: ["0000001"], first: 1, last: 10)
        #expect(odd.hasPrefix("StatisticSearch/a%20key%2Fx/json/"), "a key with a space or a slash stays one path segment: \(odd)")
    }

    @Test func periodsReadAndWriteAsECOSDoes() {
        #expect(EconPeriod("2023Q3", frequency: .quarterly)?.start == CivilDate(year: 2023, month: 7, day: 1))
        #expect(EconPeriod("2023Q3", frequency: .quarterly)?.end == CivilDate(year: 2023, month: 9, day: 30))
        #expect(EconPeriod("2024", frequency: .annual)?.end == CivilDate(year: 2024, month: 12, day: 31))
        #expect(EconPeriod("202402", frequency: .monthly)?.end == CivilDate(year: 2024, month: 2, day: 29), "a leap February")
        #expect(EconPeriod("202313", frequency: .monthly) == nil && EconPeriod("2023Q5", frequency: .quarterly) == nil && EconPeriod("20230230", frequency: .daily) == nil)
        #expect(EconPeriod(containing: CivilDate(year: 2023, month: 11, day: 15)!, frequency: .quarterly).label == "2023Q4")
        #expect(EconPeriod("202312", frequency: .monthly)!.next.label == "202401")
    }

    @Test func releaseRulesAndAnnouncedDates() {
        let calendar = KRXHolidays.calendar
        let cpi = EconSeriesDefinition.standard.first { $0.name == "cpi" }!.release
        // December 2023: New Year's Day is a holiday, so the fifth trading day is 2024-01-08 (Monday).
        #expect(cpi.releaseTime(of: EconPeriod("202312", frequency: .monthly)!, calendar: calendar) == Timestamp(year: 2024, month: 1, day: 7, hour: 23, utcOffsetSeconds: 0)!)
        // September 2023: Chuseok (Sep 28–30), the substitute and national days (Oct 2, 3): Oct 4, 5, 6, 10 (Hangul Day is the 9th), 11.
        #expect(cpi.releaseDay(of: EconPeriod("202309", frequency: .monthly)!, calendar: calendar) == CivilDate(year: 2023, month: 10, day: 11))
        let fx = EconSeriesDefinition.standard.first { $0.name == "usd_krw" }!.release
        #expect(fx.releaseTime(of: EconPeriod("20240105", frequency: .daily)!, calendar: calendar) == Timestamp(year: 2024, month: 1, day: 5, hour: 9, utcOffsetSeconds: 0)!)
        let announced = ReleaseSchedule(rule: .tradingDaysAfter(5), hour: 8, dates: ["202401": CivilDate(year: 2024, month: 2, day: 2)!])
        #expect(announced.releaseDay(of: EconPeriod("202401", frequency: .monthly)!, calendar: calendar) == CivilDate(year: 2024, month: 2, day: 2))
        let listed = announced.releases(of: .monthly, from: CivilDate(year: 2024, month: 1, day: 1)!, to: CivilDate(year: 2024, month: 3, day: 31)!, calendar: calendar)
        #expect(listed.map(\.period.label) == ["202312", "202401", "202402"])
    }

    @Test func csvSeriesWithQuotesAndBlanks() throws {
        let csv = "\u{FEFF}date,\"rate, %\",note\r\n2024-01-02,3.50,\"a \"\"quoted\"\" note\"\r\n2024/1/3,\"3,50\",x\n2024-01-04,,\"two\nlines\"\n20240105,NA,y\n"
        let points = try TabularSeries.csv(Data(csv.utf8), dateColumn: "date", valueColumn: "rate, %", frequency: .daily, source: "t.csv")
        #expect(points.map(\.period.label) == ["20240102", "20240103", "20240104", "20240105"])
        #expect(points.map(\.value) == [3.5, 350, nil, nil])
        do { _ = try TabularSeries.csv(Data("date,v\n2024-01-02,1\n2024-13-01,2\n".utf8), dateColumn: "date", valueColumn: "v", frequency: .daily, source: "t.csv") } catch {
            #expect(error.description == "t.csv: line 3: 'date' = '2024-13-01' is not a daily period")
        }
        do { _ = try TabularSeries.csv(Data("day,v\n".utf8), dateColumn: "date", valueColumn: "v", frequency: .daily, source: "t.csv") } catch {
            #expect(error.description.contains("no column 'date'"))
        }
        do { _ = try TabularSeries.csv(Data("date,v\n2024-01,1\n".utf8), dateColumn: "date", valueColumn: "v", frequency: .daily, source: "t.csv") } catch {
            #expect(error.description.contains("line 2"), "a month is not a day")
        }
        let monthly = try TabularSeries.csv(Data("date,v\n2024-01,1.5\n2024-02-01,1.6\n".utf8), dateColumn: "date", valueColumn: "v", frequency: .monthly, source: "m.csv")
        #expect(monthly.map(\.period.label) == ["202401", "202402"])
    }

    @Test func jsonSeriesAtAPath() throws {
        let json = #"{"data":{"rows":[{"t":"2023-Q4","v":1.25},{"t":"2024Q1","v":"1.5"},{"t":"2024Q2","v":null}]}}"#
        let points = try TabularSeries.json(Data(json.utf8), rowsPath: "data.rows", dateField: "t", valueField: "v", frequency: .quarterly, source: "q.json")
        #expect(points.map(\.period.label) == ["2023Q4", "2024Q1", "2024Q2"])
        #expect(points.map(\.value) == [1.25, 1.5, nil])
        do { _ = try TabularSeries.json(Data(json.utf8), rowsPath: "data.items", dateField: "t", valueField: "v", frequency: .quarterly, source: "q.json") } catch {
            #expect(error.description == "q.json: no 'items' on the path 'data.items'")
        }
        do { _ = try TabularSeries.json(Data(#"[{"t":"2024Q1","v":true}]"#.utf8), rowsPath: "", dateField: "t", valueField: "v", frequency: .quarterly, source: "q.json") } catch {
            #expect(error.description == "q.json: row 1: 'v' is neither a number nor text")
        }
    }

    @Test func definitionsFilesAreCheckedFieldByField() throws {
        let good = """
            [[series]]
            name = "unemployment"
            title = "실업률"
            unit = "%"
            frequency = "M"
            ecos = { stat = "901Y027", items = ["I61BC", "I28B"] }
            release = { rule = "trading_days_after", days = 3, at = "08:00", dates = { "202401" = "2024-02-14" } }
            since = "2015-01-01"

            [[series]]
            name = "cpi"
            frequency = "M"
            csv = { url = "https://example.org/cpi.csv", date = "month", value = "index" }
            """
        let parsed = try EconDefinitionsFile.parse(good, file: "econ.toml")
        #expect(parsed.map(\.name) == ["unemployment", "cpi"])
        #expect(parsed[0].source == .ecos(stat: "901Y027", items: ["I61BC", "I28B"]))
        #expect(parsed[0].release == ReleaseSchedule(rule: .tradingDaysAfter(3), hour: 8, dates: ["202401": CivilDate(year: 2024, month: 2, day: 14)!]))
        #expect(parsed[0].since == CivilDate(year: 2015, month: 1, day: 1))
        let merged = EconDefinitionsFile.merged(parsed)
        #expect(merged.filter { $0.name == "cpi" }.count == 1 && merged.contains { $0.name == "base_rate" })
        #expect(merged.first { $0.name == "cpi" }?.source == .csv(url: URL(string: "https://example.org/cpi.csv")!, dateColumn: "month", valueColumn: "index"))

        func problem(_ body: String) -> String {
            do { _ = try EconDefinitionsFile.parse("[[series]]\nname = \"x\"\nfrequency = \"M\"\n" + body, file: "econ.toml"); return "" } catch { return error.description }
        }
        #expect(problem("ecos = { stat = \"1\", items = [\"a\"] }\ncolour = 1") == "econ.toml: series #1 'x': unknown field 'colour' (csv, ecos, frequency, json, name, release, since, title, unit)")
        #expect(problem("") == "econ.toml: series #1 'x': give exactly one of ecos, csv, json, as a table")
        #expect(problem("csv = { url = \"ftp://a/b\", date = \"d\", value = \"v\" }").contains("csv.url: 'ftp://a/b' is not an http(s) address"))
        #expect(problem("ecos = { stat = \"1\", items = [] }").contains("ecos.items"))
        #expect(problem("ecos = { stat = \"1\", items = [\"a\"] }\nrelease = { rule = \"someday\" }").contains("release.rule: 'someday'"))
        #expect(problem("ecos = { stat = \"1\", items = [\"a\"] }\nrelease = { at = \"25:00\" }").contains("release.at: '25:00'"))
        #expect(problem("ecos = { stat = \"1\", items = [\"a\"] }\nrelease = { dates = { \"202401\" = \"2024-01-15\" } }").contains("on or after the period's end"))
        #expect(throws: EconDefinitionsFile.Failure.self) { try EconDefinitionsFile.parse("[[series]]\nname = \"Bad Name\"\n", file: "econ.toml") }
        do { _ = try EconDefinitionsFile.parse("[[series]\n", file: "econ.toml") } catch { #expect(error.description.hasPrefix("econ.toml:1:")) }
    }
}
