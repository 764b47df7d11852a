import ArgumentParser
import Foundation
import Linli

struct SensitivityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sensitivity",
        abstract: "Sobol indices of a saltelli sweep, or Morris measures of a morris sweep.",
        discussion: """
        Examples:
          linli sensitivity results/saltelli --metric participation_rate_final --bootstrap 2000
          linli sensitivity results/morris
        Reads a complete sweep directory (after `linli sweep`, or `linli merge` of its shards) and
        writes sensitivity.csv there: metric,factor,S1,S1_ci_low,S1_ci_high,ST,ST_ci_low,ST_ci_high
        (bootstrap 95% CIs) or metric,factor,mu_star,mu_star_ci_low,mu_star_ci_high,mu,sigma.
        Exit status: 0 on success, 1 for a sweep of another design, an incomplete sweep or an
        unknown metric, 2 when sensitivity.csv cannot be written.
        """
    )

    @Argument(help: "Sweep output directory.") var directory: String
    @Option(name: .customLong("metric"), help: ArgumentHelp("Metric to analyse (repeatable; default: every metric of the sweep).", valueName: "NAME"))
    var metrics: [String] = []
    @Option(help: "Bootstrap resamples for the 95% confidence intervals.") var bootstrap = 1000
    @Flag(help: "Print only the path of sensitivity.csv.") var quiet = false

    func validate() throws {
        if bootstrap < 0 { throw ValidationError("--bootstrap must be 0 or more") }
    }

    func run() throws {
        let dir = URL(fileURLWithPath: directory)
        let result = try orExit(1) { try SensitivityAnalysis.analyze(directory: dir, metrics: metrics, bootstrap: bootstrap) }
        let text = SensitivityAnalysis.csv(result)
        let url = dir.appendingPathComponent(SweepOutput.sensitivityFile)
        try orExit(2) { try AtomicFile.write(text, to: url) }
        if quiet { print(url.path); return }
        print("wrote \(url.path)")
        printTable(text)
    }

    /// The CSV as aligned columns.
    private func printTable(_ text: String) {
        let rows = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        guard let width = rows.first?.count else { return }
        let widths = (0..<width).map { c in rows.map { $0[c].count }.max()! }
        for row in rows {
            print(row.enumerated().map { c, cell in
                c < 2 ? cell.padding(toLength: widths[c], withPad: " ", startingAt: 0)
                      : String(repeating: " ", count: widths[c] - cell.count) + cell
            }.joined(separator: "  "))
        }
    }
}
