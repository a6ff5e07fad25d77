/// One layer of an `nn.LSTM` / `nn.GRU` stack as PyTorch names it: `weight_ih_lk` (G·H, in),
/// `weight_hh_lk` (G·H, H) and the two biases, G being the gate count (4 or 3).
struct RecurrentWeights: Sendable {
    let weightIH: Parameter
    let weightHH: Parameter
    let biasIH: Parameter
    let biasHH: Parameter

    var parameters: [Parameter] { [weightIH, weightHH, biasIH, biasHH] }

    /// The stack's layers under `prefix` (`lstm.` → `lstm.weight_ih_l0` …).
    static func stack(prefix: String, _ weights: [(ih: Tensor, hh: Tensor, biasIH: Tensor, biasHH: Tensor)]) -> [RecurrentWeights] {
        weights.enumerated().map { k, w in
            RecurrentWeights(
                weightIH: Parameter("\(prefix)weight_ih_l\(k)", w.ih), weightHH: Parameter("\(prefix)weight_hh_l\(k)", w.hh),
                biasIH: Parameter("\(prefix)bias_ih_l\(k)", w.biasIH), biasHH: Parameter("\(prefix)bias_hh_l\(k)", w.biasHH))
        }
    }
}
