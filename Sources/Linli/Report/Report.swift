import Foundation

/// `linli report`: one self-contained HTML page (inline CSS and SVG, no
/// scripts, no external resources) from output directories.
///
/// - one run directory → a run page;
/// - several run directories → a comparison page against a baseline;
/// - one sweep directory → a sweep page;
/// - one calibration directory → a calibration page;
/// - one rank directory (`linli rank`) → a rank page.
/// - one discover directory → a scenario-discovery page (`linli discover`).
///
/// The page is a pure function of the directories and options: no clock,
/// no host names, so the same inputs give byte-identical HTML.
public enum Report {
    public enum Kind: String, Sendable { case run, comparison, sweep, calibration, rank, discover }

    public struct Options: Sendable {
        /// Observation columns or summary metrics to chart (run pages), or sweep metrics; nil = defaults.
        public var metrics: [String]?
        /// The run the others are compared with (added to the runs when not among them).
        public var baseline: URL?
        /// The two factors of the sweep heat map; nil = the first two factors.
        public var heatmap: [String]?
        /// Page title instead of the scenario or sweep name.
        public var title: String?

        public init(metrics: [String]? = nil, baseline: URL? = nil, heatmap: [String]? = nil, title: String? = nil) {
            self.metrics = metrics; self.baseline = baseline; self.heatmap = heatmap; self.title = title
        }
    }

    public struct Page: Sendable {
        public var kind: Kind
        public var title: String
        public var html: String
        /// Number of `<svg class="chart">` on the page.
        public var charts: Int
        /// Data files that go beside the page (name → text): a sweep page's `frontier.csv`.
        public var files: [String: String] = [:]
    }

