import ArgumentParser
import Foundation
import Linli
import LinliStudio

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start the studio: a local web page to pick a case, switch levers, run, watch progress and compare runs.",
        discussion: """
        Example:
          linli serve                     # then open http://127.0.0.1:8080/
          linli serve --port 9000 --results results --scenarios scenarios --jobs 2
        It listens on 127.0.0.1 only, unless --host says otherwise; then every request must
        carry an access token (--token, or a random one printed at start). Runs go into
        --results as the same files `linli run` writes (plus scenario.yaml); the page lists
        them with any CLI runs there. Stop it with Ctrl-C.
        """
    )

    @Option(help: "Address to listen on (127.0.0.1: this machine only).") var host = "127.0.0.1"
    @Option(help: "Port (0: any free port).") var port = 8080
    @Option(help: "Folder of runs (created if missing).") var results = "results"
    @Option(help: "Folder of cases (scenario YAML files).") var scenarios = "scenarios"
    @Option(help: "Runs at once (the others wait in order).") var jobs = 1
    @Option(help: "Access token every request must carry (required off 127.0.0.1; default there: a random one, printed).") var token: String?
    @Option(help: "Runs that may wait; more requests get 429.") var queue = 8

    func validate() throws {
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if !(0...65535).contains(port) { throw ValidationError("--port must be in 0...65535") }
        if queue < 0 { throw ValidationError("--queue must be at least 0") }
        if let token, token.count < 16 || !token.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) {
            throw ValidationError("--token must be at least 16 letters, digits, - or _")
        }
    }

    /// The root command stays synchronous (its `main` installs linli's signal
    /// handling first); the server runs as a task while this thread waits.
    func run() throws {
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        let command = self
        Task.detached {
            do { try await command.serve() } catch { outcome.error = error }
            done.signal()
        }
        done.wait()
        if let error = outcome.error { throw error }
    }

    private final class Outcome: @unchecked Sendable { var error: (any Error)? }

    func serve() async throws {
        let resultsURL = URL(fileURLWithPath: results)
        let scenariosURL = URL(fileURLWithPath: scenarios)
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: scenariosURL.path, isDirectory: &isDir), isDir.boolValue else {
            printError("error: --scenarios \(scenarios) is not a folder")
            throw ExitCode(1)
        }
        try FileManager.default.createDirectory(at: resultsURL, withIntermediateDirectories: true)
        let config = Studio.prepared(Studio.Configuration(host: host, port: port, results: resultsURL, scenarios: scenariosURL,
                                                          jobs: jobs, token: token, queueLimit: queue))
        let host = self.host
        // Written unbuffered, so the URL line reaches a pipe (a test, a script) at once.
        @Sendable func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
        let app = Studio.application(config) { port in
            say("linli studio: \(Studio.url(host: host, port: port, token: config.token))")
            if config.isLoopback {
                say("listening on \(host) only: this machine can connect, no other can")
            } else {
                say("listening on \(host): every request must carry the token above (it is in the URL; keep it private)")
            }
            say("cases: \(scenariosURL.path)  runs: \(resultsURL.path)  (Ctrl-C stops)")
        }
        // Ctrl-C and SIGTERM go to linli's own handler (Interruption): it removes
        // the temporary files of runs in flight and exits; the service
        // lifecycle must not take the signals over.
        try await app.runService(gracefulShutdownSignals: [])
    }
}
