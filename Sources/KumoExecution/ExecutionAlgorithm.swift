/// How a parent order is spread over its interval.
public enum ExecutionAlgorithm: Sendable, Hashable {
    /// Even slices, each resized by up to ±`randomization` (a fraction) so the pattern is not
    /// visible, the schedule still ending at the whole quantity.
    case twap(randomization: Double, seed: UInt64)
    /// Slices in proportion to the expected volume of each minute (a learned profile).
    case vwap(VolumeProfile)
    /// `participation` of the market's volume as it trades, forecast by the profile for the
    /// minute at hand and corrected by what the observed volume showed.
    case pov(participation: Double, profile: VolumeProfile)
    /// The Almgren–Chriss trajectory for the model's impact, volatility and risk aversion.
    case implementationShortfall(AlmgrenChriss)

    /// The volume profile the algorithm follows or forecasts with, if it has one.
    public var profile: VolumeProfile? {
        switch self {
        case .vwap(let profile), .pov(_, let profile): profile
        default: nil
        }
    }
}
