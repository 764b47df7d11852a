import ArgumentParser
import Foundation
import Linli

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Turn run or sweep directories into one self-contained HTML page with charts.",
        discussion: """
        One run directory gives a run page; several give a comparison against the
        baseline (the first, or --baseline); a sweep directory gives main effects,
        a heat map and sensitivity indices; a calibration directory gives the
        objective over the evaluations, each target against its goal and, for
        ABC, the posterior marginals; a discover directory (`linli discover`)
        gives the coverage–density trade-off and the chosen box. The page has no scripts and fetches
        nothing: open it anywhere, print it, mail it.
        Examples:
          linli report results/baseline
          linli report results/baseline results/levers-demo --out compare.html
          linli report results/my-sweep --metrics participation_rate_final --heatmap posts.per_community,office_hours.evening_share
        Writes DIR/report.html for one directory and comparison.html for several,
        unless --out is given. A sweep that kept a lever cost metric also gets
        frontier.csv (its Pareto frontier of cost against effect) beside the page. Exit status: 0 on success, 1 when an input is not
        a finished run or sweep or an option names something unknown, 2 when
        the page cannot be written.
        """
    )

    @Argument(help: "Run directories (from `linli run`), or one sweep directory (`linli sweep`), calibration directory (`linli calibrate`) or discover directory (`linli discover`).")
    var directories: [String]
    @Option(help: "Output HTML file.") var out: String?
    @Option(help: "Run the others are compared with (default: the first directory).") var baseline: String?
    @Option(help: ArgumentHelp("Observations or summary metrics to chart, comma-separated (default: the main observations).", valueName: "NAME,..."))
    var metrics: String?
    @Option(help: ArgumentHelp("Two sweep factors for the heat map (default: the first two).", valueName: "FACTOR,FACTOR"))
    var heatmap: String?
    @Option(help: "Page title (default: the scenario or sweep name).") var title: String?
    @Flag(help: "Print only the output path.") var quiet = false

    func run() throws {
        let urls = directories.map { URL(fileURLWithPath: $0) }
        let options = Linli.Report.Options(metrics: list(metrics), baseline: baseline.map { URL(fileURLWithPath: $0) },
                                           heatmap: list(heatmap), title: title)
        let page: Linli.Report.Page
        do {
            page = try Linli.Report.build(urls, options: options)
        } catch let e as ReportError {
            printError("error: \(e)")
            throw ExitCode(1)
        }
        var inputs = urls
        if let b = options.baseline, !urls.contains(where: { $0.standardizedFileURL.path == b.standardizedFileURL.path }) { inputs.insert(b, at: 0) }
        let target = out.map { URL(fileURLWithPath: $0) } ?? Linli.Report.defaultOutput(for: inputs)
        do {
            try AtomicFile.write(page.html, to: target)
            // Data behind the page (a sweep's frontier.csv) goes beside it.
            for (name, text) in page.files.sorted(by: { $0.key < $1.key }) {
                try AtomicFile.write(text, to: target.deletingLastPathComponent().appendingPathComponent(name))
            }
        } catch {
            let why = (error as? AtomicFileError)?.description ?? error.localizedDescription
            printError("error: could not write \(target.path): \(why)")
            throw ExitCode(2)
        }
        if quiet { print(target.path); return }
        print("report: \(target.path) (\(page.kind.rawValue) page, \(page.charts) charts, \(page.html.utf8.count / 1024) KiB)")
    }

    private func list(_ text: String?) -> [String]? {
        guard let text else { return nil }
        return text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
