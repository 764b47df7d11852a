import ArgumentParser
import Foundation
import Linli

@main
struct LinliCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "linli",
        abstract: "Agent-based simulation of residents taking part in governing their community.",
        discussion: """
        Examples:
          linli run scenarios/baseline.yaml
          linli validate scenarios/*.yaml
          linli params --format csv
          linli sweep scenarios/sweeps/factorial.yaml --jobs 2
          linli sensitivity results/saltelli
          linli discover results/discover-levers --where "participation_rate_final >= 0.08"
          linli calibrate scenarios/calibration/seed-figures.yaml --jobs 2
          linli meanfield scenarios/meanfield.yaml --replicates 10
          linli rank scenarios/levers-demo.yaml --replicates 20
          linli report results/baseline results/levers-demo
          linli serve
        """,
        version: LinliVersion.current,
        subcommands: [Run.self, RankCommand.self, Validate.self, Params.self, SweepCommand.self, MergeCommand.self, SensitivityCommand.self, CalibrateCommand.self, MeanFieldCommand.self, Report.self, DiscoverCommand.self, Serve.self]
    )

    /// Signals first (every thread inherits the mask), then the commands.
    /// SIGXFSZ is ignored so a file-size limit (`ulimit -f`) fails the write
    /// with EFBIG, reported with the file's name, instead of killing linli.
    static func main() {
        Interruption.install()
        signal(SIGXFSZ, SIG_IGN)
        main(nil)
    }
}
