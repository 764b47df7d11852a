import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A failed file-system call while writing output.
public struct AtomicFileError: Error, CustomStringConvertible, Sendable {
    public let operation: String
    public let path: String
    public let code: Int32

    public var description: String {
        "\(operation) \(path): \(String(cString: strerror(code)))"
    }
}

/// Whole-file writes that never leave a half-written target: the bytes go to
/// a temporary file (`.<name>.<pid>.<n>.tmp`) in the target's directory, are
/// fsynced, and are then renamed over the target. On any error the temporary
/// file is removed and the target keeps its old content (or stays absent).
public enum AtomicFile {
    /// Writes `bytes` to `url` atomically, creating the directory if missing.
    public static func write(_ bytes: [UInt8], to url: URL) throws {
        try stream(to: url) { w in try w.write(bytes: bytes) }
    }

    /// Writes `data` to `url` atomically.
    public static func write(_ data: Data, to url: URL) throws {
        try write([UInt8](data), to: url)
    }

    /// Writes `text` (UTF-8) to `url` atomically.
    public static func write(_ text: String, to url: URL) throws {
        try write(Array(text.utf8), to: url)
    }

    /// Streams a large file: `body` appends through a buffered writer (flushed in
    /// chunks of `chunkSize` bytes); when it returns the file is flushed, fsynced
    /// and renamed over `url`. If `body` (or any write) throws, the temporary file
    /// is removed and the error rethrown.
    public static func stream(to url: URL, chunkSize: Int = BufferedWriter.defaultChunkSize,
                              _ body: (inout BufferedWriter) throws -> Void) throws {
        let target = url.standardizedFileURL
        let tempPath = try writeTemporary(for: target, chunkSize: chunkSize, body)
        guard rename(tempPath, target.path) == 0 else {
            let code = errno
            _ = unlink(tempPath)
            Interruption.unregister(temporary: tempPath)
            throw AtomicFileError(operation: "rename", path: target.path, code: code)
        }
        Interruption.unregister(temporary: tempPath)
        syncDirectory(target.deletingLastPathComponent().path)
    }

    /// `mkdir -p path`; a failure names `file` (what was to be written) and the cause
    /// (e.g. "Not a directory" when `--out` is an existing file).
    public static func makeDirectories(_ path: String, for file: String) throws {
        var current = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            current += "/" + part
            if mkdir(current, 0o755) != 0 {
                let code = errno
                var st = stat()
                if code == EEXIST, stat(current, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR { continue }
                throw AtomicFileError(operation: "create the directory \(current) for", path: file, code: code == EEXIST ? ENOTDIR : code)
            }
        }
    }

    /// Writes `body`'s bytes to a fsynced temporary file beside `target` and
    /// returns its path; on any error removes it and throws an error that
    /// names `target` (the file the user asked for, not the temporary).
    static func writeTemporary(for target: URL, chunkSize: Int = BufferedWriter.defaultChunkSize,
                               _ body: (inout BufferedWriter) throws -> Void) throws -> String {
        let directory = target.deletingLastPathComponent()
        try makeDirectories(directory.path, for: target.path)
        let tempPath = directory.appendingPathComponent(temporaryName(for: target.lastPathComponent)).path
        let fd = open(tempPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw AtomicFileError(operation: "create", path: target.path, code: errno) }
        Interruption.register(temporary: tempPath)
        var writer = BufferedWriter(fd: fd, path: target.path, chunkSize: chunkSize)
        var closed = false
        do {
            try body(&writer)
            try writer.flush()
            guard fsync(fd) == 0 else { throw AtomicFileError(operation: "fsync", path: target.path, code: errno) }
            closed = true
            guard close(fd) == 0 else { throw AtomicFileError(operation: "close", path: target.path, code: errno) }
        } catch {
            if !closed { _ = close(fd) }
            _ = unlink(tempPath)
            Interruption.unregister(temporary: tempPath)
            throw error
        }
        return tempPath
    }

    /// Several files that appear together or not at all (as far as a file
    /// system allows): each is written to a fsynced temporary first; only
    /// when every one is written are they renamed into place, `marker` (the
    /// file whose presence says "complete", e.g. a manifest) removed before
    /// the first rename and renamed last. A failure while writing (a full
    /// disk, a file-size limit) leaves the directory exactly as it was.
    public struct Batch {
        private var staged: [(temp: String, target: URL)] = []
        public init() {}

