/// A condition every trial's parameters must meet, such as `fast<slow` or
/// `fast*2 <= slow and stop > 0.01`: comparisons of arithmetic over parameter names and numbers,
/// joined by `and`. Parsed once; unknown names are refused at parse time.
public struct ParameterConstraint: Sendable, CustomStringConvertible {
    indirect enum Expression: Sendable {
        case number(Double)
        case parameter(String)
        case negate(Expression)
        case binary(Character, Expression, Expression)
    }

    struct Comparison: Sendable {
        var op: String
        var lhs: Expression
        var rhs: Expression
    }

    public let description: String
    let comparisons: [Comparison]

    /// Parses `text`; `names` are the parameters it may mention.
    public init(_ text: String, names: [String]) throws(ResearchError) {
        var parser = Parser(text: text, names: Set(names))
        description = text
        comparisons = try parser.parseAll()
    }

    /// Whether `set` meets every comparison (a text parameter in arithmetic never does).
    public func admits(_ set: ParameterSet) -> Bool {
        comparisons.allSatisfy { comparison in
            guard let lhs = Self.evaluate(comparison.lhs, set), let rhs = Self.evaluate(comparison.rhs, set) else { return false }
            switch comparison.op {
            case "<": return lhs < rhs
            case "<=": return lhs <= rhs
            case ">": return lhs > rhs
            case ">=": return lhs >= rhs
            case "==": return lhs == rhs
            default: return lhs != rhs
            }
        }
    }

    static func evaluate(_ expression: Expression, _ set: ParameterSet) -> Double? {
        switch expression {
        case .number(let value): return value
        case .parameter(let name): return set[name]?.number
        case .negate(let inner): return evaluate(inner, set).map { -$0 }
        case .binary(let op, let lhs, let rhs):
            guard let a = evaluate(lhs, set), let b = evaluate(rhs, set) else { return nil }
            switch op {
            case "+": return a + b
            case "-": return a - b
            case "*": return a * b
            default: return b == 0 ? nil : a / b
            }
        }
    }

    /// Recursive descent over the characters of the text.
    struct Parser {
        let characters: [Character]
        let text: String
        let names: Set<String>
        var position = 0

        init(text: String, names: Set<String>) {
            self.text = text
            characters = Array(text)
            self.names = names
        }

        func fail(_ why: String) -> ResearchError {
            .invalidInput("--constraint '\(text)': \(why) at character \(position + 1)")
        }

        mutating func skipSpaces() { while position < characters.count, characters[position] == " " { position += 1 } }

        mutating func take(_ token: String) -> Bool {
            skipSpaces()
            let end = position + token.count
            guard end <= characters.count, String(characters[position..<end]) == token else { return false }
            if token.first!.isLetter, end < characters.count, characters[end].isLetter || characters[end].isNumber || characters[end] == "_" { return false }
            position = end
            return true
        }

        mutating func parseAll() throws(ResearchError) -> [Comparison] {
            var comparisons = [try comparison()]
            while take("and") || take("&&") || take(",") { comparisons.append(try comparison()) }
            skipSpaces()
            guard position == characters.count else { throw fail("unexpected '\(characters[position])'") }
            return comparisons
        }

        mutating func comparison() throws(ResearchError) -> Comparison {
            let lhs = try sum()
            for op in ["<=", ">=", "==", "!=", "<", ">"] where take(op) {
                return Comparison(op: op, lhs: lhs, rhs: try sum())
            }
            throw fail("expected a comparison (<, <=, >, >=, ==, !=)")
        }

        mutating func sum() throws(ResearchError) -> Expression {
            var result = try product()
            while true {
                if take("+") { result = .binary("+", result, try product()) } else if take("-") { result = .binary("-", result, try product()) } else { return result }
            }
        }

        mutating func product() throws(ResearchError) -> Expression {
            var result = try unary()
            while true {
                if take("*") { result = .binary("*", result, try unary()) } else if take("/") { result = .binary("/", result, try unary()) } else { return result }
            }
        }

        mutating func unary() throws(ResearchError) -> Expression {
            if take("-") { return .negate(try unary()) }
            if take("(") {
                let inner = try sum()
                guard take(")") else { throw fail("expected ')'") }
                return inner
            }
            skipSpaces()
            let start = position
            while position < characters.count, characters[position].isLetter || characters[position].isNumber || characters[position] == "_" || characters[position] == "." {
                position += 1
            }
            let word = String(characters[start..<position])
            guard !word.isEmpty else { throw fail("expected a number or a parameter name") }
            if let number = Double(word) { return .number(number) }
            guard names.contains(word) else {
                position = start
                throw fail("'\(word)' is not a searched parameter (\(names.sorted().joined(separator: ", ")))")
            }
            return .parameter(word)
        }
    }
}
