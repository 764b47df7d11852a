import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The studio in a real browser: the built `linli serve` on a free port, and
/// Tests/browser/studio_browser.py driving headless Chromium through Selenium
/// (Debian's chromium and chromedriver; selenium pinned in the `.build-py`
/// venv). The script opens the case library, edits baseline.yaml, downloads
/// it, runs it, waits for the report, checks that `linli run` on the
/// downloaded file writes byte-identical CSVs, compares with levers off and
/// finds both runs in the history; it exits 0 only if all of that held.
///
/// On CI (CI=true) the tools are installed by scripts/deps.d/chromium.sh and
/// scripts/deps.d/python-tools.sh, and a missing one fails the test;
/// elsewhere the test runs only when they are all there, else it is skipped
/// with the reason printed (`LINLI_FULL_DEPS=1 scripts/ensure-deps.sh`).
enum StudioBrowser {
    /// The package root (this file is Tests/LinliStudioTests/StudioBrowserTests.swift).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let script = root.appendingPathComponent("Tests/browser/studio_browser.py")
    static var onCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    static func onPath(_ names: [String], else fallbacks: [String] = []) -> String? {
        let dirs = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        for name in names {
            for dir in dirs where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") { return "\(dir)/\(name)" }
        }
        return fallbacks.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static let python: String? = {
        let p = root.appendingPathComponent(".build-py/bin/python").path
        return FileManager.default.isExecutableFile(atPath: p) ? p : nil
    }()
    static let chromium = onPath(["chromium", "chromium-browser"])
    static let chromedriver = onPath(["chromedriver"], else: ["/usr/lib/chromium/chromedriver"])

    /// Whether the venv has selenium (a venv made before it was pinned has not).
    static let hasSelenium: Bool = {
        guard let python else { return false }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = ["-c", "import selenium"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }()

    /// What is missing, in words; empty when everything is there.
    static let missing: [String] = {
        var m: [String] = []
        if python == nil { m.append(".build-py/bin/python (scripts/deps.d/python-tools.sh)") }
        else if !hasSelenium { m.append("selenium in .build-py (scripts/deps.d/python-tools.sh remakes the venv with it)") }
        if chromium == nil { m.append("chromium (apt-get install chromium)") }
        if chromedriver == nil { m.append("chromedriver (apt-get install chromium-driver)") }
        return m
    }()

    /// Always on CI (where a missing tool is a failure), else only when everything is installed.
    static let shouldRun: Bool = {
        if onCI || missing.isEmpty { return true }
        print("skipped: StudioBrowserTests needs \(missing.joined(separator: ", ")); LINLI_FULL_DEPS=1 scripts/ensure-deps.sh installs them, CI always does")
        return false
    }()

    /// `linli` sits next to the test bundle in the build directory.
    static func binary() -> URL? {
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var dir = testBinary.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("linli")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }

    /// Bytes read from a pipe on Foundation's reader thread.
    final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private var data = Data()
        func append(_ d: Data) { lock.lock(); data.append(d); lock.unlock() }
        var text: String { lock.lock(); defer { lock.unlock() }; return String(decoding: data, as: UTF8.self) }
    }

    static func read(_ file: URL) -> String {
        (try? String(contentsOf: file, encoding: .utf8)) ?? ""
    }

    /// Ends a process: SIGTERM, then SIGKILL if it has not gone after `grace`
    /// seconds, to its whole process group when it leads one (the browser
    /// script with --process-group, so chromedriver and chromium go too).
    static func stop(_ p: Process, grace: TimeInterval = 10) {
        guard p.isRunning else { return }
        let pid = p.processIdentifier
        p.terminate()
        let deadline = Date().addingTimeInterval(grace)
        while p.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if p.isRunning { kill(getpgid(pid) == pid ? -pid : pid, SIGKILL) }
        p.waitUntilExit()
    }
}

@Suite(.serialized, .enabled(if: StudioBrowser.shouldRun, "the browser tools are not installed (CI installs them)"))
struct StudioBrowserTests {
    @Test func studioWorksInABrowser() throws {
        let missing = StudioBrowser.missing
        guard missing.isEmpty else {
            Issue.record("CI=true but StudioBrowserTests needs \(missing.joined(separator: ", ")): scripts/ensure-deps.sh should have installed them")
            return
        }
        let linli = try #require(StudioBrowser.binary(), "linli binary not found beside \(CommandLine.arguments[0]); `swift test` builds it with the package")
        let python = try #require(StudioBrowser.python)

        let fm = FileManager.default
        let tmp = fm.temporaryDirectory.appendingPathComponent("linli-studio-browser-\(UUID().uuidString)")
        let results = tmp.appendingPathComponent("results"), work = tmp.appendingPathComponent("work")
        try fm.createDirectory(at: results, withIntermediateDirectories: true)
        try fm.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: tmp) }

