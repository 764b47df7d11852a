import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An output directory claimed by this process before any work starts: it
/// exists (created if missing), is a writable directory, and no other `linli`
/// is writing into it. The claim is an exclusive `flock` on the directory
/// itself, so nothing is left behind and the kernel releases it when the
/// process ends, however it ends (SIGKILL, preemption, a crash); a second
/// run into the same directory is refused at once with the first one's pid
/// instead of the two interleaving their files. Checking before the run
/// also means a bad `--out` costs seconds, not a night of simulation.
public enum OutputLock {
    public struct Refusal: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    nonisolated(unsafe) private static var held: [String: Int32] = [:]
    private static let lock = NSLock()

    /// Claims `directory` for this process (a no-op if already claimed by it).
    public static func claim(_ directory: URL) throws {
        let path = directory.standardizedFileURL.path
        lock.lock(); defer { lock.unlock() }
        if held[path] != nil { return }
        do {
            try AtomicFile.makeDirectories(path, for: path)
        } catch let e as AtomicFileError {
            throw Refusal(description: "cannot use \(path) as the output directory: \(String(cString: strerror(e.code)))")
        }
        guard access(path, W_OK | X_OK) == 0 else {
            throw Refusal(description: "cannot use \(path) as the output directory: \(String(cString: strerror(errno)))")
        }
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else {
            throw Refusal(description: "cannot use \(path) as the output directory: \(String(cString: strerror(errno)))")
        }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            if code == EWOULDBLOCK {
                var st = stat()
                let holder = fstat(fd, &st) == 0 ? holderPID(inode: UInt64(st.st_ino)) : nil
                close(fd)
                throw Refusal(description: "\(path) is being written by another linli\(holder.map { " (pid \($0))" } ?? ""); wait for it to finish, stop it, or choose another --out")
            }
            // File systems without flock (some network mounts): carry on unguarded.
        }
        held[path] = fd
    }

    /// Gives up the claim on `directory` (a no-op if this process holds none):
    /// a long-lived process such as `linli serve` releases each run's
    /// directory when the run ends, instead of holding one descriptor per run.
    public static func release(_ directory: URL) {
        let path = directory.standardizedFileURL.path
        lock.lock(); defer { lock.unlock() }
        guard let fd = held.removeValue(forKey: path) else { return }
        close(fd)
    }

    /// The pid holding a flock on the inode, from /proc/locks (Linux), if any.
    static func holderPID(inode: UInt64) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/locks", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") {
            // "1: FLOCK  ADVISORY  WRITE 12345 08:01:1234567 0 EOF"
            let f = line.split(separator: " ", omittingEmptySubsequences: true)
            guard f.count >= 6, f[1] == "FLOCK", let pid = Int(f[4]) else { continue }
            if let ino = f[5].split(separator: ":").last, UInt64(ino) == inode, pid != Int(getpid()) { return pid }
        }
        return nil
    }
}
