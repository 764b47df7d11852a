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
    /// Filled dynamic and neighbour slots per block of residents (the
    /// communities: residents blockStart[c]..<blockStart[c+1]), kept as slots
    /// fill and clear so that counting ties never scans the slots. Empty
    /// until `setBlocks` (then nothing is counted).
    public private(set) var blockStart = ContiguousArray<Int32>()
    public private(set) var filled = ContiguousArray<Int>()

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
        if dynamic[base + slot] < 0 { countFilled(i, 1) }
        dynamic[base + slot] = Int32(j)
        dynamicNext[i] = UInt8((slot + 1) % Ties.dynamicSlots)
    }

    /// Forgets i's dynamic and neighbour ties (a resident who moved out).
    public mutating func clearDynamic(_ i: Int) {
        let base = i * Ties.dynamicSlots
        var cleared = 0
        for k in 0..<Ties.dynamicSlots where dynamic[base + k] >= 0 { dynamic[base + k] = -1; cleared += 1 }
        dynamicNext[i] = 0
        if neighbourSlots > 0 {
            for k in 0..<neighbourSlots where neighbour[i * neighbourSlots + k] >= 0 { neighbour[i * neighbourSlots + k] = -1; cleared += 1 }
            neighbourNext[i] = 0
        }
        if cleared > 0 { countFilled(i, -cleared) }
    }

    /// Sets the blocks (community resident starts, ending with the resident
    /// count) whose filled slots are counted, and counts those already filled.
    public mutating func setBlocks(_ starts: ContiguousArray<Int32>) {
        blockStart = starts
        filled = ContiguousArray(repeating: 0, count: max(0, starts.count - 1))
        for i in 0..<count {
            var n = 0
            for k in 0..<Ties.dynamicSlots where dynamic[i * Ties.dynamicSlots + k] >= 0 { n += 1 }
            for k in 0..<neighbourSlots where neighbour[i * neighbourSlots + k] >= 0 { n += 1 }
            if n > 0 { countFilled(i, n) }
        }
    }

    /// Adds `n` to the filled-slot count of i's block (binary search; called
    /// only when a slot fills or clears, at most a few times per residence).
    @inline(__always) mutating func countFilled(_ i: Int, _ n: Int) {
        guard filled.count > 0 else { return }
        var lo = 0, hi = filled.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if Int(blockStart[mid]) <= i { lo = mid } else { hi = mid - 1 }
        }
        filled[lo] += n
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
        if neighbour[base + slot] < 0 { countFilled(i, 1) }
        neighbour[base + slot] = Int32(j)
        neighbourNext[i] = UInt8((slot + 1) % neighbourSlots)
    }

    /// Ties of block b's residents: static, dynamic and neighbour (for `ties_per_resident`).
    public func count(block b: Int) -> Int {
        let lo = Int(blockStart[b]), hi = Int(blockStart[b + 1])
        return Int(offsets[hi] - offsets[lo]) + filled[b]
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
