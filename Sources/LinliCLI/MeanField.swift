import ArgumentParser
import Foundation
import Linli

struct MeanFieldCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "meanfield",
        abstract: "Compare the ABM's participation core with its mean-field ODE (GSL odeiv2) on a scenario.",
        discussion: """
        Example:
          linli meanfield scenarios/meanfield.yaml --replicates 20 --jobs 2 --csv meanfield.csv
        The ODE covers one community without levers, problems (issue_rate_factor 0), talents
        (talent_share 0) or visits (staff_per_1000 0); other scenarios are refused with the reason.
        What the ODE leaves out (household turnover; the tie network unless ties.well_mixed=true) is
        printed. Prints both curves at a few days and the largest gap per curve. Exit status: 0 on
        success, 1 when the scenario is invalid or not covered, 2 when the CSV cannot be written.
        """
    )

    @Argument(help: "Scenario YAML file.") var scenario: String
    @Option(help: "Replicates of the ABM (overrides the scenario).") var replicates: Int?
    @Option(help: "Days (overrides the scenario).") var days: Int?
    @Option(help: "Seed (overrides the scenario).") var seed: UInt64?
    @Option(help: "Replicates run in parallel (default: all cores).") var jobs: Int?
    @Option(help: "Write the full curves (ODE, ABM mean and 95% CI per day) to this CSV file.") var csv: String?
    @Option(help: ArgumentHelp("Gauss–Jacobi nodes of the Beta draws θ, μ, b, τ in the ODE (more: finer quadrature, slower).", valueName: "T,M,B,R"))
    var nodes: String = "24,4,3,3"
    @Option(name: .customLong("set"), help: ArgumentHelp("Override a parameter, e.g. --set ties.well_mixed=true (repeatable).", valueName: "KEY=VALUE"))
    var sets: [String] = []

    func validate() throws {
        if let r = replicates, r < 2 { throw ValidationError("--replicates must be at least 2 (the ABM's 95% CI needs two)") }
        if let d = days, d < 1 { throw ValidationError("--days must be at least 1") }
        if let j = jobs, j < 1 { throw ValidationError("--jobs must be at least 1") }
        _ = try parsedNodes()
    }

    private func parsedNodes() throws -> MeanFieldModel.Nodes {
        let n = nodes.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard n.count == 4, n.allSatisfy({ ($0 ?? 0) >= 1 && ($0 ?? 0) <= 64 }) else {
            throw ValidationError("--nodes expects four whole numbers 1-64 (θ, μ, b, τ), e.g. 24,4,3,3; found \(nodes)")
        }
        return .init(theta: n[0]!, motivation: n[1]!, belonging: n[2]!, trust: n[3]!)
    }

    func run() throws {
        var sc: Scenario
        do {
            sc = try ScenarioLoader.load(path: scenario)
            try ScenarioLoader.applySets(sets, to: &sc)
        } catch let e as ScenarioErrors {
            printError(e.description)
            throw ExitCode(1)
        }
        if let replicates { sc.replicates = replicates }
        if let days { sc.days = days }
        if let seed { sc.seed = seed }
        if sc.replicates < 2 { sc.replicates = 2 }
        let cover = MeanFieldCheck.coverage(sc)
        guard cover.covered else {
            printError("error: \(scenario): the mean-field ODE does not cover this scenario:")
            for r in cover.refusals { printError("  - \(r)") }
            throw ExitCode(1)
        }
        let jobs = self.jobs ?? Runner.defaultJobs
        let start = Date()
        let c = MeanFieldCheck.compare(sc, jobs: jobs, nodes: try parsedNodes())
        print("linli meanfield: \(sc.name), \(c.residents) residents, \(sc.replicates) replicates × \(sc.days) days, \(jobs) jobs (\(String(format: "%.1f", Date().timeIntervalSince(start))) s)")
        for note in cover.ignored { print("ignored: \(note)") }
        let names = MeanFieldModel.Curves.names
        let shown = Array(Set([0, 7, 30, 60, 90, 180, 365, 730, sc.days - 1].filter { $0 < sc.days })).sorted()
        for (v, name) in names.enumerated() {
            print("\n\(name)")
            print("   day        ODE   ABM mean   ABM 95% CI")
            for d in shown {
                let s = c.abm[v][d]
                print(String(format: "%6d %10.4f %10.4f   [%.4f, %.4f]", d, c.ode.values[v][d], s.mean, s.ciLow, s.ciHigh))
            }
            let g = c.largestGap(v)
            print(String(format: "largest gap |ABM mean − ODE| = %.4f on day %d; beyond the ABM's 95%% CI: %.4f", g.gap, g.day, c.largestGapBeyondCI(v)))
        }
        if let csv {
            let url = URL(fileURLWithPath: csv)
            do {
                try AtomicFile.write(MeanFieldCheck.csv(c), to: url)
            } catch {
                printError("error: could not write \(url.path): \(error)")
                throw ExitCode(2)
            }
            print("\ncurves: \(url.path)")
        }
    }
}
