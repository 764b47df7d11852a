import ArgumentParser
import Linli

/// Runs `body`; if it throws, prints the error on stderr (a scenario's or
/// sweep's problems one per line as `FILE:LINE:COLUMN: message`, anything else
/// as `error: …`) and exits with `status(error)`.
func orExit<T>(_ status: (Error) -> Int32, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let e as ScenarioErrors {
        printError(e.description)
        throw ExitCode(status(e))
    } catch {
        printError("error: \(error)")
        throw ExitCode(status(error))
    }
}

/// `orExit` with one exit status for every error.
func orExit<T>(_ status: Int32, _ body: () throws -> T) throws -> T {
    try orExit({ _ in status }, body)
}

/// Refuses (exit 1, with the estimate and what to change) a run estimated
/// to need more memory than `maxMemory` or, by default, than is available.
func checkMemory(_ estimate: MemoryEstimate, maxMemory: String?) throws {
    guard let limit = maxMemory.flatMap(MemoryEstimate.parseSize) ?? MemoryEstimate.available(),
          let why = estimate.refusal(limit: limit) else { return }
    printError("error: " + why)
    throw ExitCode(1)
}
