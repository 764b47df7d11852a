import Foundation

/// `body(0) … body(count − 1)` over `jobs` threads, results in index order.
/// Each index is one independent unit (a replicate) drawing only from its own
/// streams, so the result does not depend on `jobs` or on finishing order.
public func parallelMap<T: Sendable>(count: Int, jobs: Int, _ body: @Sendable (Int) -> T) -> [T] {
    let slots = IndexedSlots<T>(count: count)
    DispatchQueue.concurrentPerform(iterations: max(1, min(jobs, count))) { _ in
        while let i = slots.next() { slots.store(body(i), at: i) }
    }
    return slots.results()
}

/// The work queue (next index) and result slots of `parallelMap`'s threads.
private final class IndexedSlots<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [T?]
    private var nextIndex = 0
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func next() -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard nextIndex < slots.count else { return nil }
        defer { nextIndex += 1 }
        return nextIndex
    }
    func store(_ v: T, at i: Int) {
        lock.lock(); defer { lock.unlock() }
        slots[i] = v
    }
    func results() -> [T] { slots.map { $0! } }
}

/// A counter shared by worker threads (progress reports).
final class SharedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func increment() -> Int {
        lock.lock(); defer { lock.unlock() }
        value += 1
        return value
    }
}
