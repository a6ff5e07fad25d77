/// Splits Lua source into the tokens a linter needs: names, strings, punctuation, each with its
/// line; comments and whitespace are dropped. It does not parse; Lua's own compiler does that.
struct LuaTokenizer {
    enum Kind: Equatable {
        case name, string, number, symbol
    }

    struct Token: Equatable {
        var kind: Kind
        var text: String
        var line: Int
    }

    static func tokens(of source: String) -> [Token] {
        let bytes = Array(source.utf8)
        var tokens: [Token] = []
        var i = 0
        var line = 1
        func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
        func isNameStart(_ b: UInt8) -> Bool { b == 95 || (65...90).contains(b) || (97...122).contains(b) || b >= 128 }
        func isNameByte(_ b: UInt8) -> Bool { isNameStart(b) || (48...57).contains(b) }
        /// Length of a long bracket opener `[==[` at `at`, or nil; `level` receives the number of `=`.
        func longBracket(at start: Int) -> (length: Int, level: Int)? {
            guard start < bytes.count, bytes[start] == 91 else { return nil }
            var j = start + 1
            while j < bytes.count, bytes[j] == 61 { j += 1 }
            guard j < bytes.count, bytes[j] == 91 else { return nil }
            return (j - start + 1, j - start - 1)
        }
        /// Skips to the end of a long bracket of `level`; returns the index after it.
        func skipLong(from start: Int, level: Int) -> Int {
            var j = start
            while j < bytes.count {
                if bytes[j] == 10 { line += 1 }
                if bytes[j] == 93 {
                    var k = j + 1
                    while k < bytes.count, bytes[k] == 61 { k += 1 }
                    if k < bytes.count, bytes[k] == 93, k - j - 1 == level { return k + 1 }
                }
                j += 1
            }
            return bytes.count
        }
        while i < bytes.count {
            let b = bytes[i]
            if b == 10 {
                line += 1
                i += 1
            } else if b == 32 || b == 9 || b == 13 {
                i += 1
            } else if b == 45, i + 1 < bytes.count, bytes[i + 1] == 45 {  // comment
                if let (length, level) = longBracket(at: i + 2) {
                    i = skipLong(from: i + 2 + length, level: level)
                } else {
                    while i < bytes.count, bytes[i] != 10 { i += 1 }
                }
            } else if let (length, level) = longBracket(at: i) {  // long string
                let startLine = line
                let end = skipLong(from: i + length, level: level)
                tokens.append(Token(kind: .string, text: text((i + length)..<max(i + length, end - length)), line: startLine))
                i = end
            } else if b == 34 || b == 39 {  // quoted string
                let startLine = line
                var j = i + 1
                var value: [UInt8] = []
                while j < bytes.count, bytes[j] != b, bytes[j] != 10 {
                    if bytes[j] == 92, j + 1 < bytes.count {
                        if bytes[j + 1] == 10 { line += 1 }
                        value.append(bytes[j + 1])
                        j += 2
                    } else {
                        value.append(bytes[j])
                        j += 1
                    }
                }
                tokens.append(Token(kind: .string, text: String(decoding: value, as: UTF8.self), line: startLine))
                i = min(j + 1, bytes.count)
            } else if isNameStart(b) {
                var j = i
                while j < bytes.count, isNameByte(bytes[j]) { j += 1 }
                tokens.append(Token(kind: .name, text: text(i..<j), line: line))
                i = j
            } else if (48...57).contains(b) {
                var j = i
                while j < bytes.count, isNameByte(bytes[j]) || bytes[j] == 46 { j += 1 }
                tokens.append(Token(kind: .number, text: text(i..<j), line: line))
                i = j
            } else {
                tokens.append(Token(kind: .symbol, text: text(i..<(i + 1)), line: line))
                i += 1
            }
        }
        return tokens
    }
}
