import Foundation
import Testing
@testable import Linli

/// Each kind of report page rendered by a real browser: Debian's `chromium`,
/// headless. The DOM it builds must carry the expected title and every chart,
/// and its screenshot must not be blank. On CI (CI=true) chromium is
/// installed by scripts/deps.d/chromium.sh and the test fails without it;
/// elsewhere it runs when chromium is on the PATH.
/// Whether and where the browser is.
enum Browser {
    static var onCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }
    static let chromium: String? = {
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
                let p = "\(dir)/\(name)"
                if FileManager.default.isExecutableFile(atPath: p) { return p }
            }
        }
        return nil
    }()
    /// Always on CI (where a missing browser is a failure), else only when installed.
    static var shouldRun: Bool { onCI || chromium != nil }
}

@Suite(.serialized, .enabled(if: Browser.shouldRun, "chromium not found (CI installs it; elsewhere: apt-get install chromium)"))
struct ReportBrowserTests {
    static var chromium: String? { Browser.chromium }

    struct Rendered { var dom: String; var png: PNGImage }

    /// Runs chromium headless on `page` twice: `--dump-dom` and `--screenshot`.
    static func render(_ page: URL, width: Int = 1000, height: Int = 1600) throws -> Rendered {
        let browser = try #require(chromium, "chromium is not installed (CI=true needs it: scripts/deps.d/chromium.sh)")
        let profile = ReportFixtures.root.appendingPathComponent("chromium-profile-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let common = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
                      "--no-first-run", "--user-data-dir=\(profile.path)", "--window-size=\(width),\(height)"]
        let dom = try runRetrying(browser, common + ["--dump-dom", page.absoluteString])
        let png = page.deletingPathExtension().appendingPathExtension("png")
        _ = try runRetrying(browser, common + ["--screenshot=\(png.path)", page.absoluteString])
        return Rendered(dom: dom, png: try PNGImage(data: Data(contentsOf: png)))
    }

    /// Runs chromium, trying again when it times out: its first start on a
    /// fresh, busy machine (font cache, profile) can take minutes. A page that
    /// never renders still fails the test.
    static func runRetrying(_ path: String, _ args: [String], attempts: Int = 3) throws -> String {
        for attempt in 1...attempts {
            if let out = try run(path, args, limit: attempt == 1 ? 120 : 300) { return out }
        }
        Issue.record("chromium timed out \(attempts) times: \(args.last ?? "")")
        return ""
    }

    /// Runs a process with a time limit; returns its stdout, or nil if it
    /// timed out. Output goes to a file, not a pipe, so nothing has to drain
    /// it while we wait.
    static func run(_ path: String, _ args: [String], limit: TimeInterval) throws -> String? {
        let outFile = ReportFixtures.root.appendingPathComponent("chromium-\(UUID().uuidString).out")
        try Data().write(to: outFile)
        defer { try? FileManager.default.removeItem(at: outFile) }
        let out = try FileHandle(forWritingTo: outFile)
        defer { try? out.close() }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let deadline = Date().addingTimeInterval(limit)
        while p.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        let timedOut = p.isRunning
        if timedOut { p.terminate() }
        p.waitUntilExit()
        return timedOut ? nil : try String(contentsOf: outFile, encoding: .utf8)
    }

    static func check(_ page: Report.Page, name: String, title: String) throws {
        let file = ReportFixtures.root.appendingPathComponent("browser-\(name).html")
        try AtomicFile.write(page.html, to: file)
        let r = try render(file)
        #expect(r.dom.contains("<title>\(title)</title>"), "title missing from the DOM of the \(name) page")
        #expect(PageText.chartCount(r.dom) == page.charts, "\(name): \(PageText.chartCount(r.dom)) charts in the DOM, \(page.charts) on the page")
        #expect(page.charts > 0)
        #expect(!r.dom.contains("<parsererror"))
        #expect(r.png.width == 1000 && r.png.height == 1600)
        let inked = r.png.inkedShare
        #expect(inked > 0.03, "\(name) screenshot is blank (\(inked) of pixels not white)")
        #expect(r.png.count(colour: "#1a1a1a", tolerance: 40) > 500, "\(name): no text rendered")
    }

