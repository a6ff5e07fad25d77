/// Why a research command could not run, naming the input at fault.
public enum ResearchError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidInput(String)
    case trialFailed(String)
    case store(String)

    public var description: String {
        switch self {
        case .invalidInput(let message), .trialFailed(let message): message
        case .store(let message): "study store: \(message)"
        }
    }
}