        // The server, on any free port; its first line names the address.
        let server = Process()
        server.executableURL = linli
        server.arguments = ["serve", "--port", "0", "--results", results.path,
                            "--scenarios", StudioBrowser.root.appendingPathComponent("scenarios").path]
        server.currentDirectoryURL = tmp
        server.standardInput = FileHandle.nullDevice
        let out = Pipe()
        let serverErr = tmp.appendingPathComponent("server.err")
        try Data().write(to: serverErr)
        let errHandle = try FileHandle(forWritingTo: serverErr)
        defer { try? errHandle.close() }
        server.standardOutput = out
        server.standardError = errHandle
        let collected = StudioBrowser.Collected()
        out.fileHandleForReading.readabilityHandler = { [collected] handle in
            let d = handle.availableData
            if d.isEmpty { handle.readabilityHandler = nil } else { collected.append(d) }
        }
        try server.run()
        defer {
            StudioBrowser.stop(server)
            out.fileHandleForReading.readabilityHandler = nil
        }

        let prefix = "linli studio: "
        var url: String?
        let started = Date().addingTimeInterval(60)
        while url == nil, Date() < started, server.isRunning {
            let text = collected.text
            // Only whole lines: the URL line ends with a newline.
            if let end = text.lastIndex(of: "\n") {
                url = text[..<end].split(separator: "\n").first(where: { $0.hasPrefix(prefix) })
                    .map { String($0.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces) }
            }
            if url == nil { Thread.sleep(forTimeInterval: 0.05) }
        }
        guard let url, url.hasPrefix("http://127.0.0.1:") else {
            Issue.record("""
                linli serve printed no "\(prefix)http://127.0.0.1:PORT/" line within 60 s (running: \(server.isRunning))
                stdout:
                \(collected.text)
                stderr:
                \(StudioBrowser.read(serverErr))
                """)
            return
        }

        // The browser script, with a time limit; its output goes to files, so nothing has to drain it.
        let scriptOut = tmp.appendingPathComponent("script.out"), scriptErr = tmp.appendingPathComponent("script.err")
        try Data().write(to: scriptOut)
        try Data().write(to: scriptErr)
        let so = try FileHandle(forWritingTo: scriptOut), se = try FileHandle(forWritingTo: scriptErr)
        defer { try? so.close(); try? se.close() }
        let script = Process()
        script.executableURL = URL(fileURLWithPath: python)
        script.arguments = [StudioBrowser.script.path, "--url", url, "--results", results.path,
                            "--linli", linli.path, "--work", work.path, "--timeout", "240", "--process-group"]
        script.currentDirectoryURL = tmp
        script.standardInput = FileHandle.nullDevice
        script.standardOutput = so
        script.standardError = se
        // Each of the script's two waits for a run is at most 240 s: together under this limit.
        let limit: TimeInterval = 600
        let begun = Date()
        try script.run()
        while script.isRunning, Date().timeIntervalSince(begun) < limit { Thread.sleep(forTimeInterval: 0.1) }
        let timedOut = script.isRunning
        StudioBrowser.stop(script)
        // A server that died under the script (a crash) is the first thing to tell.
        if !server.isRunning {
            Issue.record("linli serve exited (status \(server.terminationStatus)) during the browser test; its stderr:\n\(StudioBrowser.read(serverErr))")
        }

        let stdout = StudioBrowser.read(scriptOut), stderr = StudioBrowser.read(scriptErr)
        let summary = stdout.split(separator: "\n").last.map(String.init) ?? ""
        print("studio_browser.py: \(summary) (\(String(format: "%.0f", Date().timeIntervalSince(begun))) s)")
        #expect(!timedOut, "studio_browser.py did not finish within \(Int(limit)) s\nstdout:\n\(stdout)\nstderr:\n\(stderr)")
        #expect(timedOut || script.terminationStatus == 0, """
            studio_browser.py exited \(script.terminationStatus)
            stdout:
            \(stdout)
            stderr:
            \(stderr)
            server stderr:
            \(StudioBrowser.read(serverErr))
            """)
        if !timedOut, script.terminationStatus == 0 {
            #expect(summary.contains("\"ok\": true"), "studio_browser.py exited 0 without a passing summary line: \(summary)")
        }
    }
}
