/// Ties in compressed sparse row form (directed: i looks at `targets[offsets[i]..<offsets[i+1]]`)
/// plus a few fixed slots per resident for ties formed between co-participants,
/// so that new ties never reallocate during a run.
public struct Ties: Sendable {
    public var offsets: ContiguousArray<Int32>
    public var targets: ContiguousArray<Int32>
    /// `dynamicSlots` per resident; -1 marks an empty slot. New ties overwrite the oldest.
    public var dynamic: ContiguousArray<Int32>
    public var dynamicNext: ContiguousArray<UInt8>
    public static let dynamicSlots = 4
    /// Lasting neighbour ties made through the subdivision lever's chiefs:
    /// `neighbourSlots` per resident (0, and the arrays empty, unless the lever
    /// is on); a ring buffer like `dynamic`, not overwritten by co-participants.
    public var neighbour = ContiguousArray<Int32>()
    public var neighbourNext = ContiguousArray<UInt8>()
    public private(set) var neighbourSlots = 0

    public init(residents: Int) {
        offsets = [0]
        offsets.reserveCapacity(residents + 1)
        targets = []
        dynamic = ContiguousArray(repeating: -1, count: residents * Ties.dynamicSlots)
        dynamicNext = ContiguousArray(repeating: 0, count: residents)
    }

    public var count: Int { offsets.count - 1 }

    /// Appends the static ties of the next resident (residents are added in index order).
    public mutating func appendResident<S: Sequence>(_ ts: S) where S.Element == Int32 {
        targets.append(contentsOf: ts)
        offsets.append(Int32(targets.count))
    }

    /// Records that i now looks at j (a co-participant); ignores self and repeats.
    @inline(__always) public mutating func addDynamic(_ i: Int, _ j: Int) {
        if i == j { return }
        let base = i * Ties.dynamicSlots
        for k in 0..<Ties.dynamicSlots where dynamic[base + k] == Int32(j) { return }
        let slot = Int(dynamicNext[i])
        dynamic[base + slot] = Int32(j)
        dynamicNext[i] = UInt8((slot + 1) % Ties.dynamicSlots)
    }

    /// Forgets i's dynamic and neighbour ties (a resident who moved out).
    public mutating func clearDynamic(_ i: Int) {
        let base = i * Ties.dynamicSlots
        for k in 0..<Ties.dynamicSlots { dynamic[base + k] = -1 }
        dynamicNext[i] = 0
        if neighbourSlots > 0 {
            for k in 0..<neighbourSlots { neighbour[i * neighbourSlots + k] = -1 }
            neighbourNext[i] = 0
        }
    }

    /// Gives every resident `slots` empty neighbour-tie slots.
    public mutating func enableNeighbourTies(slots: Int) {
        neighbourSlots = max(0, min(slots, 255))
        neighbour = ContiguousArray(repeating: -1, count: count * neighbourSlots)
        neighbourNext = ContiguousArray(repeating: 0, count: neighbourSlots > 0 ? count : 0)
    }

    /// Records a lasting neighbour tie i → j; ignores self, static ties and repeats.
    public mutating func addNeighbour(_ i: Int, _ j: Int) {
        if i == j || neighbourSlots == 0 { return }
        for k in Int(offsets[i])..<Int(offsets[i + 1]) where targets[k] == Int32(j) { return }
        let base = i * neighbourSlots
        for k in 0..<neighbourSlots where neighbour[base + k] == Int32(j) { return }
        let slot = Int(neighbourNext[i])
        neighbour[base + slot] = Int32(j)
        neighbourNext[i] = UInt8((slot + 1) % neighbourSlots)
    }

    /// Ties of residents in `range`: static, dynamic and neighbour (for `ties_per_resident`).
    public func count(in range: Range<Int>) -> Int {
        guard !range.isEmpty else { return 0 }
        var n = Int(offsets[range.upperBound] - offsets[range.lowerBound])
        dynamic.withUnsafeBufferPointer { d in
            for k in range.lowerBound * Ties.dynamicSlots..<range.upperBound * Ties.dynamicSlots where d[k] >= 0 { n += 1 }
        }
        if neighbourSlots > 0 {
            neighbour.withUnsafeBufferPointer { d in
                for k in range.lowerBound * neighbourSlots..<range.upperBound * neighbourSlots where d[k] >= 0 { n += 1 }
            }
        }
        return n
    }

    /// Calls body for every tie of i, static then dynamic.
    @inline(__always) public func forEach(_ i: Int, _ body: (Int) -> Void) {
        for k in Int(offsets[i])..<Int(offsets[i + 1]) { body(Int(targets[k])) }
        let base = i * Ties.dynamicSlots
        for k in 0..<Ties.dynamicSlots {
            let j = dynamic[base + k]
            if j >= 0 { body(Int(j)) }
        }
        if neighbourSlots > 0 {
            let nb = i * neighbourSlots
            for k in 0..<neighbourSlots {
                let j = neighbour[nb + k]
                if j >= 0 { body(Int(j)) }
            }
        }
    }
}
