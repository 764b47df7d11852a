import ArgumentParser
import Linli

struct Params: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List every model parameter with its default, unit, range, meaning and source.",
        discussion: "Example:\n  linli params --format csv > params.csv"
    )
    enum Format: String, ExpressibleByArgument { case markdown, csv }
    @Option(help: "markdown or csv.") var format: Format = .markdown

    func run() {
        print(ParameterTable.render(format == .csv ? .csv : .markdown))
    }
}
