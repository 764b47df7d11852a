/// Interest groups (MODEL.md §2; seeds/001 "interest first, governance later";
/// seeds/004 talent studios). An engaged talent hosts a group with a weekly
/// meeting day; members who come to a meeting invite their non-member ties
/// with a chance that falls as the group nears its capacity, which the host's
/// radiation ρ sets. Growth is therefore slow (only the host's ties), then
/// fast (every member recruits), then saturating: the S-shape of P2.
public enum Groups {
    public static let parameters: [ParamSpec] = [
        ParamSpec("groups.capacity_per_radiation", .real, 1.0, unit: "members/ρ", range: 0...100, "group capacity per unit of the host's radiation ρ", source: "seeds/001 (running club of 300+ in 25,000), seeds/004 (radiation uneven)"),
        ParamSpec("groups.min_capacity", .integer, 5, unit: "members", range: 1...1000, "smallest capacity of a group", source: "assumption"),
        .share("groups.recruit_per_tie", 0.3, "chance a member at a meeting invites a non-member tie (times 1 − size/capacity)", source: "Centola & Macy 2007; assumption"),
        ParamSpec("groups.visibility", .real, 0.5, unit: "invitations/participant", range: 0...10, "invitations to random residents of the community per meeting participant (word of mouth, seeing the group), times 1 − size/capacity", source: "seeds/001; assumption"),
        .share("groups.weekend_share", 0.6, "share of groups meeting at the weekend (else a weekday evening)", source: "seeds/001 (Saturday morning runs)"),
        .share("groups.host_commitment", 0.5, "role commitment C of a group host", source: "assumption"),
        .flag("groups.member_recruitment", true, "members recruit too (complex contagion); off, only the host invites (an ablation of P2's mechanism)", source: "Centola & Macy 2007"),
    ]

    struct Params: Sendable {
        let capacityPerRadiation: Double
        let minCapacity: Int
        let recruitPerTie, visibility, weekendShare: Double
        let hostCommitment: Float
        let memberRecruitment: Bool
        init(_ p: Parameters) {
            capacityPerRadiation = p["groups.capacity_per_radiation"]; minCapacity = p.int("groups.min_capacity")
            recruitPerTie = p["groups.recruit_per_tie"]; visibility = p["groups.visibility"]
            weekendShare = p["groups.weekend_share"]; hostCommitment = p.float("groups.host_commitment")
            memberRecruitment = p.bool("groups.member_recruitment")
        }
    }
}

/// Groups as struct-of-arrays; a group keeps its index for life (dissolved groups stay, not alive).
public struct GroupTable: Sendable {
    public var host = ContiguousArray<Int32>()
    public var community = ContiguousArray<Int32>()
    public var weekday = ContiguousArray<UInt8>()
    public var capacity = ContiguousArray<Int32>()
    public var size = ContiguousArray<Int32>()
    public var alive = ContiguousArray<Bool>()
    public var founded = ContiguousArray<Int32>()
    /// Holds a space as a fee-paying association, and the amenity's condition (Levers/Associations.swift).
    public var association = ContiguousArray<Bool>()
    public var amenity = ContiguousArray<Float>()
    /// Groups of community c, to find today's meetings without scanning all groups.
    public var byCommunity: [[Int32]] = []
    public var count: Int { host.count }

    /// Room for `n` groups in every column (World.reserveForRun).
    mutating func reserve(_ n: Int) {
        host.reserveCapacity(n); community.reserveCapacity(n); weekday.reserveCapacity(n)
        capacity.reserveCapacity(n); size.reserveCapacity(n); alive.reserveCapacity(n)
        founded.reserveCapacity(n); association.reserveCapacity(n); amenity.reserveCapacity(n)
    }
}

