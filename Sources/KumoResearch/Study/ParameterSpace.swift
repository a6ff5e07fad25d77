import Foundation

/// The values a study may try for each strategy parameter: a numeric range with a step
/// (`fast=5:50:5`, `stop=0.02:0.10:0.01`) or a list of choices (`mode=fast,slow`). Every
/// parameter is finite, so a trial is a tuple of indices into these lists.
public struct ParameterSpace: Sendable, Equatable {
    public struct Parameter: Sendable, Equatable {
        public var name: String
        /// The values in order; numeric ranges ascend.
        public var values: [ParameterValue]
        /// Whether the values are ordered numbers (a Parzen window across neighbours makes sense).
        public var isOrdered: Bool
    }

    public var parameters: [Parameter]

    public init(parameters: [Parameter]) { self.parameters = parameters }

    /// Parses `--param` texts; errors name the text and what is wrong with it.
    public init(parsing texts: [String]) throws(ResearchError) {
        guard !texts.isEmpty else { throw .invalidInput("name at least one parameter to search, such as --param fast=5:50:5") }
        var parameters: [Parameter] = []
        for text in texts {
            let parameter = try Self.parse(text)
            guard !parameters.contains(where: { $0.name == parameter.name }) else {
                throw .invalidInput("--param '\(text)': \(parameter.name) is given twice")
            }
            parameters.append(parameter)
        }
        self.parameters = parameters
    }

    static func parse(_ text: String) throws(ResearchError) -> Parameter {
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
            throw .invalidInput("--param '\(text)' must be name=low:high:step or name=a,b,c")
        }
        let (name, body) = (parts[0], parts[1])
        if body.contains(":") {
            let bounds = body.split(separator: ":", omittingEmptySubsequences: false).map { Double($0) }
            guard bounds.count == 3, let low = bounds[0], let high = bounds[1], let step = bounds[2], low.isFinite, high.isFinite else {
                throw .invalidInput("--param '\(text)': a range is low:high:step with three numbers")
            }
            guard step > 0, high >= low else { throw .invalidInput("--param '\(text)': needs low ≤ high and a positive step") }
            let count = Int(((high - low) / step + 1e-9).rounded(.down)) + 1
            guard count <= 100_000 else { throw .invalidInput("--param '\(text)' has \(count) values; use a coarser step") }
            let integral = [low, high, step].allSatisfy { $0 == $0.rounded() && abs($0) < 1e15 }
            let values: [ParameterValue] = (0..<count).map { index in
                integral ? .integer(Int(low) + index * Int(step)) : .number(Self.tidy(low + Double(index) * step))
            }
            return Parameter(name: name, values: values, isOrdered: true)
        }
        let choices = body.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard !choices.isEmpty, choices.allSatisfy({ !$0.isEmpty }) else { throw .invalidInput("--param '\(text)': list at least one choice") }
        let values = choices.map { choice -> ParameterValue in
            if let integer = Int(choice) { return .integer(integer) }
            if let number = Double(choice), number.isFinite { return .number(number) }
            return .text(choice)
        }
        let ordered = values.allSatisfy { $0.number != nil }
        guard Set(values).count == values.count else { throw .invalidInput("--param '\(text)' lists a choice twice") }
        return Parameter(name: name, values: values, isOrdered: ordered && zip(values, values.dropFirst()).allSatisfy { $0.number! < $1.number! })
    }

    /// Rounds away the binary noise of `low + i × step` (0.1 + 2 × 0.1 → 0.3, not 0.30000000000000004).
    static func tidy(_ value: Double) -> Double { (value * 1e10).rounded() / 1e10 }

    /// How many parameter sets the space holds.
    public var size: Int { parameters.reduce(1) { $0.multipliedReportingOverflow(by: $1.values.count).overflow ? Int.max : $0 * $1.values.count } }

    /// The assignment that `indices` picks.
    public func assignment(_ indices: [Int]) -> ParameterSet {
        ParameterSet(names: parameters.map(\.name), values: zip(parameters, indices).map { $0.values[$1] })
    }
}

/// One value of a strategy parameter.
public enum ParameterValue: Sendable, Hashable, Codable, CustomStringConvertible {
    case integer(Int)
    case number(Double)
    case text(String)

    public var number: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .number(let value): value
        case .text: nil
        }
    }

    /// As a Lua strategy's `--param` would spell it.
    public var description: String {
        switch self {
        case .integer(let value): String(value)
        case .number(let value): value == value.rounded() && abs(value) < 1e15 ? String(format: "%.1f", value) : "\(value)"
        case .text(let value): value
        }
    }
}

/// A full assignment of parameter names to values: what one trial runs.
public struct ParameterSet: Sendable, Hashable, Codable, CustomStringConvertible {
    public var names: [String]
    public var values: [ParameterValue]

    public init(names: [String], values: [ParameterValue]) {
        self.names = names
        self.values = values
    }

    public subscript(name: String) -> ParameterValue? { names.firstIndex(of: name).map { values[$0] } }

    /// `fast=10 slow=30`.
    public var description: String { zip(names, values).map { "\($0)=\($1)" }.joined(separator: " ") }
}
