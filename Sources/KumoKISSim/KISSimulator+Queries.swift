import Foundation
import KumoCore
import KumoKIS

extension KISSimulator {
    /// One page of `rows` from the offset in `key`, with the paging keys and `tr_cont` KIS sends.
    func page(_ rows: [KISJSON], key: String, size: Int) -> (rows: [KISJSON], paging: [KISField], continuation: String) {
        let start = min(Int(key.trimmingSpaces) ?? 0, rows.count)
        let end = min(start + size, rows.count)
        let more = end < rows.count
        let account = "\(settings.account.number)^\(settings.account.product)^"
        let paging = [
            KISField("ctx_area_fk100", .string(account.padding(to: 100))), KISField("ctx_area_nk100", .string((more ? String(end) : "").padding(to: 100))),
        ]
        return (Array(rows[start..<end]), paging, more ? "M" : "D")
    }

    func balanceReply(_ request: SimulatorRequest, key: String) -> SimulatorResponse {
        let rows = exchange.holdings.keys.sorted().compactMap { symbol -> KISJSON? in
            guard let holding = exchange.holdings[symbol], holding.quantity > 0 else { return nil }
            let last = exchange.last[symbol]?.price ?? holding.averagePrice
            let value = last.micros * holding.quantity / Price.scale
            let cost = holding.cost / Price.scale
            let values: [String: String] = [
                "pdno": symbol, "prdt_name": symbol, "trad_dvsn_name": "현금", "hldg_qty": String(holding.quantity), "ord_psbl_qty": String(exchange.sellable(symbol)),
                "pchs_avg_pric": String(format: "%.4f", holding.averagePrice.doubleValue), "pchs_amt": String(cost), "prpr": KISNumber.text(last),
                "evlu_amt": String(value), "evlu_pfls_amt": String(value - cost), "evlu_pfls_rt": String(format: "%.2f", cost > 0 ? Double(value - cost) / Double(cost) * 100 : 0),
                "evlu_erng_rt": "0.00000000", "fltt_rt": "0.00000000", "stck_loan_unpr": "0.0000",
            ]
            return .strings(names: Self.holdingFields, values: Self.holdingFields.map { values[$0] ?? (["loan_dt", "expd_dt", "item_mgna_rt_name", "grta_rt_name"].contains($0) ? "" : "0") })
        }
        let size = settings.environment == .real ? 50 : 20
        let (shown, paging, continuation) = page(rows, key: key, size: size)
        let securities = exchange.holdings.reduce(Int64(0)) { total, entry in
            total + (exchange.last[entry.key]?.price.micros ?? 0) * entry.value.quantity / Price.scale
        }
        let cash = String(exchange.cash / Price.scale)
        let summary: [String: String] = [
            "dnca_tot_amt": cash, "nxdy_excc_amt": cash, "prvs_rcdl_excc_amt": cash, "scts_evlu_amt": String(securities),
            "tot_evlu_amt": String(exchange.cash / Price.scale + securities), "nass_amt": String(exchange.cash / Price.scale + securities),
            "fncg_gld_auto_rdpt_yn": "", "asst_icdc_erng_rt": "0.00000000",
        ]
        let output2 = KISJSON.strings(names: Self.summaryFields, values: Self.summaryFields.map { summary[$0] ?? "0" })
        let body = KISResponse.success(code: "KIOK0510", message: "조회가 완료되었습니다".padding(to: 80), outputs: [KISField("output1", .array(shown)), KISField("output2", .array([output2]))], paging: paging)
        return reply(200, body, request, continuation: continuation)
    }

