/// Why a portfolio could not be built, in words an operator can act on.
public enum PortfolioError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidInput(String)
    case noReturnAboveRiskFree(riskFree: Double)
    case targetVolatilityTooLow(target: Double, minimum: Double)
    case targetReturnTooHigh(target: Double, maximum: Double)
    case unsolvable(String)

    public var description: String {
        switch self {
        case .invalidInput(let message): message
        case .noReturnAboveRiskFree(let rate):
            "no allowed portfolio's expected return is above the risk-free rate \(rate): the maximum Sharpe portfolio does not exist"
        case .targetVolatilityTooLow(let target, let minimum):
            "target volatility \(target) is below the least reachable volatility \(minimum) under these constraints"
        case .targetReturnTooHigh(let target, let maximum):
            "target return \(target) is above the greatest reachable return \(maximum) under these constraints"
        case .unsolvable(let message): message
        }
    }
}
