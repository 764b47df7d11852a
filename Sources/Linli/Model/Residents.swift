/// All residents as struct-of-arrays (MODEL.md §2). Index i is one resident;
/// residents of a community, a building and a household are contiguous.
public struct Residents: Sendable {
    // Fixed attributes.
    public var household = ContiguousArray<Int32>()
    public var neighbourhood = ContiguousArray<Int32>()
    public var building = ContiguousArray<Int32>()
    public var community = ContiguousArray<Int32>()
    public var age = ContiguousArray<UInt8>()          // AgeGroup
    public var tenure = ContiguousArray<UInt8>()       // Tenure (of the household)
    public var origin = ContiguousArray<UInt8>()       // Origin
    public var party = ContiguousArray<Bool>()
    public var skill = ContiguousArray<UInt8>()        // SkillDomain
    public var skillLevel = ContiguousArray<Float>()
    /// Granovetter threshold θ ~ Beta(2,5): share of contacts active before joining feels natural.
    public var theta = ContiguousArray<Float>()
    /// Radiation ρ > 0: how many followers the resident can draw as a host.
    public var radiation = ContiguousArray<Float>()

    // Changing state, in [0,1] unless noted.
    public var motivation = ContiguousArray<Float>()   // μ
    /// μ's own resting level, to which it drifts back.
    public var motivationBase = ContiguousArray<Float>()
    public var belonging = ContiguousArray<Float>()    // b
    public var trust = ContiguousArray<Float>()        // τ
    public var fatigue = ContiguousArray<Float>()      // φ
    public var engagement = ContiguousArray<Float>()   // E, half-life 30 days
    public var satisfaction = ContiguousArray<Float>()
    public var recognisedUntil = ContiguousArray<Int32>()
    public var role = ContiguousArray<UInt8>()          // Role
    public var roleUntil = ContiguousArray<Int32>()
    public var talent = ContiguousArray<UInt8>()        // TalentState
    /// Day the resident's talent state last changed (engagement start, for grace periods).
    public var talentSince = ContiguousArray<Int32>()
    /// Group the resident belongs to (-1: none). One membership each keeps the arrays flat.
    public var group = ContiguousArray<Int32>()
    /// Informed of upcoming activities until this day (reached by a visit).
    public var informedUntil = ContiguousArray<Int32>()
    /// Bit k set: took part k days ago (bit 0 = today once the day closes).
    public var history = ContiguousArray<UInt32>()
    /// Consecutive days with status active (for backbone status).
    public var activeStreak = ContiguousArray<UInt16>()
    /// Yesterday's active flag, read by the social pull so the order of residents never matters.
    public var activePrev = ContiguousArray<Bool>()
    /// Took part today (reset every morning).
    public var tookPart = ContiguousArray<Bool>()
    /// Took part today in paid activities (counted for crowding out).
    public var paidToday = ContiguousArray<Bool>()
    /// Contributions to problems this month (raising, work, rota turns): red-list candidates.
    public var contributions = ContiguousArray<UInt16>()
    /// Holds a paid job in the self-run property station (PropertyStation.swift).
    public var stationJob = ContiguousArray<Bool>()
    /// Last day of taking part in a sitting, consultation or work day (-1: never): P3.
    public var lastGovernance = ContiguousArray<Int32>()
    /// A lasting tie to a resident of the paired compound (-1: none; CrossCompound.swift).
    public var crossTie = ContiguousArray<Int32>()
    /// The co-building unit the resident is a customer of (-1: none; CoBuilding.swift).
    public var customerOf = ContiguousArray<Int16>()

    public var count: Int { household.count }

    /// Last 30 days, today included.
    static let window30: UInt32 = (1 << 30) - 1

    @inline(__always) public func tookPartLast30(_ i: Int) -> Bool { history[i] & Residents.window30 != 0 }
    /// Active: took part on 4 or more of the last 30 days.
    @inline(__always) public func isActive(_ i: Int) -> Bool { Residents.atLeastFour(history[i] & Residents.window30) }
    /// Four or more bits set: clearing the lowest set bit three times leaves
    /// some bit. Same answer as `nonzeroBitCount >= 4` in six operations (the
    /// baseline x86-64 target has no popcount instruction) that vectorise.
    @inline(__always) static func atLeastFour(_ x: UInt32) -> Bool {
        var y = x & (x &- 1)
        y &= y &- 1
        y &= y &- 1
        return y != 0
    }
    @inline(__always) public func isBackbone(_ i: Int) -> Bool { role[i] != Role.none.rawValue || activeStreak[i] >= 90 }
    @inline(__always) public func isAdultOrTeen(_ i: Int) -> Bool { age[i] != AgeGroup.child.rawValue }

    mutating func reserve(_ n: Int) {
        household.reserveCapacity(n); neighbourhood.reserveCapacity(n); building.reserveCapacity(n)
        community.reserveCapacity(n); age.reserveCapacity(n); tenure.reserveCapacity(n)
        origin.reserveCapacity(n); party.reserveCapacity(n); skill.reserveCapacity(n)
        skillLevel.reserveCapacity(n); theta.reserveCapacity(n); radiation.reserveCapacity(n)
    }

    /// Sets the changing state of every resident to its starting value
    /// (after the fixed attributes are in place).
    mutating func allocateState() {
        let n = count
        func f(_ v: Float) -> ContiguousArray<Float> { ContiguousArray(repeating: v, count: n) }
        motivation = f(0); motivationBase = f(0); belonging = f(0); trust = f(0)
        fatigue = f(0); engagement = f(0); satisfaction = f(0.5)
        recognisedUntil = ContiguousArray(repeating: -1, count: n)
        role = ContiguousArray(repeating: 0, count: n)
        roleUntil = ContiguousArray(repeating: -1, count: n)
        talent = ContiguousArray(repeating: 0, count: n)
        talentSince = ContiguousArray(repeating: 0, count: n)
        group = ContiguousArray(repeating: -1, count: n)
        informedUntil = ContiguousArray(repeating: -1, count: n)
        history = ContiguousArray(repeating: 0, count: n)
        activeStreak = ContiguousArray(repeating: 0, count: n)
        activePrev = ContiguousArray(repeating: false, count: n)
        tookPart = ContiguousArray(repeating: false, count: n)
        paidToday = ContiguousArray(repeating: false, count: n)
        contributions = ContiguousArray(repeating: 0, count: n)
        stationJob = ContiguousArray(repeating: false, count: n)
        lastGovernance = ContiguousArray(repeating: -1, count: n)
        crossTie = ContiguousArray(repeating: -1, count: n)
        customerOf = ContiguousArray(repeating: -1, count: n)
    }
}