    func dailyOrdersReply(_ request: SimulatorRequest, key: String, number: String) -> SimulatorResponse {
        let rows = exchange.orders.filter { number.isEmpty || $0.number == number }.map { order -> KISJSON in
            let average = order.filled > 0 ? order.filledAmount / order.filled : 0
            let values: [String: String] = [
                "ord_dt": KISTime.date(order.time), "ord_gno_brno": order.branch, "odno": order.number, "orgn_odno": order.originalNumber,
                "ord_dvsn_name": order.limit == nil ? "시장가" : "지정가", "sll_buy_dvsn_cd": order.isBuy ? "02" : "01",
                "sll_buy_dvsn_cd_name": order.isBuy ? "현금매수" : "현금매도", "pdno": order.symbol, "prdt_name": order.symbol,
                "ord_qty": String(order.quantity), "ord_unpr": KISNumber.text(order.limit ?? Price(micros: 0)), "ord_tmd": KISTime.timeOfDay(order.time),
                "tot_ccld_qty": String(order.filled), "avg_prvs": KISNumber.text(Price(micros: average)), "cncl_yn": order.cancelled > 0 ? "Y" : "N",
                "tot_ccld_amt": String(order.filledAmount / Price.scale), "ord_dvsn_cd": order.limit == nil ? "01" : "00",
                "cncl_cfrm_qty": String(order.cancelled), "rmn_qty": String(order.remaining), "rjct_qty": String(order.rejected),
                "ccld_cndt_name": "없음", "prdt_type_cd": "300", "excg_dvsn_cd": "02", "ord_orgno": "00000", "ordr_empno": "OpenAPI",
            ]
            return .strings(names: Self.dailyOrderFields, values: Self.dailyOrderFields.map { values[$0] ?? "" })
        }
        let size = settings.environment == .real ? 100 : 15
        let (shown, paging, continuation) = page(rows, key: key, size: size)
        let filled = exchange.orders.reduce(Int64(0)) { $0 + $1.filled }
        let amount = exchange.orders.reduce(Int64(0)) { $0 + $1.filledAmount } / Price.scale
        let output2 = KISJSON.strings([
            "tot_ord_qty": String(exchange.orders.reduce(Int64(0)) { $0 + $1.quantity }), "tot_ccld_qty": String(filled), "tot_ccld_amt": String(amount),
            "prsm_tlex_smtl": "0", "pchs_avg_pric": String(format: "%.4f", filled > 0 ? Double(amount) / Double(filled) : 0),
        ])
        let body = KISResponse.success(code: "KIOK0510", message: "조회가 완료되었습니다".padding(to: 80), outputs: [KISField("output1", .array(shown)), KISField("output2", output2)], paging: paging)
        return reply(200, body, request, continuation: continuation)
    }

    func buyingPowerReply(_ request: SimulatorRequest, symbol: String, price: String) -> SimulatorResponse {
        let asked = Price(parsing: price).flatMap { $0.micros > 0 ? $0 : nil }
        let unit = asked ?? exchange.limits(symbol)?.upper ?? exchange.last[symbol]?.price ?? Price(units: 1)
        let cash = exchange.orderableCash
        let perShare = unit.micros + unit.micros / 1_000_000 * exchange.commissionPerMillion
        let quantity = perShare > 0 ? cash / perShare : 0
        let amount = String(quantity * unit.micros / Price.scale)
        let values: [String: String] = [
            "ord_psbl_cash": String(cash / Price.scale), "psbl_qty_calc_unpr": KISNumber.text(unit), "nrcvb_buy_amt": amount, "nrcvb_buy_qty": String(quantity),
            "max_buy_amt": amount, "max_buy_qty": String(quantity),
        ]
        let output = KISJSON.strings(names: Self.buyingPowerFields, values: Self.buyingPowerFields.map { values[$0] ?? "0" })
        return reply(200, KISResponse.success(code: "KIOK0510", message: "조회가 완료되었습니다".padding(to: 80), outputs: [KISField("output", output)]), request)
    }

