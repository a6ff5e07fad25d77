import Foundation
import KumoCore
import KumoDART
import Testing

/// Every OpenDART example in `../shared/domain/dart/` parses into what it says, and the error
/// replies (013 no data, 020 over the limit, the XML envelope) mean what the guide says.
struct DARTWireTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/domain/dart")

    static func data(_ name: String) throws -> Data { try Data(contentsOf: folder.appendingPathComponent(name)) }

    @Test func aDisclosureListParsesWithItsKindsAndPublicationTime() throws {
        let page = try DisclosurePage.parse(try Self.data("list_response.json"))
        #expect(page.totalCount == 3 && page.disclosures.count == 3 && page.totalPages == 1)
        let first = try #require(page.disclosures.first)
        #expect(first.corpCode == "00126380" && first.stockCode == "005930" && first.corpName == "삼성전자")
        #expect(first.receiptNumber == "20220428800750" && first.receiptDate == "20220428" && first.remarks == "유")
        #expect(first.reportName == "기타경영사항(자율공시)" && first.kind == .other)
        // No time of day is given: a filing is seen from 18:00 KST of its receipt date.
        #expect(first.publishedAt == Timestamp(year: 2022, month: 4, day: 28, hour: 18, utcOffsetSeconds: 9 * 3600))
        #expect(page.disclosures.allSatisfy { $0.receiptNumber.hasPrefix($0.receiptDate) })
    }

    @Test func reportNamesMapToTheEventsTradersReactTo() {
        let cases: [(String, DisclosureKind)] = [
            ("주요사항보고서(유상증자결정)", .rightsOffering), ("주요사항보고서(무상증자결정)", .bonusIssue),
            ("단일판매ㆍ공급계약체결", .supplyContract), ("[기재정정]단일판매ㆍ공급계약체결", .supplyContract),
            ("주요사항보고서(자기주식취득결정)", .buyback), ("주요사항보고서(자기주식처분결정)", .treasurySale),
            ("주요사항보고서(전환사채권발행결정)", .convertibleBond), ("현금ㆍ현물배당결정", .dividend),
            ("주요사항보고서(회사합병결정)", .merger), ("연결재무제표기준영업(잠정)실적(공정공시)", .earnings),
            ("사업보고서 (2021.12)", .periodicReport), ("주식등의대량보유상황보고서(일반)", .ownership),
            ("소송등의제기ㆍ신청(일정금액이상의청구)", .lawsuit), ("상장폐지결정", .delisting), ("기타경영사항(자율공시)", .other),
        ]
        for (name, kind) in cases { #expect(DisclosureKind(reportName: name) == kind, "\(name)") }
    }

    @Test func aCompanyProfileParses() throws {
        let profile = try #require(try CompanyProfile.parse(try Self.data("company_response.json")))
        #expect(profile.corpCode == "00126380" && profile.name == "삼성전자(주)" && profile.stockCode == "005930")
        #expect(profile.stockName == "삼성전자" && profile.corpClass == "Y" && profile.fiscalMonth == "12" && profile.established == "19690113")
    }

    @Test func financialLinesParseTheirAmountsWithSeparators() throws {
        let lines = try FinancialLine.parse(try Self.data("fnlttSinglAcnt_response.json"))
        #expect(lines.count == 3)
        let first = try #require(lines.first)
        #expect(first.report == .annual && first.businessYear == 2021 && first.statementBasis == "CFS" && first.statement == "BS")
        #expect(first.account == "유동자산" && first.current == 218_163_185_000_000 && first.previous == 198_215_579_000_000 && first.beforePrevious == 181_385_260_000_000)
        #expect(first.currency == "KRW")
    }

    @Test func corpCodesLinkListedCompaniesToTheirSymbols() throws {
        let codes = try CorpCode.parse(try Self.data("CORPCODE.xml"))
        #expect(codes.count == 2)
        #expect(codes[0] == CorpCode(corpCode: "00126380", name: "삼성전자", stockCode: "005930", modified: "20230110"))
        #expect(codes[1].name == "다코" && codes[1].stockCode == nil, "an unlisted company's blank stock code is none")
    }

    @Test func corpCodesComeZippedOrAsAnErrorEnvelope() throws {
        let xml = try Self.data("CORPCODE.xml")
        let zipped = try CorpCodeArchive.zip(xml)
        #expect(zipped.starts(with: [0x50, 0x4B, 0x03, 0x04]) && zipped.count < xml.count + 200)
        #expect(try CorpCodeArchive.read(zipped) == (try CorpCode.parse(xml)), "the ZIP's CORPCODE.xml, as the file itself reads")
        #expect(try CorpCodeArchive.read(xml) == (try CorpCode.parse(xml)), "an unzipped file is read too")
        // On an error OpenDART sends its status envelope instead of the ZIP.
        let envelope = Data("<result><status>020</status><message>요청 제한을 초과하였습니다.</message></result>".utf8)
        do { _ = try CorpCodeArchive.read(envelope); Issue.record("an error envelope was read as companies") } catch { #expect(error.status?.meaning == .overLimit) }
        do { _ = try CorpCodeArchive.read(Data([0x50, 0x4B, 0x03, 0x04, 0, 0, 0])); Issue.record("a broken ZIP was read") } catch {
            #expect(error.description.contains("ZIP"))
        }
    }

    @Test func noDataIsAnEmptyAnswerAndTheLimitIsRetryable() throws {
        #expect(try DisclosurePage.parse(try Self.data("error_013_no_data.json")).disclosures.isEmpty)
        #expect(try FinancialLine.parse(try Self.data("error_013_no_data.json")).isEmpty)
        #expect(try CompanyProfile.parse(try Self.data("error_013_no_data.json")) == nil)
        do {
            _ = try DisclosurePage.parse(try Self.data("error_020_limit.json"))
            Issue.record("020 must throw")
        } catch let error as DARTError {
            #expect(error.status?.meaning == .overLimit && error.status?.isRetryable == true)
            #expect(error.description.contains("020") && error.description.contains("list.json"))
        }
        let envelope = Data("<result><status>014</status><message>파일이 존재하지 않습니다.</message></result>".utf8)
        do {
            _ = try CorpCode.parse(envelope)
            Issue.record("an XML error envelope must throw")
        } catch {
            #expect(error.status?.meaning == .noFile)
        }
    }

    @Test func everyDocumentedStatusCodeHasAMeaning() throws {
        let codes = try JSONSerialization.jsonObject(with: try Self.data("status_codes.json")) as! [String: Any]
        let documented = codes.keys.filter { $0.count == 3 && $0.allSatisfy(\.isNumber) }
        #expect(documented.count >= 12)
        for code in documented where code != "900" {
            #expect(DARTStatus(code: code, message: "").meaning != .unknown, "\(code)")
        }
        #expect(DARTStatus(code: "900", message: "").isRetryable)
        #expect(!DARTStatus(code: "010", message: "").isRetryable && !DARTStatus(code: "100", message: "").isRetryable)
    }

    @Test func aBrokenRowIsRefusedNamingItsField() {
        let bad = Data(#"{"status":"000","message":"정상","list":[{"corp_code":"00126380","corp_name":"삼성전자","report_nm":"x","rcept_no":"2022","rcept_dt":"20220428"}]}"#.utf8)
        #expect(throws: DARTError.self) { try DisclosurePage.parse(bad) }
        do { _ = try DisclosurePage.parse(bad) } catch { #expect(error.description.contains("list[0].rcept_no")) }
        #expect(throws: DARTError.self) { try DisclosurePage.parse(Data("<html>".utf8)) }
    }
}
