import Foundation

/// A progress bar with ETA on a terminal; silent when stderr is not a TTY
/// (logs and CI stay clean) or when disabled by --quiet. With a `unit`
/// ("runs") it also shows the count done and the rate per second.
final class ProgressBar: @unchecked Sendable {
    private let total: Int
    private let unit: String?
    private let tty: Bool
    private let enabled: Bool
    private let start = Date()
    private var lastDraw = Date.distantPast
    private let lock = NSLock()

    init(total: Int, enabled: Bool, unit: String? = nil) {
        self.total = max(total, 1)
        self.unit = unit
        self.enabled = enabled
        tty = isatty(STDERR_FILENO) != 0
    }

    func note(_ s: String) { if enabled { printError(s) } }

    func update(_ done: Int) {
        guard enabled, tty else { return }
        lock.lock(); defer { lock.unlock() }
        let now = Date()
        guard now.timeIntervalSince(lastDraw) > 0.1 || done == total else { return }
        lastDraw = now
        let f = Double(done) / Double(total)
        let elapsed = now.timeIntervalSince(start)
        let eta = f > 0 ? elapsed * (1 - f) / f : 0
        let width = 30
        let filled = Int(f * Double(width))
        let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
        var counts = ""
        if let unit {
            let rate = elapsed > 0 ? Double(done) / elapsed : 0
            counts = String(format: "  %d/%d %@, %.3g %@/s", done, total, unit, rate, unit)
        }
        let line = String(format: "\r[%@] %3.0f%%%@  ETA %@ ", bar, f * 100, counts, Self.clock(eta))
        FileHandle.standardError.write(line.data(using: .utf8)!)
    }

    func finish() {
        guard enabled, tty else { return }
        FileHandle.standardError.write("\r\u{1B}[K".data(using: .utf8)!)
    }

    static func clock(_ s: Double) -> String {
        let t = Int(s.rounded())
        return String(format: "%02d:%02d:%02d", t / 3600, (t / 60) % 60, t % 60)
    }
}
