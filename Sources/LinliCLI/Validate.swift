import ArgumentParser
import Linli

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check scenario files; print 'ok' per valid file or every error as FILE:LINE:COLUMN: message.",
        discussion: "Example:\n  linli validate scenarios/baseline.yaml scenarios/levers-demo.yaml"
    )
    @Argument(help: "Scenario YAML files.") var scenarios: [String]

    func run() throws {
        var failed = false
        for path in scenarios {
            do {
                let sc = try ScenarioLoader.load(path: path)
                var note = ""
                if let g = sc.generation {
                    let streets = g.districts.reduce(0) { $0 + $1.streets.count }
                    note = " (\(sc.communities.count) communities, \(g.communityCount) of them generated in \(g.districts.count) \(g.districts.count == 1 ? "district" : "districts") and \(streets) \(streets == 1 ? "street" : "streets"); about \(Int(MemoryEstimate.residents(of: sc).rounded())) residents)"
                }
                print("\(path): ok\(note)")
            } catch let e as ScenarioErrors {
                printError(e.description)
                failed = true
            }
        }
        if failed { throw ExitCode(1) }
    }
}
