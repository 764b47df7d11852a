import ArgumentParser
import Foundation
import Linli

struct DiscoverCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "discover",
        abstract: "Scenario discovery (PRIM): the factor box where a condition on the metrics holds.",
        discussion: """
        Examples:
          linli discover results/discover-levers --where "participation_rate_final >= 0.08"
          linli discover results/discover-levers --min-coverage 0.6 \\
            --where "participation_rate_final >= 0.08 and lever_cost_total_final <= 7e3"
        Reads a finished sweep of any design. Each design point is one case,
        classified by the mean of its replicates' metrics: a case of interest
        when --where holds. PRIM (Friedman & Fisher 1999, with ema_workbench's
        conventions) peels the factor box, then pastes it back. Writes to OUT
        (default SWEEP_DIR/discover): boxes.csv, every box of the trajectory
        (box,phase,coverage,density,mass,points,n_restricted,restricted,chosen,
        then <factor>_lower,<factor>_upper); discover-manifest.json; and
        report.html (`linli report OUT` remakes it). The chosen box is the
        densest whose coverage is at least --min-coverage, or --box K.
        --where: comparisons (< <= > >= == !=) of a metric with a number (2e5
        allowed), joined by and, or, not and parentheses; a comparison with an
        NA value is false.
        Exit status: 0 on success, 1 for a bad --where, an unfinished sweep or
        no case of interest, 2 when the output cannot be written.
        """
    )

    @Argument(help: "Sweep output directory (after `linli sweep`, or `linli merge` of its shards).") var directory: String
    @Option(name: .customLong("where"), help: ArgumentHelp("Condition on the sweep's metrics that marks a case of interest.", valueName: "EXPR"))
    var condition: String
    @Option(name: .customLong("min-coverage"), help: "The chosen box is the densest with at least this coverage.") var minCoverage = 0.5
    @Option(name: .customLong("peel-alpha"), help: "Share of the box's points one peel removes.") var peelAlpha = 0.05
    @Option(name: .customLong("paste-alpha"), help: "Share of the points just outside one paste adds.") var pasteAlpha = 0.05
    @Option(name: .customLong("min-mass"), help: "Peeling stops before the box holds less than this share of the points.") var minMass = 0.05
    @Option(help: "Choose this box of the trajectory instead of by --min-coverage.") var box: Int?
    @Option(help: "Output directory (default: SWEEP_DIR/discover).") var out: String?
    @Flag(help: "Print only the output directory.") var quiet = false

    func validate() throws {
        for (name, v) in [("--peel-alpha", peelAlpha), ("--paste-alpha", pasteAlpha)] where !(v > 0 && v < 0.5) {
            throw ValidationError("\(name) must be in (0, 0.5), got \(v)")
        }
        if !(minMass > 0 && minMass < 1) { throw ValidationError("--min-mass must be in (0, 1), got \(minMass)") }
        if !(minCoverage >= 0 && minCoverage <= 1) { throw ValidationError("--min-coverage must be in [0, 1], got \(minCoverage)") }
    }

    func run() throws {
        let dir = URL(fileURLWithPath: directory)
        let settings = ScenarioDiscovery.Settings(condition: condition, prim: PRIM.Options(peelAlpha: peelAlpha, pasteAlpha: pasteAlpha, minMass: minMass),
                                                  minCoverage: minCoverage, box: box)
        let result = try orExit(1) { try ScenarioDiscovery.run(directory: dir, settings: settings) }
        let target = out.map { URL(fileURLWithPath: $0) } ?? dir.appendingPathComponent("discover")
        try orExit(2) {
            try ScenarioDiscovery.write(result, to: target)
            let page = try Linli.Report.build([target])
            try AtomicFile.write(page.html, to: target.appendingPathComponent("report.html"))
        }
        // Paths as the user gave them.
        let shown = out ?? (directory.hasSuffix("/") ? directory : directory + "/") + "discover"
        if quiet { print(shown); return }
        let interest = Int(result.y.reduce(0, +))
        print("\(interest) of \(result.y.count) design points satisfy \(result.expression)")
        print("wrote \(shown)/\(ScenarioDiscovery.boxesFile) (\(result.steps.count) boxes), report.html")
        guard let c = result.chosen else {
            print("no box reaches coverage \(formatCell(minCoverage)); lower --min-coverage or choose one with --box")
            return
        }
        let s = result.steps[c]
        print("chosen box \(c): coverage \(formatCell(s.coverage)), density \(formatCell(s.density)), mass \(formatCell(s.mass))")
        for d in s.restricted {
            let f = result.factors[d]
            if let levels = s.box.levels[d] {
                print("  \(f) in {\(levels.sorted().map(formatCell).joined(separator: ", "))}")
            } else {
                print("  \(formatCell(s.box.lower[d])) <= \(f) <= \(formatCell(s.box.upper[d]))   (sweep range \(formatCell(result.steps[0].box.lower[d]))…\(formatCell(result.steps[0].box.upper[d])))")
            }
        }
    }
}