    @Test func runPageRenders() throws {
        let page = try Report.build([ReportFixtures.runs.baseline])
        try Self.check(page, name: "run", title: "Linli run: fixture-baseline")
        let r = try Self.render(ReportFixtures.root.appendingPathComponent("browser-run.html"))
        #expect(r.png.count(colour: Palette.categorical[0]) > 200, "no chart line in Okabe–Ito blue above the fold")
    }

    @Test func comparisonPageRenders() throws {
        let page = try Report.build([ReportFixtures.runs.baseline, ReportFixtures.runs.levers])
        try Self.check(page, name: "comparison", title: "Linli comparison: fixture-baseline, fixture-levers")
    }

    @Test func sweepPageRenders() throws {
        let page = try Report.build([ReportFixtures.sweep])
        try Self.check(page, name: "sweep", title: "Linli sweep: fixture &lt;sweep&gt; &amp; co")
    }

    /// The discover page (`linli discover`) and a sweep page with the cost-effectiveness chart.
    @Test func discoverAndFrontierPagesRender() throws {
        let sweep = try SensitivityTests.runSweep("""
            name: box-browser
            model: box
            design: {type: latin_hypercube, points: 300}
            factors: [{key: x1}, {key: x2}, {key: x3}, {key: x4}]
            """)
        defer { try? FileManager.default.removeItem(at: sweep.deletingLastPathComponent()) }
        let out = sweep.appendingPathComponent("discover")
        try ScenarioDiscovery.write(try ScenarioDiscovery.run(directory: sweep, settings: .init(condition: "y >= 0.5")), to: out)
        try Self.check(try Report.build([out]), name: "discover", title: "Scenario discovery: y &gt;= 0.5")
        let costs = try FrontierTests.constructedSweep()
        defer { try? FileManager.default.removeItem(at: costs) }
        let page = try Report.build([costs])
        #expect(page.html.contains("Pareto frontier"))
        try Self.check(page, name: "frontier", title: "Linli sweep: \(costs.lastPathComponent)")
    }

    @Test func pagesFitAPhone() throws {
        // 390 px wide: no page may scroll sideways (wide tables scroll inside their wrappers).
        // The test's copy of each page gets a one-line script that records the layout width.
        let pages = [("run", try Report.build([ReportFixtures.runs.baseline])),
                     ("comparison", try Report.build([ReportFixtures.runs.baseline, ReportFixtures.runs.levers])),
                     ("sweep", try Report.build([ReportFixtures.sweep]))]
        for (name, page) in pages {
            let file = ReportFixtures.root.appendingPathComponent("browser-phone-\(name).html")
            let probe = "<script>document.body.setAttribute('data-scroll-width', String(document.documentElement.scrollWidth)); document.body.setAttribute('data-inner-width', String(window.innerWidth))</script></body>"
            try AtomicFile.write(page.html.replacingOccurrences(of: "</body>", with: probe), to: file)
            let r = try Self.render(file, width: 390, height: 800)
            #expect(r.png.width == 390)
            func attribute(_ name: String) throws -> Int {
                let match = r.dom.range(of: name + #"="(\d+)""#, options: .regularExpression)
                let text = try #require(match.map { String(r.dom[$0]) }, "the probe did not run")
                return Int(text.dropFirst(name.count).filter(\.isNumber))!
            }
            // Headless Chromium may widen a very narrow window a little; what matters is no sideways scroll.
            let viewport = try attribute("data-inner-width"), width = try attribute("data-scroll-width")
            #expect(viewport < 640, "the phone layout (max-width: 640px) was not used: viewport \(viewport) px")
            #expect(width <= viewport, "the \(name) page is \(width) px wide on a \(viewport) px screen")
        }
    }
}