    /// Builds the page for `directories`.
    public static func build(_ directories: [URL], options: Options = Options()) throws -> Page {
        guard !directories.isEmpty else { throw ReportError.notAnOutput("(no directory given)") }
        var dirs = directories
        if let b = options.baseline, !dirs.contains(where: { same($0, b) }) { dirs.insert(b, at: 0) }
        if dirs.count == 1, DiscoverData.isDiscover(dirs[0]) { return try discoverPage(dirs[0], options: options) }
        var runs: [URL] = [], sweeps: [URL] = [], calibrations: [URL] = []
        if dirs.count == 1, RankData.isRank(dirs[0]) { return try rankPage(dirs[0], options: options) }
        for d in dirs {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: d.path, isDirectory: &isDir), isDir.boolValue else { throw ReportError.notADirectory(d.path) }
            if CalibrationData.isCalibration(d) { calibrations.append(d) } else if RunData.isRun(d) { runs.append(d) } else if SweepData.isSweep(d) { sweeps.append(d) } else if FileManager.default.fileExists(atPath: d.appendingPathComponent(RunOutput.timeseriesFile).path) {
                throw ReportError.incompleteRun(d.path)
            } else { throw ReportError.notAnOutput(d.path) }
        }
        if let c = calibrations.first {
            guard dirs.count == 1 else { throw ReportError.calibrationAlone(c.path) }
            return try calibrationPage(c, options: options)
        }
        if let b = options.baseline, !runs.contains(where: { same($0, b) }) { throw ReportError.baselineNotARun(b.path) }
        if !runs.isEmpty && !sweeps.isEmpty { throw ReportError.mixedKinds }
        if sweeps.count > 1 { throw ReportError.severalSweeps }
        if let s = sweeps.first { return try sweepPage(s, options: options) }
        return try runPage(runs, options: options)
    }

    static func same(_ a: URL, _ b: URL) -> Bool {
        a.standardizedFileURL.resolvingSymlinksInPath().path == b.standardizedFileURL.resolvingSymlinksInPath().path
    }

    static func runPage(_ urls: [URL], options: Options) throws -> Page {
        // Read the headers first, to pick the columns before reading the time series.
        var headers: [[String]] = []
        for u in urls { headers.append(try timeseriesColumns(u)) }
        let common = headers.dropFirst().reduce(headers[0]) { acc, h in acc.filter(h.contains) }
        let columns = try RunCharts.chosenColumns(options.metrics, available: common)
        var runs: [RunData] = []
        for (k, u) in urls.enumerated() {
            let wanted = Set(columns + ObservationCatalog.ageFamily(headers[k]) + ObservationCatalog.tenureFamily(headers[k]))
            runs.append(try RunData.load(u, chart: { $0.filter(wanted.contains) }))
        }
        uniqueLabels(&runs)
        let page: HTMLPage
        let kind: Kind
        if runs.count == 1 {
            page = RunPage.build(runs[0], columns: columns, title: options.title); kind = .run
        } else {
            let baseline = options.baseline.flatMap { b in urls.firstIndex { same($0, b) } } ?? 0
            page = ComparisonPage.build(runs, baseline: baseline, columns: columns, title: options.title); kind = .comparison
        }
        let footer = "Made by linli \(LinliVersion.current) report from \(urls.map(\.path).joined(separator: ", ")). One self-contained file: no scripts, no external resources."
        return Page(kind: kind, title: page.title, html: page.render(footer: footer), charts: page.chartCount)
    }

    static func sweepPage(_ url: URL, options: Options) throws -> Page {
        let sweep = try SweepData.load(url)
        var metrics: [String]
        if let requested = options.metrics, !requested.isEmpty {
            metrics = []
            for m in requested {
                let name = sweep.metrics.contains(m) ? m : sweep.metrics.contains(m + "_final") ? m + "_final" : nil
                guard let name else { throw ReportError.unknownMetric(m, suggestion: NearestKey.nearest(to: m, in: sweep.metrics), available: sweep.metrics) }
                metrics.append(name)
            }
        } else {
            // A sweep names the metrics it keeps: show them all when they are few, else the main ones.
            let preferred = ObservationCatalog.mainObservations.map { $0 + "_final" }.filter(sweep.metrics.contains)
            metrics = sweep.metrics.count <= 6 ? sweep.metrics : Array((preferred.isEmpty ? sweep.metrics : preferred).prefix(4))
        }
        var heat: (String, String)?
        if let h = options.heatmap {
            guard h.count == 2 else { throw ReportError.unknownFactor(h.joined(separator: ","), suggestion: nil, available: sweep.factors) }
            for f in h where !sweep.factors.contains(f) {
                throw ReportError.unknownFactor(f, suggestion: NearestKey.nearest(to: f, in: sweep.factors), available: sweep.factors)
            }
            heat = (h[0], h[1])
        } else if sweep.factors.count >= 2 {
            heat = (sweep.factors[0], sweep.factors[1])
        }
        let page = SweepPage.build(sweep, metrics: metrics, heatmap: heat, title: options.title)
        let footer = "Made by linli \(LinliVersion.current) report from \(url.path). One self-contained file: no scripts, no external resources."
        var files: [String: String] = [:]
        if let ce = CostEffectiveness.analyze(sweep) { files[CostEffectiveness.frontierFile] = CostEffectiveness.csv(ce) }
        return Page(kind: .sweep, title: page.title, html: page.render(footer: footer), charts: page.chartCount, files: files)
    }

    static func calibrationPage(_ url: URL, options: Options) throws -> Page {
        let page = CalibrationPage.build(try CalibrationData.load(url), title: options.title)
        let footer = "Made by linli \(LinliVersion.current) report from \(url.path). One self-contained file: no scripts, no external resources."
        return Page(kind: .calibration, title: page.title, html: page.render(footer: footer), charts: page.chartCount)
    }

    static func rankPage(_ url: URL, options: Options) throws -> Page {
        let page = RankPage.build(try RankData.load(url), title: options.title)
        let footer = "Made by linli \(LinliVersion.current) report from \(url.path). One self-contained file: no scripts, no external resources."
        return Page(kind: .rank, title: page.title, html: page.render(footer: footer), charts: page.chartCount)
    }

    static func discoverPage(_ url: URL, options: Options) throws -> Page {
        let page = DiscoverPage.build(try DiscoverData.load(url), title: options.title)
        let footer = "Made by linli \(LinliVersion.current) report from \(url.path). One self-contained file: no scripts, no external resources."
        return Page(kind: .discover, title: page.title, html: page.render(footer: footer), charts: page.chartCount)
    }

    /// Observation columns of a run directory, from the first line of timeseries.csv.
    static func timeseriesColumns(_ url: URL) throws -> [String] {
        guard RunData.isRun(url) else { throw ReportError.notAnOutput(url.path) }
        let file = url.appendingPathComponent(RunOutput.timeseriesFile)
        guard let h = FileHandle(forReadingAtPath: file.path) else { throw ReportError.unreadable(file.path, "cannot open") }
        defer { try? h.close() }
        var bytes: [UInt8] = []
        while !bytes.contains(UInt8(ascii: "\n")) {
            let chunk = h.readData(ofLength: 64 << 10)
            if chunk.isEmpty { break }
            bytes += chunk
        }
        let line = bytes.split(separator: UInt8(ascii: "\n"), maxSplits: 1, omittingEmptySubsequences: false).first ?? []
        let header = try CSVTable.parse(String(decoding: line, as: UTF8.self), source: file.path).header
        guard header.starts(with: ["replicate", "day", "community"]) else { throw ReportError.malformed(file.path, "header does not start with replicate,day,community") }
        return Array(header.dropFirst(3))
    }

    /// Runs with the same scenario name get their directory name appended.
    static func uniqueLabels(_ runs: inout [RunData]) {
        for i in runs.indices where runs.filter({ $0.manifest.scenario == runs[i].manifest.scenario }).count > 1 {
            runs[i].label = "\(runs[i].manifest.scenario) (\(runs[i].directory.lastPathComponent))"
        }
        for i in runs.indices where runs.filter({ $0.label == runs[i].label }).count > 1 { runs[i].label += " #\(i + 1)" }
    }

    /// Where the page goes by default: `DIR/report.html` for one directory,
    /// `comparison.html` in the current directory for several.
    public static func defaultOutput(for directories: [URL]) -> URL {
        directories.count == 1 ? directories[0].appendingPathComponent("report.html") : URL(fileURLWithPath: "comparison.html")
    }
}
