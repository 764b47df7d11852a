import Foundation
import HTTPTypes
import Hummingbird
import Linli

/// `linli serve`: the library behind a local web page. An analyst picks a
/// case, switches levers, runs it, watches its progress, and compares runs,
/// in a browser on their own machine; every run is a directory the CLI
/// reads, and every scenario the page makes downloads as YAML that
/// `linli run` reproduces.
public enum Studio {
    public struct Configuration: Sendable {
        public var host: String
        public var port: Int
        public var results: URL
        public var scenarios: URL
        /// Runs at once; the others wait in order.
        public var jobs: Int
        /// Required of every request when set (always set off loopback).
        public var token: String?
        /// Runs that may wait behind the running ones; more get 429.
        public var queueLimit: Int
        /// Largest request body (forms) in bytes; larger get 413.
        public var maxBodyBytes: Int
        /// Largest scenario YAML the editor may produce, in bytes.
        public var maxScenarioBytes: Int
        /// Memory a run may be estimated to need (default: what the machine has available).
        public var maxMemoryBytes: Double?
        /// Cores the runs share (default: all).
        public var cores: Int

        public init(host: String = "127.0.0.1", port: Int = 8080, results: URL, scenarios: URL, jobs: Int = 1,
                    token: String? = nil, queueLimit: Int = 8, maxBodyBytes: Int = 1 << 20, maxScenarioBytes: Int = 512 << 10,
                    maxMemoryBytes: Double? = nil, cores: Int = Runner.defaultJobs) {
            self.host = host; self.port = port; self.results = results; self.scenarios = scenarios
            self.jobs = max(1, jobs); self.token = token; self.queueLimit = queueLimit
            self.maxBodyBytes = maxBodyBytes; self.maxScenarioBytes = maxScenarioBytes
            self.maxMemoryBytes = maxMemoryBytes; self.cores = cores
        }

        /// True when only this machine can connect.
        public var isLoopback: Bool { Studio.isLoopback(host) }
    }

    public static func isLoopback(_ host: String) -> Bool {
        ["127.0.0.1", "localhost", "::1"].contains(host.lowercased()) || host.hasPrefix("127.")
    }

    /// The configuration as it will run: off loopback a token is required, so one is made if none was given.
    public static func prepared(_ config: Configuration) -> Configuration {
        var c = config
        if !c.isLoopback, c.token == nil { c.token = Access.randomHex(16) }
        return c
    }

    /// The router with every route (tests drive it through HummingbirdTesting).
    static func router(_ config: Configuration, queue: RunQueue) -> Router<StudioContext> {
        let router = Router(context: StudioContext.self)
        router.add(middleware: AccessMiddleware(access: Access(token: config.token, loopback: config.isLoopback, port: config.port)))
        Routes(config: config, queue: queue).register(on: router)
        return router
    }

    /// The HTTP application; `onRunning` gets the bound port (useful with port 0).
    public static func application(_ config: Configuration, onRunning: @escaping @Sendable (Int) async -> Void = { _ in })
        -> some ApplicationProtocol {
        let c = prepared(config)
        let queue = RunQueue(resultsRoot: c.results, slots: c.jobs, limit: c.queueLimit, cores: c.cores)
        return Application(router: router(c, queue: queue),
                           configuration: .init(address: .hostname(c.host, port: c.port), serverName: "linli-studio"),
                           onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? c.port) })
    }

    /// The address to open, with the token when there is one.
    public static func url(host: String, port: Int, token: String?) -> String {
        let h = host.contains(":") ? "[\(host)]" : host
        return "http://\(h):\(port)/" + (token.map { "?token=\($0)" } ?? "")
    }
}
