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
        let directory = target.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let tempPath = directory.appendingPathComponent(temporaryName(for: target.lastPathComponent)).path
        let fd = open(tempPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw AtomicFileError(operation: "open", path: tempPath, code: errno) }
        var writer = BufferedWriter(fd: fd, path: tempPath, chunkSize: chunkSize)
        var closed = false
        do {
            try body(&writer)
            try writer.flush()
            guard fsync(fd) == 0 else { throw AtomicFileError(operation: "fsync", path: tempPath, code: errno) }
            closed = true
            guard close(fd) == 0 else { throw AtomicFileError(operation: "close", path: tempPath, code: errno) }
            guard rename(tempPath, target.path) == 0 else {
                throw AtomicFileError(operation: "rename", path: target.path, code: errno)
            }
        } catch {
            if !closed { _ = close(fd) }
            _ = unlink(tempPath)
            throw error
        }
        syncDirectory(directory.path)
    }

    /// Best effort: makes the rename itself durable.
    private static func syncDirectory(_ path: String) {
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
