public import Foundation
public import KumoCore
#if canImport(FoundationXML)
import FoundationXML
#endif

extension CorpCode {
    /// Parses `CORPCODE.xml` (the file inside the corpCode.xml zip). An error envelope
    /// (`<result><status>…`) throws with its status.
    public static func parse(_ data: Data) throws(DARTError) -> [CorpCode] {
        let reader = CorpCodeReader()
        let parser = XMLParser(data: data)
        parser.delegate = reader
        guard parser.parse() else {
            throw DARTError(endpoint: "corpCode.xml", "CORPCODE.xml is not well-formed XML at line \(parser.lineNumber): \(parser.parserError.map { "\($0)" } ?? "")")
        }
        if let status = reader.status, status.code != "000" { throw DARTError(endpoint: "corpCode.xml", status: status, "") }
        if let problem = reader.problem { throw DARTError(endpoint: "corpCode.xml", problem) }
        return reader.entries
    }
}

/// Collects `<list>` entries (and an error envelope's status) as the parser reads them.
final class CorpCodeReader: NSObject, XMLParserDelegate {
    var entries: [CorpCode] = []
    var status: DARTStatus?
    var problem: String?
    private var fields: [String: String] = [:]
    private var text = ""
    private var statusCode: String?

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if name == "list" { fields = [:] }
        text = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
        switch name {
        case "corp_code", "corp_name", "stock_code", "modify_date": fields[name] = value
        case "status": statusCode = value
        case "message": status = DARTStatus(code: statusCode ?? "", message: value)
        case "list":
            guard let code = fields["corp_code"], code.count == 8, code.allSatisfy(\.isNumber) else {
                if problem == nil { problem = "entry \(entries.count + 1) (line \(parser.lineNumber)): corp_code '\(fields["corp_code"] ?? "")' is not 8 digits" }
                return
            }
            let stock = fields["stock_code"] ?? ""
            entries.append(CorpCode(corpCode: code, name: fields["corp_name"] ?? "", stockCode: stock.isEmpty ? nil : stock, modified: fields["modify_date"] ?? ""))
        default: break
        }
        text = ""
    }
}
