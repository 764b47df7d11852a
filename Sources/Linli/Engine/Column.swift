/// A fixed-length column of one resident attribute: struct-of-arrays storage
/// for a parallel day loop.
///
/// Unlike `ContiguousArray`, a column never copies on write and its elements
/// are written through a `nonmutating` subscript, so one column can be shared
/// by the worker threads of a `WorkerPool`. The contract: during a parallel
/// pass each element is written by at most one thread, and an element written
/// in a pass is read by other threads only after the pass returns. Reads and
/// writes are unchecked in release builds (checked in debug builds).
public struct Column<Element>: @unchecked Sendable {
    @usableFromInline final class Storage {
        let base: UnsafeMutablePointer<Element>
        let count: Int
        init(count: Int, repeating value: Element) {
            base = .allocate(capacity: Swift.max(count, 1))
            base.initialize(repeating: value, count: count)
            self.count = count
        }
        deinit {
            base.deinitialize(count: count)
            base.deallocate()
        }
    }

    @usableFromInline let storage: Storage
    /// First element; valid while this column (or a copy of it) is alive.
    public let base: UnsafeMutablePointer<Element>
    public let count: Int

    public init(repeating value: Element, count: Int) {
        precondition(count >= 0, "negative column length")
        storage = Storage(count: count, repeating: value)
        base = storage.base
        self.count = count
    }

    /// A column holding `values` in order.
    public init<C: Collection>(_ values: C) where C.Element == Element {
        precondition(!values.isEmpty, "use init(repeating:count:) for an empty column")
        self.init(repeating: values.first!, count: values.count)
        var k = 0
        for v in values { base[k] = v; k += 1 }
    }

    @inlinable @inline(__always)
    public subscript(i: Int) -> Element {
        get { assert(i >= 0 && i < count, "column index out of range"); return base[i] }
        nonmutating set { assert(i >= 0 && i < count, "column index out of range"); base[i] = newValue }
    }

    /// The elements as a buffer (for SIMD-friendly loops and library calls).
    @inlinable public var buffer: UnsafeMutableBufferPointer<Element> { .init(start: base, count: count) }

    /// Sets every element to `value`.
    public func fill(_ value: Element) { base.update(repeating: value, count: count) }

    /// Bytes held by the column (for memory reports).
    public var bytes: Int { count * MemoryLayout<Element>.stride }
}

extension Column: Sequence {
    public func makeIterator() -> UnsafeMutableBufferPointer<Element>.Iterator { buffer.makeIterator() }
}

/// Packed boolean flags, one bit a resident: an eighth of a `Bool` column, so
/// random reads of a neighbour's flag (the social-pull scan) stay in cache at
/// a million residents.
///
/// Threads may write flags concurrently only into distinct 64-flag words:
/// give each chunk of a parallel pass a range starting at a multiple of 64
/// (see `ChunkPlan`) and write whole words through `words`.
public struct BitColumn: @unchecked Sendable {
    public let words: Column<UInt64>
    public let count: Int

    public init(count: Int) {
        self.count = count
        words = Column(repeating: 0, count: (count + 63) >> 6)
    }

    @inlinable @inline(__always)
    public subscript(i: Int) -> Bool {
        get { (words[i &>> 6] &>> UInt64(i & 63)) & 1 != 0 }
        nonmutating set {
            let w = i &>> 6, bit = UInt64(1) &<< UInt64(i & 63)
            words[w] = newValue ? words[w] | bit : words[w] & ~bit
        }
    }

    /// 1 when flag i is set, else 0 (branch-free, for counting).
    @inlinable @inline(__always)
    public func bit(_ i: Int) -> Int { Int(truncatingIfNeeded: (words[i &>> 6] &>> UInt64(i & 63)) & 1) }

    /// Number of set flags.
    public func popcount() -> Int {
        var n = 0
        for k in 0..<words.count { n &+= words[k].nonzeroBitCount }
        return n
    }

    /// Clears every flag.
    public func clear() { words.fill(0) }

    /// Exchanges the storage of two equally long columns (double buffering:
    /// yesterday's flags become today's scratch).
    public static func swap(_ a: inout BitColumn, _ b: inout BitColumn) {
        precondition(a.count == b.count)
        Swift.swap(&a, &b)
    }
}
