import Foundation
import Testing

/// The pinned test-only Python tools (SALib, ema_workbench) in `.build-py/`,
/// made by scripts/deps.d/python-tools.sh, called through
/// scripts/python-reference.py. On CI (CI=true) the venv must exist and a
/// test that needs it fails without it; elsewhere such a test is skipped
/// with the reason printed (run `LINLI_FULL_DEPS=1 scripts/ensure-deps.sh`).
enum PythonReference {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static var onCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }
    static let python: String? = {
        let p = root.appendingPathComponent(".build-py/bin/python").path
        return FileManager.default.isExecutableFile(atPath: p) ? p : nil
    }()
    static let skipReason = "the Python reference tools are not installed (.build-py/ missing; LINLI_FULL_DEPS=1 scripts/ensure-deps.sh makes it, CI always does)"
    /// Always on CI (where a missing venv is a failure), else only when installed.
    static var shouldRun: Bool {
        if onCI || python != nil { return true }
        print("skipped: \(skipReason)")
        return false
    }

    struct Failure: Error, CustomStringConvertible { let description: String }

    /// Runs `python-reference.py args` and returns its JSON object.
    static func run(_ args: [String]) throws -> [String: Any] {
        guard let python else { throw Failure(description: "CI=true but \(skipReason)") }
        let r = try CLITests.run(URL(fileURLWithPath: python), [root.appendingPathComponent("scripts/python-reference.py").path] + args)
        guard r.status == 0, let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any] else {
            throw Failure(description: "python-reference.py \(args.joined(separator: " ")) failed (\(r.status)): \(r.stderr)")
        }
        return json
    }
}