    func priceReply(_ request: SimulatorRequest, symbol: String) -> SimulatorResponse {
        guard let last = exchange.last[symbol], let today = exchange.day[symbol], let band = exchange.limits(symbol) else {
            return reply(200, KISResponse.failure(code: KISCode.unknownStock, message: "\(symbol): 해당 종목이 없습니다."), request)
        }
        let change = last.price.micros - today.base.micros
        let values: [String: String] = [
            "iscd_stat_cls_code": "55", "temp_stop_yn": "N", "stck_prpr": KISNumber.text(last.price), "prdy_vrss": KISNumber.text(Price(micros: change)),
            "prdy_vrss_sign": change > 0 ? "2" : change < 0 ? "5" : "3", "prdy_ctrt": String(format: "%.2f", Double(change) / Double(today.base.micros) * 100),
            "acml_vol": String(today.volume), "stck_oprc": KISNumber.text(today.open), "stck_hgpr": KISNumber.text(today.high),
            "stck_lwpr": KISNumber.text(today.low), "stck_mxpr": KISNumber.text(band.upper), "stck_llam": KISNumber.text(band.lower),
            "stck_sdpr": KISNumber.text(today.base), "rstc_wdth_prc": KISNumber.text(Price(micros: band.upper.micros - today.base.micros)),
            "aspr_unit": KISNumber.text(tick(last.price, last)), "stck_shrn_iscd": symbol, "vi_cls_code": "N", "ssts_yn": "Y",
        ]
        let output = KISJSON.strings(names: Self.priceFields, values: Self.priceFields.map { values[$0] ?? "0" })
        return reply(200, KISResponse.success(code: "MCA00000", message: "정상처리 되었습니다.", outputs: [KISField("output", output)]), request)
    }

    func revisableReply(_ request: SimulatorRequest) -> SimulatorResponse {
        let rows = exchange.orders.filter { $0.remaining > 0 }.map { order -> KISJSON in
            .strings([
                "ord_gno_brno": order.branch, "odno": order.number, "orgn_odno": order.originalNumber, "ord_dvsn_name": order.limit == nil ? "시장가" : "지정가",
                "pdno": order.symbol, "prdt_name": order.symbol, "rvse_cncl_dvsn_name": order.isBuy ? "매수" : "매도", "ord_qty": String(order.quantity),
                "ord_unpr": KISNumber.text(order.limit ?? Price(micros: 0)), "ord_tmd": KISTime.timeOfDay(order.time), "tot_ccld_qty": String(order.filled),
                "tot_ccld_amt": String(order.filledAmount / Price.scale), "psbl_qty": String(order.remaining), "sll_buy_dvsn_cd": order.isBuy ? "02" : "01",
                "ord_dvsn_cd": order.limit == nil ? "01" : "00", "mgco_aptm_odno": "",
            ])
        }
        let (shown, paging, continuation) = page(rows, key: request.query["CTX_AREA_NK100"] ?? "", size: 50)
        return reply(200, KISResponse.success(code: "KIOK0510", message: "조회가 완료되었습니다".padding(to: 80), outputs: [KISField("output", .array(shown))], paging: paging), request, continuation: continuation)
    }

