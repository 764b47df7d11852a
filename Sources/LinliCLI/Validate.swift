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
                _ = try ScenarioLoader.load(path: path)
                print("\(path): ok")
            } catch let e as ScenarioErrors {
                printError(e.description)
                failed = true
            }
        }
        if failed { throw ExitCode(1) }
    }
}
