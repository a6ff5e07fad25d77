public import Foundation

/// A plugin's `manifest.json`: who it is and what it provides, read without running any code.
///
/// ```json
/// { "name": "cci", "version": "1.0.0", "summary": "Commodity Channel Index",
///   "provides": { "indicators": ["cci"] } }
/// ```
public struct PluginManifest: Sendable, Hashable, Decodable {
    public static let fileName = "manifest.json"

    public var name: String
    public var version: String
    public var summary: String
    public var provides: Provides

    /// What a plugin registers from its `setup`.
    public struct Provides: Sendable, Hashable, Decodable {
        public var indicators: [String]
        public var sizingRules: [String]

        enum CodingKeys: String, CodingKey {
            case indicators
            case sizingRules = "sizing_rules"
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            indicators = try container.decodeIfPresent([String].self, forKey: .indicators) ?? []
            sizingRules = try container.decodeIfPresent([String].self, forKey: .sizingRules) ?? []
        }

        public init(indicators: [String] = [], sizingRules: [String] = []) {
            self.indicators = indicators
            self.sizingRules = sizingRules
        }
    }

    /// Reads and validates the manifest of the plugin in `folder`.
    public static func read(from folder: URL) throws(StrategyLoadError) -> PluginManifest {
        let file = folder.appendingPathComponent(fileName)
        let display = ScriptModuleResolver.display(file)
        func fail(_ message: String) -> StrategyLoadError { StrategyLoadError(kind: .manifest, file: display, message: message) }
        guard let data = try? Data(contentsOf: file) else { throw fail("cannot read the manifest") }
        let manifest: PluginManifest
        do {
            manifest = try JSONDecoder().decode(PluginManifest.self, from: data)
        } catch let DecodingError.keyNotFound(key, _) {
            throw fail("missing field '\(key.stringValue)'")
        } catch let DecodingError.typeMismatch(_, context) {
            throw fail("field '\(context.codingPath.map(\.stringValue).joined(separator: "."))' has the wrong type: \(context.debugDescription)")
        } catch {
            throw fail("not valid JSON: \(error.localizedDescription)")
        }
        let folderName = folder.standardizedFileURL.lastPathComponent
        guard ScriptModuleResolver.isValidName(manifest.name), !manifest.name.contains(".") else {
            throw fail("name '\(manifest.name)' must be a Lua identifier such as 'cci'")
        }
        guard manifest.name == folderName else {
            throw fail("name '\(manifest.name)' must match its folder 'plugins/\(folderName)'")
        }
        let parts = manifest.version.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) else {
            throw fail("version '\(manifest.version)' must be MAJOR.MINOR.PATCH, such as 1.0.0")
        }
        let provided = manifest.provides.indicators + manifest.provides.sizingRules
        guard !provided.isEmpty else { throw fail("'provides' lists nothing (indicators or sizing_rules)") }
        if let bad = provided.first(where: { !ScriptModuleResolver.isValidName($0) || $0.contains(".") }) {
            throw fail("provided name '\(bad)' must be a Lua identifier")
        }
        return manifest
    }
}
