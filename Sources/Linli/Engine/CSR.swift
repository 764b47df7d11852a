/// A directed graph in compressed sparse row form: node i looks at
/// `targets[offsets[i] ..< offsets[i+1]]`. Read-only once built, so worker
/// threads share it freely; 4 bytes per edge plus 4 per node.
///
/// `Ties` (the model's ties) is this layout plus a few dynamic slots per
/// resident; `CSRGraph` is the plain form for models whose ties are fixed.
public struct CSRGraph: Sendable {
    public let offsets: Column<Int32>
    public let targets: Column<Int32>

    public var nodeCount: Int { offsets.count - 1 }
    public var edgeCount: Int { targets.count }

    /// Number of ties of node i.
    @inlinable @inline(__always)
    public func degree(_ i: Int) -> Int { Int(offsets[i + 1]) &- Int(offsets[i]) }

    @inlinable @inline(__always)
    public func neighbours(_ i: Int) -> Range<Int> { Int(offsets[i])..<Int(offsets[i + 1]) }

    /// How many of node i's ties point at a node whose flag is set: the
    /// social-pull scan. Repeated ties count as often as they occur.
    @inlinable @inline(__always)
    public func countFlagged(_ i: Int, in flags: BitColumn) -> Int {
        var k = 0
        var e = Int(offsets[i])
        let end = Int(offsets[i + 1])
        while e < end {
            k &+= flags.bit(Int(targets[e]))
            e &+= 1
        }
        return k
    }

    /// Builds a graph from each node's targets, in node order.
    public struct Builder {
        var offsets: ContiguousArray<Int32>
        var targets: ContiguousArray<Int32>

        /// - expectedEdges: capacity to reserve, so that building does not regrow.
        public init(nodes: Int, expectedEdges: Int) {
            offsets = [0]
            offsets.reserveCapacity(nodes + 1)
            targets = []
            targets.reserveCapacity(expectedEdges)
        }

        /// Appends the next node's ties.
        public mutating func appendNode<S: Sequence>(_ ts: S) where S.Element == Int32 {
            targets.append(contentsOf: ts)
            precondition(targets.count <= Int(Int32.max), "more than 2^31 ties")
            offsets.append(Int32(targets.count))
        }

        public func build() -> CSRGraph {
            CSRGraph(offsets: Column(offsets),
                     targets: targets.isEmpty ? Column(repeating: 0, count: 0) : Column(targets))
        }
    }
}
