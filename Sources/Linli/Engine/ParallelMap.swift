import Foundation

/// `body(0) … body(count − 1)` over `jobs` threads, results in index order.
/// Each index is one independent unit (a replicate) drawing only from its own
/// streams, so the result does not depend on `jobs` or on finishing order.
///
/// The work runs on threads of its own (the caller's and `jobs − 1` new
/// ones), not on Dispatch's shared pool: on Linux that pool also runs Swift
/// concurrency's tasks, so replicates on it would starve an async server in
/// the same process (`linli serve`'s progress events and Cancel button)
/// until they finished.
public func parallelMap<T: Sendable>(count: Int, jobs: Int, _ body: @Sendable (Int) -> T) -> [T] {
    let slots = IndexedSlots<T>(count: count)
    onThreads(max(1, min(jobs, count))) {
        while let i = slots.next() { slots.store(body(i), at: i) }
    }
    return slots.results()
}

/// Runs `work` on `count` threads at once (the calling thread is one) and
/// returns when every one has finished.
func onThreads(_ count: Int, _ work: @Sendable () -> Void) {
    guard count > 1 else { work(); return }
    withoutActuallyEscaping(work) { work in
        // The threads reach the closure through a box that is emptied once
        // they have all finished: a `Thread` object may outlive its run, and
        // the closure must not (it is only borrowed).
        let box = BorrowedWork(work)
        let finished = DispatchSemaphore(value: 0)
        for _ in 1..<count {
            let t = Thread { box.run(); finished.signal() }
            t.name = "linli-replicate"
            t.stackSize = 8 << 20
            t.start()
        }
        box.run()
        for _ in 1..<count { finished.wait() }
        box.clear()
    }
}

private final class BorrowedWork: @unchecked Sendable {
    private var work: (@Sendable () -> Void)?
    init(_ work: @escaping @Sendable () -> Void) { self.work = work }
    func run() { work?() }
    func clear() { work = nil }
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
