import Foundation
import Linli
import Synchronization

/// The studio's runs: at most `slots` at once, the rest waiting in order up
/// to `limit` (then new requests get 429). Each run executes on its own
/// thread through `RunExecution`, the code `linli run` uses, into a fresh
/// directory under `--results`; its progress is a counter the worker threads
/// bump and the event stream reads.
actor RunQueue {
    enum State: String, Sendable { case queued, running, done, failed, cancelled }

    /// Replicate-days done, written by worker threads, read by the event stream.
    final class Progress: Sendable {
        let done = Atomic<Int>(0)
        let total: Int
        init(total: Int) { self.total = total }
    }

    struct Entry: Sendable {
        let id: String
        let directory: URL
        let scenario: Scenario
        let yaml: String
        var state: State = .queued
        let progress: Progress
        let cancel = CancelFlag()
        let submitted = Date()
        var started: Date?
        var finished: Date?
        var message: String?
    }

    struct Snapshot: Sendable {
        var id: String
        var name: String
        var state: State
        var done: Int
        var total: Int
        var elapsed: Double
        /// Seconds left at the rate so far; nil until some progress.
        var eta: Double?
        var message: String?
        var fraction: Double { total > 0 ? min(1, Double(done) / Double(total)) : 0 }
    }

    struct Full: Error {}

    let resultsRoot: URL
    let slots: Int
    let limit: Int
    let coresPerRun: Int
    private var entries: [String: Entry] = [:]
    private var order: [String] = []

    init(resultsRoot: URL, slots: Int, limit: Int, cores: Int = Runner.defaultJobs) {
        self.resultsRoot = resultsRoot
        self.slots = max(1, slots)
        self.limit = max(0, limit)
        coresPerRun = max(1, cores / max(1, slots))
    }

    var waiting: Int { entries.values.filter { $0.state == .queued }.count }
    var running: Int { entries.values.filter { $0.state == .running }.count }

    /// Queues a validated scenario; its directory is made now (holding only
    /// `scenario.yaml`, so it never looks like a finished run).
    func submit(_ scenario: Scenario, yaml: String) throws -> String {
        if running >= slots, waiting >= limit { throw Full() }
        let id = try Self.newDirectoryName(for: scenario.name, in: resultsRoot)
        let dir = resultsRoot.appendingPathComponent(id)
        try OutputLock.claim(dir)
        try AtomicFile.write(yaml, to: dir.appendingPathComponent(RunHistory.scenarioFile))
        entries[id] = Entry(id: id, directory: dir, scenario: scenario, yaml: yaml,
                            progress: Progress(total: max(1, RunExecution.totalDays(scenario))))
        order.append(id)
        startWaiting()
        return id
    }

    /// How a run uses its share of the cores (replicates first, then threads
    /// over streets), as `linli run` splits all of them; the memory check
    /// before queueing uses the same split.
    static func split(_ sc: Scenario, cores: Int) -> CoreSplit {
        CoreSplit.choose(cores: cores, replicates: sc.precision?.batch ?? sc.replicates,
                         streets: Set(sc.communities.map(\.street)).count, jobs: nil, threads: nil)
    }

    /// `<name>-<yyyyMMdd-HHmmss>-<4 hex>`, made of plain characters and not yet used.
    static func newDirectoryName(for name: String, in root: URL) throws -> String {
        let plain = String(name.unicodeScalars.map { s -> Character in
            SafePath.isPlainName(String(s)) ? Character(s) : "-"
        }.prefix(60))
        let stem = plain.isEmpty || plain.first == "." ? "run" : plain
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMdd-HHmmss"
        let stamp = f.string(from: Date())
        for _ in 0..<100 {
            let id = "\(stem)-\(stamp)-\(String(format: "%04x", UInt16.random(in: 0...UInt16.max)))"
            if !FileManager.default.fileExists(atPath: root.appendingPathComponent(id).path) { return id }
        }
        throw SafePath.Refused(name: stem)
    }

    func snapshot(_ id: String) -> Snapshot? {
        guard let e = entries[id] else { return nil }
        let done = e.progress.done.load(ordering: .relaxed)
        let elapsed = e.started.map { (e.finished ?? Date()).timeIntervalSince($0) } ?? 0
        var eta: Double?
        if e.state == .running, done > 0 { eta = elapsed * Double(e.progress.total - done) / Double(done) }
        if e.state == .done { eta = 0 }
        return Snapshot(id: id, name: e.scenario.name, state: e.state, done: e.state == .done ? e.progress.total : done,
                        total: e.progress.total, elapsed: elapsed, eta: eta, message: e.message)
    }

    /// Runs this studio knows, newest first.
    func all() -> [Snapshot] { order.reversed().compactMap { snapshot($0) } }

    /// Cancels a queued or running run; returns false for an unknown or finished one.
    @discardableResult
    func cancel(_ id: String) -> Bool {
        guard var e = entries[id] else { return false }
        switch e.state {
        case .queued:
            e.state = .cancelled
            e.finished = Date()
            e.message = "cancelled before it started"
            entries[id] = e
            Self.removeUnfinished(e.directory)
            OutputLock.release(e.directory)
            return true
        case .running:
            e.cancel.cancel()
            return true
        default:
            return false
        }
    }

    /// Waits until the run is no longer queued or running (tests). A finished
    /// run is forgotten (`snapshot` is then nil: read its directory).
    func wait(_ id: String) async {
        while let s = snapshot(id), s.state == .queued || s.state == .running {
            try? await Task.sleep(nanoseconds: 50_000_000)
        }
    }

    private func startWaiting() {
        while running < slots, let id = order.first(where: { entries[$0]?.state == .queued }) {
            guard var e = entries[id] else { break }
            e.state = .running
            e.started = Date()
            entries[id] = e
            let split = Self.split(e.scenario, cores: coresPerRun)
            let entry = e
            let thread = Thread { [weak self] in
                let outcome: (State, String?)
                do {
                    let progress = entry.progress
                    _ = try RunExecution.execute(entry.scenario, to: entry.directory, split: split, version: LinliVersion.current,
                                                 progress: { done in progress.done.store(done, ordering: .relaxed) },
                                                 cancel: entry.cancel)
                    outcome = (.done, nil)
                } catch is RunCancelled {
                    Self.removeUnfinished(entry.directory)
                    outcome = (.cancelled, "cancelled; nothing was kept")
                } catch {
                    outcome = (.failed, "\(error)")
                }
                guard let self else { return }
                Task { await self.finish(id, outcome.0, message: outcome.1) }
            }
            thread.name = "linli-studio-run"
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    private func finish(_ id: String, _ state: State, message: String?) {
        guard var e = entries[id] else { return }
        OutputLock.release(e.directory)
        if state == .done {
            // A finished run lives on disk (its page, history and events read
            // it there); forgetting it keeps a long-lived server's memory flat.
            entries[id] = nil
            order.removeAll { $0 == id }
        } else {
            e.state = state
            e.finished = Date()
            e.message = message
            entries[id] = e
        }
        startWaiting()
    }

    /// Removes a run directory that holds no finished run (no manifest): a
    /// cancelled run leaves nothing behind that could be taken for results.
    static func removeUnfinished(_ dir: URL) {
        let fm = FileManager.default
        guard !fm.fileExists(atPath: dir.appendingPathComponent(RunOutput.manifestFile).path) else { return }
        try? fm.removeItem(at: dir)
    }
}
