import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What `linli` does on SIGINT (Ctrl-C) and SIGTERM (Slurm preemption, `kill`):
/// stop at once, remove the temporary files of writes in flight, say what was
/// kept, and exit 128 + signal (130, 143) like a shell would report it. A
/// dedicated thread waits for the signals (blocked in every other thread), so
/// it answers within milliseconds however busy the workers are, and the
/// clean-up runs outside a signal handler. Completed files are whole (written
/// atomically); run logs keep every line already appended, so `--resume`
/// continues.
public enum Interruption {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var temporaries: Set<String> = []
    nonisolated(unsafe) private static var note: String?
    nonisolated(unsafe) private static var installed = false

    /// Blocks SIGINT and SIGTERM in the calling thread (call first thing in
    /// `main`, so every later thread inherits the mask) and starts the waiter.
    public static func install() {
        lock.lock(); defer { lock.unlock() }
        guard !installed else { return }
        installed = true
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &set, nil)
        let waiter = Thread {
            var set = sigset_t()
            sigemptyset(&set)
            sigaddset(&set, SIGINT)
            sigaddset(&set, SIGTERM)
            var sig: Int32 = 0
            while sigwait(&set, &sig) != 0 {}
            stop(signal: sig)
        }
        waiter.name = "linli-signals"
        waiter.start()
    }

    /// The line printed on interruption (e.g. how to resume); nil for the default.
    public static func setNote(_ text: String?) {
        lock.lock(); note = text; lock.unlock()
    }

    static func register(temporary path: String) {
        lock.lock(); temporaries.insert(path); lock.unlock()
    }

    static func unregister(temporary path: String) {
        lock.lock(); temporaries.remove(path); lock.unlock()
    }

    private static func stop(signal sig: Int32) -> Never {
        lock.lock()  // held until exit: no new temporary file can be registered and missed
        for path in temporaries { _ = unlink(path) }
        let name = sig == SIGINT ? "SIGINT" : "SIGTERM"
        let message = "\ninterrupted (\(name)): stopped; files already complete are kept, partial ones removed"
            + (note.map { "; " + $0 } ?? "") + "\n"
        _ = message.withCString { write(2, $0, strlen($0)) }
        _exit(128 + sig)
    }
}