extension World {
    mutating func foundGroup(host i: Int, _ today: CalendarDay, _ rng: RandomStream) {
        let gp = params.groups
        let c = Int(residents.community[i])
        if residents.group[i] >= 0 { leaveGroup(i) }
        var cap = Double(residents.radiation[i]) * gp.capacityPerRadiation
        if params.studios.active(today.day) { cap *= params.studios.capacityMultiplier }
        if residents.role[i] == Role.post.rawValue { cap *= params.posts.radiationBoost }
        let g = groups.count
        groups.host.append(Int32(i))
        groups.community.append(Int32(c))
        groups.weekday.append(UInt8(rng.uniform() < gp.weekendShare ? 5 + rng.below(2) : rng.below(5)))
        groups.capacity.append(Int32(max(Double(gp.minCapacity), cap.rounded())))
        groups.size.append(1)
        groups.alive.append(true)
        groups.founded.append(Int32(today.day))
        groups.association.append(false)
        groups.amenity.append(0)
        while groups.byCommunity.count <= c { groups.byCommunity.append([]) }
        groups.byCommunity[c].append(Int32(g))
        residents.group[i] = Int32(g)
    }

    mutating func leaveGroup(_ i: Int) {
        let g = Int(residents.group[i])
        guard g >= 0 else { return }
        groups.size[g] -= 1
        residents.group[i] = -1
    }

    mutating func dissolveGroup(hostedBy host: Int) {
        let g = Int(residents.group[host])
        guard g >= 0, groups.host[g] == Int32(host), groups.alive[g] else { return }
        groups.alive[g] = false
        for i in communities.residentRange(Int(groups.community[g])) where residents.group[i] == Int32(g) {
            residents.group[i] = -1
        }
        groups.size[g] = 0
    }

    /// Today's meetings in community c: members free in the meeting's band
    /// decide whether to come; those who come invite ties and, by word of
    /// mouth, random neighbours; invitees who come join.
    mutating func holdGroupMeetings(_ c: Int, _ today: CalendarDay, _ rng: RandomStream) {
        guard c < groups.byCommunity.count else { return }
        var meets = false
        for g in groups.byCommunity[c] where groups.alive[Int(g)] && Int(groups.weekday[Int(g)]) == today.weekday { meets = true }
        guard meets else { return }
        let cr = communities.residentRange(c)
        let gp = params.groups
        for i in cr {
            let g = Int(residents.group[i])
            guard g >= 0, Int(groups.weekday[g]) == today.weekday else { continue }
            // The host sets the time, so is always free; members come when free.
            let isHost = groups.host[g] == Int32(i)
            let a = isHost ? 1 : params.availability.chance(age: residents.age[i], weekend: today.isWeekend, band: .evening)
            guard rng.uniform() < Double(a), offer(i, .meeting, day: today.day, rng: rng) else { continue }
            maybeDiscover(i, chance: params.talents.discoverEvent, today, rng)
            // Recruitment by this member (by the host alone when members do not recruit).
            let room = 1 - Double(groups.size[g]) / Double(groups.capacity[g])
            guard room > 0, isHost || gp.memberRecruitment else { continue }
            let q = gp.recruitPerTie * room
            for k in Int(ties.offsets[i])..<Int(ties.offsets[i + 1]) {
                let j = Int(ties.targets[k])
                if residents.group[j] < 0 && rng.uniform() < q { invite(j, to: g, from: i, today, rng) }
            }
            var word = gp.visibility * room
            while word > 0 {
                if rng.uniform() < word { invite(cr.lowerBound + rng.below(cr.count), to: g, from: i, today, rng) }
                word -= 1
            }
        }
    }

    /// j is invited to group g by member i; if free and willing, j comes and joins.
    mutating func invite(_ j: Int, to g: Int, from i: Int, _ today: CalendarDay, _ rng: RandomStream) {
        guard residents.group[j] < 0, groups.size[g] < groups.capacity[g],
              residents.talent[j] != TalentState.engaged.rawValue else { return }
        let a = params.availability.chance(age: residents.age[j], weekend: today.isWeekend, band: .evening)
        guard rng.uniform() < Double(a), offer(j, .invitation, day: today.day, rng: rng) else { return }
        if groups.association[g] && refusesFee(j, rng) { return }   // the fee filter (Levers/Associations.swift)
        residents.group[j] = Int32(g)
        groups.size[g] += 1
        ties.addDynamic(j, i)
        ties.addDynamic(i, j)
    }
}
