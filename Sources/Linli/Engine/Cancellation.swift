import Synchronization

/// A request to stop a run early (the studio's "Cancel" button). The day
/// loops check it once a day, so a cancelled replicate stops within a day's
/// step; a run that was cancelled writes nothing that looks complete
/// (`RunExecution` discards what it staged).
public final class CancelFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    public init() {}
    public func cancel() { flag.store(true, ordering: .relaxed) }
    public var isCancelled: Bool { flag.load(ordering: .relaxed) }
}

/// Thrown by a run that was cancelled through its `CancelFlag`.
public struct RunCancelled: Error, CustomStringConvertible, Sendable {
    public init() {}
    public var description: String { "the run was cancelled; nothing was written" }
}