        public mutating func stage(to url: URL, _ body: (inout BufferedWriter) throws -> Void) throws {
            let target = url.standardizedFileURL
            do {
                staged.append((try AtomicFile.writeTemporary(for: target, body), target))
            } catch {
                discard()
                throw error
            }
        }

        public mutating func stage(_ text: String, to url: URL) throws {
            try stage(to: url) { w in try w.write(text) }
        }

        public mutating func stage(_ data: Data, to url: URL) throws {
            try stage(to: url) { w in try w.write(bytes: [UInt8](data)) }
        }

        /// Renames every staged file into place in staging order.
        public mutating func commit(marker: URL? = nil) throws {
            if let m = marker?.standardizedFileURL { _ = unlink(m.path) }
            var directories: [String] = []
            for (i, f) in staged.enumerated() {
                guard rename(f.temp, f.target.path) == 0 else {
                    let code = errno
                    for rest in staged[i...] { _ = unlink(rest.temp); Interruption.unregister(temporary: rest.temp) }
                    staged = []
                    throw AtomicFileError(operation: "rename", path: f.target.path, code: code)
                }
                Interruption.unregister(temporary: f.temp)
                let d = f.target.deletingLastPathComponent().path
                if !directories.contains(d) { directories.append(d) }
            }
            staged = []
            for d in directories { AtomicFile.syncDirectory(d) }
        }

        /// Removes every staged temporary file.
        public mutating func discard() {
            for f in staged { _ = unlink(f.temp); Interruption.unregister(temporary: f.temp) }
            staged = []
        }
    }

    /// Best effort: makes the rename itself durable.
    static func syncDirectory(_ path: String) {
        let dfd = open(path, O_RDONLY | O_CLOEXEC)
        guard dfd >= 0 else { return }
        _ = fsync(dfd)
        _ = close(dfd)
    }

    private static let counter = Counter()

    static func temporaryName(for name: String) -> String {
        ".\(name).\(getpid()).\(counter.next()).tmp"
    }

    private final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func next() -> Int { lock.lock(); defer { lock.unlock() }; value += 1; return value }
    }
}

/// Appends bytes to an open file descriptor through an in-memory buffer that is
/// written out whenever it reaches `chunkSize` bytes (1 MiB by default), so a
/// large CSV costs one syscall per chunk rather than per row. Obtained from
/// `AtomicFile.stream`.
public struct BufferedWriter {
    public static let defaultChunkSize = 1 << 20

    private let fd: Int32
    private let path: String
    private let chunkSize: Int
    private var buffer: [UInt8]
    /// Bytes handed to the writer so far (flushed or not).
    public private(set) var bytesWritten = 0

    init(fd: Int32, path: String, chunkSize: Int) {
        self.fd = fd; self.path = path; self.chunkSize = max(1, chunkSize)
        buffer = []
        buffer.reserveCapacity(self.chunkSize)
    }

    /// Appends the UTF-8 bytes of `text`.
    public mutating func write(_ text: String) throws {
        var text = text
        try text.withUTF8 { try write(buffer: UnsafeRawBufferPointer($0)) }
    }

    /// Appends raw bytes.
    public mutating func write(bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write(buffer: $0) }
    }

    /// Appends one byte (e.g. `,` or `\n`).
    public mutating func write(byte: UInt8) throws {
        buffer.append(byte)
        bytesWritten += 1
        if buffer.count >= chunkSize { try flush() }
    }

    public mutating func write(buffer bytes: UnsafeRawBufferPointer) throws {
        bytesWritten += bytes.count
        buffer.append(contentsOf: bytes)
        if buffer.count >= chunkSize { try flush() }
    }

    /// Writes out everything buffered so far.
    public mutating func flush() throws {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBytes { try writeAll(fd, $0, path: path) }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Writes every byte of `raw` to `fd`, retrying short writes and EINTR.
func writeAll(_ fd: Int32, _ raw: UnsafeRawBufferPointer, path: String) throws {
    var offset = 0
    while offset < raw.count {
        let n = posixWrite(fd, raw.baseAddress! + offset, raw.count - offset)
        if n < 0 {
            if errno == EINTR { continue }
            throw AtomicFileError(operation: "write", path: path, code: errno)
        }
        offset += n
    }
}

/// `write(2)` on every platform Foundation builds on.
@inline(__always) func posixWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(fd, p, n)
    #elseif canImport(Musl)
    return Musl.write(fd, p, n)
    #else
    return Darwin.write(fd, p, n)
    #endif
}
