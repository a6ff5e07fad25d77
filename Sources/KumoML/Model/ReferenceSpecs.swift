public import Foundation

/// The model shapes of the seed's three horizons, at the reference size (features 8, hidden 64,
/// time 60): what the benchmark runs and the shipped examples start from.
public enum ReferenceSpecs {
    public static func lstm(features: Int = 8, hidden: Int = 64, time: Int = 60, outputs: Int = 1) -> ModelSpec {
        spec("lstm", time, features, """
            {"op": "lstm", "weights": "lstm", "input_size": \(features), "hidden_size": \(hidden), "num_layers": 2},
            {"op": "last_step"}, {"op": "linear", "weights": "head", "in_features": \(hidden), "out_features": \(outputs)}
            """)
    }

    public static func gru(features: Int = 8, hidden: Int = 32, time: Int = 60) -> ModelSpec {
        spec("gru", time, features, """
            {"op": "gru", "weights": "gru", "input_size": \(features), "hidden_size": \(hidden), "num_layers": 1},
            {"op": "last_step"}, {"op": "linear", "weights": "head", "in_features": \(hidden), "out_features": 1}, {"op": "tanh"}
            """)
    }

    public static func cnn(features: Int = 8, time: Int = 60, classes: Int = 3) -> ModelSpec {
        spec("cnn", time, features, """
            {"op": "conv1d", "weights": "conv1", "in_channels": \(features), "out_channels": 16, "kernel_size": 5, "padding": 2, "dilation": 1},
            {"op": "relu"}, {"op": "maxpool1d", "kernel_size": 2},
            {"op": "conv1d", "weights": "conv2", "in_channels": 16, "out_channels": 32, "kernel_size": 3, "padding": 2, "dilation": 2},
            {"op": "relu"}, {"op": "mean_pool"}, {"op": "linear", "weights": "head", "in_features": 32, "out_features": \(classes)}, {"op": "softmax"}
            """)
    }

    public static func transformer(features: Int = 8, time: Int = 60, width: Int = 32) -> ModelSpec {
        spec("transformer", time, features, """
            {"op": "linear", "weights": "proj", "in_features": \(features), "out_features": \(width)},
            {"op": "add_param", "weights": "pos", "shape": [\(time), \(width)]},
            {"op": "transformer_encoder", "weights": "encoder", "num_layers": 2, "d_model": \(width), "nhead": 4, "dim_feedforward": \(2 * width),
             "activation": "gelu", "norm_first": true, "causal": true, "eps": 1e-05},
            {"op": "layer_norm", "weights": "norm", "normalized_shape": \(width), "eps": 1e-05},
            {"op": "mean_pool"}, {"op": "linear", "weights": "head", "in_features": \(width), "out_features": 1}
            """)
    }

    static func spec(_ name: String, _ time: Int, _ features: Int, _ layers: String) -> ModelSpec {
        let json = #"{"format": "kumo-model/1", "name": "\#(name)", "input": {"time": \#(time), "features": \#(features)}, "layers": [\#(layers)]}"#
        return try! ModelSpec.parse(Data(json.utf8))  // written above to the format: always parses
    }
}
