import Foundation
import Linli

/// Finished runs under `--results`: every directory with a `manifest.json`,
/// whether the studio or `linli run` made it.
enum RunHistory {
    /// The scenario YAML the studio keeps beside a run's four files, so the
    /// run can be downloaded, re-run, or run again with its levers off.
    static let scenarioFile = "scenario.yaml"

    struct Item: Sendable {
        var id: String
        var manifest: Manifest
        var madeByStudio: Bool
    }

    static func list(_ root: URL) -> [Item] {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: root.path) else { return [] }
        var items: [Item] = []
        for name in names where SafePath.isPlainName(name) {
            guard let m = manifest(root.appendingPathComponent(name)) else { continue }
            let studio = fm.fileExists(atPath: root.appendingPathComponent(name).appendingPathComponent(scenarioFile).path)
            items.append(Item(id: name, manifest: m, madeByStudio: studio))
        }
        return items.sorted { ($0.manifest.endTime, $0.id) > ($1.manifest.endTime, $1.id) }
    }

    static func manifest(_ dir: URL) -> Manifest? {
        guard let data = try? Data(contentsOf: dir.appendingPathComponent(RunOutput.manifestFile)) else { return nil }
        return try? JSONDecoder().decode(Manifest.self, from: data)
    }

    /// The YAML a finished run came from: the studio's copy, else (a CLI run)
    /// the file its manifest names, if it still has the recorded SHA-256 and
    /// lies under `--scenarios`.
    static func scenarioText(of dir: URL, scenariosRoot: URL) -> String? {
        if let text = try? String(contentsOf: dir.appendingPathComponent(scenarioFile), encoding: .utf8) { return text }
        guard let m = manifest(dir) else { return nil }
        let file = URL(fileURLWithPath: m.scenarioPath).lastPathComponent
        guard let url = try? SafePath.resolve(file, in: scenariosRoot),
              let text = try? String(contentsOf: url, encoding: .utf8), SHA256.hex(text) == m.scenarioSHA256 else { return nil }
        return text
    }

    /// The scenario of a finished run as it ran (its manifest's seed, replicates and days).
    static func scenario(of dir: URL, scenariosRoot: URL) -> Scenario? {
        guard let text = scenarioText(of: dir, scenariosRoot: scenariosRoot), let m = manifest(dir),
              var sc = try? ScenarioLoader.parse(text: text, path: dir.lastPathComponent + "/" + scenarioFile) else { return nil }
        sc.seed = m.seed
        sc.days = m.days
        // `--set` and `--no-levers` are in the manifest's resolved parameters, not in the file.
        for (k, v) in m.parameters where ParameterRegistry.spec(k) != nil { sc.parameters[k] = v }
        if sc.precision == nil { sc.replicates = m.replicates }
        return sc
    }
}
