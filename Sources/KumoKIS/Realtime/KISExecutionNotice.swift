public import KumoCore

/// An execution notice of `H0STCNI0` / `H0STCNI9` (실시간체결통보): an order accepted, amended,
/// cancelled or refused (`CNTG_YN` 1), or a fill (`CNTG_YN` 2).
public struct KISExecutionNotice: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        case accepted, amended, cancelled, refused, filled
    }

    public let record: KISRecord
    public let kind: Kind
    /// `ODER_NO`: the broker's order number.
    public let orderNumber: String
    /// `OODER_NO`: the original order an amendment or cancellation refers to.
    public let originalOrderNumber: String
    public let symbol: String
    public let isBuy: Bool
    /// The fill's quantity and price (for acceptances, the order's).
    public let quantity: Int64
    public let price: Price
    /// `STCK_CNTG_HOUR`, HHMMSS in KST.
    public let timeOfDay: String
    public let orderQuantity: Int64
    /// `ORD_EXG_GB`: 1 KRX, 2 NXT, 3 SOR-KRX, 4 SOR-NXT.
    public let venue: String

    /// The venue a fill traded on: `ORD_EXG_GB` 1 or 3 (SOR to KRX) is KRX, 2 or 4 (SOR to NXT) NXT; nil when empty.
    public var tradingVenue: TradingVenue? {
        switch venue {
        case "1", "3": .krx
        case "2", "4": .nxt
        default: nil
        }
    }

    /// - Throws: ``KISDecodingError`` naming the field that is not what the notice layout says.
    public init(_ record: KISRecord) throws(KISDecodingError) {
        self.record = record
        orderNumber = record["ODER_NO"]
        originalOrderNumber = record["OODER_NO"]
        symbol = record["STCK_SHRN_ISCD"]
        guard !orderNumber.isEmpty else { throw KISDecodingError("H0STCNI0: ODER_NO is empty") }
        switch record["SELN_BYOV_CLS"] {
        case "01": isBuy = false
        case "02": isBuy = true
        case let other: throw KISDecodingError("H0STCNI0 \(orderNumber): SELN_BYOV_CLS '\(other)' is not 01 or 02")
        }
        quantity = try KISNumber.integer(record["CNTG_QTY"], "H0STCNI0.CNTG_QTY")
        price = try KISNumber.price(record["CNTG_UNPR"], "H0STCNI0.CNTG_UNPR")
        orderQuantity = record["ODER_QTY"].isEmpty ? quantity : try KISNumber.integer(record["ODER_QTY"], "H0STCNI0.ODER_QTY")
        timeOfDay = record["STCK_CNTG_HOUR"]
        venue = record["ORD_EXG_GB"]
        switch (record["CNTG_YN"], record["RFUS_YN"], record["RCTF_CLS"]) {
        case ("2", _, _): kind = .filled
        case ("1", "1", _): kind = .refused
        case ("1", _, "2"): kind = .cancelled
        case ("1", _, "1"): kind = .amended
        case ("1", _, _): kind = .accepted
        case (let other, _, _): throw KISDecodingError("H0STCNI0 \(orderNumber): CNTG_YN '\(other)' is not 1 or 2")
        }
    }
}