    // The field lists of the domain notes (KIS's chk_*.py column mappings), in their order.
    static let holdingFields = [
        "pdno", "prdt_name", "trad_dvsn_name", "bfdy_buy_qty", "bfdy_sll_qty", "thdt_buyqty", "thdt_sll_qty", "hldg_qty", "ord_psbl_qty", "pchs_avg_pric",
        "pchs_amt", "prpr", "evlu_amt", "evlu_pfls_amt", "evlu_pfls_rt", "evlu_erng_rt", "loan_dt", "loan_amt", "stln_slng_chgs", "expd_dt", "fltt_rt",
        "bfdy_cprs_icdc", "item_mgna_rt_name", "grta_rt_name", "sbst_pric", "stck_loan_unpr",
    ]
    static let summaryFields = [
        "dnca_tot_amt", "nxdy_excc_amt", "prvs_rcdl_excc_amt", "cma_evlu_amt", "bfdy_buy_amt", "thdt_buy_amt", "nxdy_auto_rdpt_amt", "bfdy_sll_amt",
        "thdt_sll_amt", "d2_auto_rdpt_amt", "bfdy_tlex_amt", "thdt_tlex_amt", "tot_loan_amt", "scts_evlu_amt", "tot_evlu_amt", "nass_amt",
        "fncg_gld_auto_rdpt_yn", "pchs_amt_smtl_amt", "evlu_amt_smtl_amt", "evlu_pfls_smtl_amt", "tot_stln_slng_chgs", "bfdy_tot_asst_evlu_amt",
        "asst_icdc_amt", "asst_icdc_erng_rt",
    ]
    static let dailyOrderFields = [
        "ord_dt", "ord_gno_brno", "odno", "orgn_odno", "ord_dvsn_name", "sll_buy_dvsn_cd", "sll_buy_dvsn_cd_name", "pdno", "prdt_name", "ord_qty",
        "ord_unpr", "ord_tmd", "tot_ccld_qty", "avg_prvs", "cncl_yn", "tot_ccld_amt", "loan_dt", "ordr_empno", "ord_dvsn_cd", "cncl_cfrm_qty", "rmn_qty",
        "rjct_qty", "ccld_cndt_name", "inqr_ip_addr", "cpbc_ordp_ord_rcit_dvsn_cd", "cpbc_ordp_infm_mthd_dvsn_cd", "infm_tmd", "ctac_tlno", "prdt_type_cd",
        "excg_dvsn_cd", "cpbc_ordp_mtrl_dvsn_cd", "ord_orgno", "rsvn_ord_end_dt",
    ]
    static let buyingPowerFields = [
        "ord_psbl_cash", "ord_psbl_sbst", "ruse_psbl_amt", "fund_rpch_chgs", "psbl_qty_calc_unpr", "nrcvb_buy_amt", "nrcvb_buy_qty", "max_buy_amt",
        "max_buy_qty", "cma_evlu_amt", "ovrs_re_use_amt_wcrc", "ord_psbl_frcr_amt_wcrc",
    ]
    static let priceFields = [
        "iscd_stat_cls_code", "marg_rate", "rprs_mrkt_kor_name", "new_hgpr_lwpr_cls_code", "bstp_kor_isnm", "temp_stop_yn", "oprc_rang_cont_yn",
        "clpr_rang_cont_yn", "crdt_able_yn", "grmn_rate_cls_code", "elw_pblc_yn", "stck_prpr", "prdy_vrss", "prdy_vrss_sign", "prdy_ctrt", "acml_tr_pbmn",
        "acml_vol", "prdy_vrss_vol_rate", "stck_oprc", "stck_hgpr", "stck_lwpr", "stck_mxpr", "stck_llam", "stck_sdpr", "wghn_avrg_stck_prc",
        "hts_frgn_ehrt", "frgn_ntby_qty", "pgtr_ntby_qty", "pvt_scnd_dmrs_prc", "pvt_frst_dmrs_prc", "pvt_pont_val", "pvt_frst_dmsp_prc",
        "pvt_scnd_dmsp_prc", "dmrs_val", "dmsp_val", "cpfn", "rstc_wdth_prc", "stck_fcam", "stck_sspr", "aspr_unit", "hts_deal_qty_unit_val", "lstn_stcn",
        "hts_avls", "per", "pbr", "stac_month", "vol_tnrt", "eps", "bps", "d250_hgpr", "d250_hgpr_date", "d250_hgpr_vrss_prpr_rate", "d250_lwpr",
        "d250_lwpr_date", "d250_lwpr_vrss_prpr_rate", "stck_dryy_hgpr", "dryy_hgpr_vrss_prpr_rate", "dryy_hgpr_date", "stck_dryy_lwpr",
        "dryy_lwpr_vrss_prpr_rate", "dryy_lwpr_date", "w52_hgpr", "w52_hgpr_vrss_prpr_ctrt", "w52_hgpr_date", "w52_lwpr", "w52_lwpr_vrss_prpr_ctrt",
        "w52_lwpr_date", "whol_loan_rmnd_rate", "ssts_yn", "stck_shrn_iscd", "fcam_cnnm", "cpfn_cnnm", "apprch_rate", "frgn_hldn_qty", "vi_cls_code",
        "ovtm_vi_cls_code", "last_ssts_cntg_qty", "invt_caful_yn", "mrkt_warn_cls_code", "short_over_yn", "sltr_yn", "mang_issu_cls_code",
    ]
}

extension String {
    /// Right-padded with spaces to `width` (KIS pads `msg1` and the paging keys).
    func padding(to width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
