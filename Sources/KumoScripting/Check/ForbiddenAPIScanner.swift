/// Finds uses of APIs the sandbox refuses, so `kumo check` can name them before the script runs:
/// file and process access, the debug library, bytecode, module loading outside the sandbox.
public enum ForbiddenAPIScanner {
    /// A forbidden use found in the source.
    public struct Finding: Sendable, Hashable {
        public var line: Int
        public var api: String
        public var reason: String
    }

    static let forbiddenGlobals: [String: String] = [
        "io": "the sandbox has no file access",
        "debug": "the debug library breaks the sandbox",
        "package": "modules load only through require from stdlib/, plugins/ and the script's folder",
        "loadfile": "the sandbox has no file access",
        "dofile": "the sandbox has no file access",
        "setfenv": "Lua 5.1 environments do not exist in Lua 5.4",
        "getfenv": "Lua 5.1 environments do not exist in Lua 5.4",
        "newproxy": "not available in Lua 5.4",
        "warn": "write to the log with kumo.log or ctx:log",
    ]
    static let allowedOS: Set<String> = ["time", "clock", "date"]

    /// Returns the forbidden uses in `source`, in source order.
    public static func scan(_ source: String) -> [Finding] {
        let tokens = LuaTokenizer.tokens(of: source)
        var findings: [Finding] = []
        for (index, token) in tokens.enumerated() where token.kind == .name {
            let previous = index > 0 ? tokens[index - 1].text : ""
            guard previous != "." && previous != ":" else {
                if token.text == "dump", index >= 2, tokens[index - 2].text == "string" {
                    findings.append(Finding(line: token.line, api: "string.dump", reason: "bytecode is never loaded or produced"))
                }
                continue
            }
            let next = index + 1 < tokens.count ? tokens[index + 1] : nil
            let afterNext = index + 2 < tokens.count ? tokens[index + 2] : nil
            let isTableKey = next?.text == "=" && ["{", ",", ";"].contains(previous)
            guard !isTableKey, previous != "local" else { continue }
            if let reason = forbiddenGlobals[token.text] {
                findings.append(Finding(line: token.line, api: token.text, reason: reason))
            } else if token.text == "os", next?.text == ".", let field = afterNext, field.kind == .name,
                !allowedOS.contains(field.text)
            {
                findings.append(Finding(
                    line: token.line, api: "os.\(field.text)",
                    reason: "only os.time, os.clock and os.date exist (host time); no process, file or environment access"))
            } else if token.text == "collectgarbage", next?.text == "(", let option = afterNext,
                option.kind == .string, option.text != "count"
            {
                findings.append(Finding(
                    line: token.line, api: "collectgarbage('\(option.text)')", reason: "only collectgarbage('count') is allowed"))
            } else if token.text == "require", let argument = [next, afterNext].compactMap({ $0 }).first(where: { $0.kind == .string }),
                !ScriptModuleResolver.isValidName(argument.text)
            {
                findings.append(Finding(
                    line: token.line, api: "require('\(argument.text.prefix(60))')",
                    reason: "modules are dotted names inside stdlib/, plugins/ or the script's folder"))
            }
        }
        return findings
    }
}
