public import KumoLua

/// The `kumo.log` module: leveled logging from any script, tagged with the calling line.
public enum KumoLogLibrary {
    /// The library bound to a strategy's context.
    public static let library = LuaLibrary<StrategyContext>(
        name: "kumo.log",
        summary: "Leveled logging to the host's log, tagged with the script and line.",
        functions: ScriptLogLevel.allCases.map { level in
            .function(
                level.rawValue,
                LuaDocumentation(
                    "Logs its arguments, converted with tostring rules for numbers and booleans, at \(level.rawValue) level.",
                    parameters: [.init("...", "any")])
            ) { context, frame in
                var parts: [String] = []
                for position in 0..<frame.count {
                    let value = try frame.value(position + 1)
                    parts.append(value.stringValue ?? value.description)
                }
                context.log(level, parts.joined(separator: " "), at: frame.callerLocation)
                return frame.returnNothing()
            }
        })
}
