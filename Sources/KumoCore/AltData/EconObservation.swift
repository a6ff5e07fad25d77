/// One value of an economic series for one period, and the moment it became known. A revised
/// value is a second observation of the same period with a later `publishedAt`: a reader at time t
/// sees, for each period, the latest value published by t (a point-in-time vintage).
public struct EconObservation: Sendable, Hashable {
    /// The series' name in Kumo (`base_rate`, `usd_krw`, `cpi`, …).
    public var series: String
    public var period: EconPeriod
    public var value: Double
    public var publishedAt: Timestamp

    public init(series: String, period: EconPeriod, value: Double, publishedAt: Timestamp) {
        self.series = series
        self.period = period
        self.value = value
        self.publishedAt = publishedAt
    }
}
