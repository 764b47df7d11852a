/// Observation (MODEL.md §3 step 13, §5): the day's statistics per community
/// and for the whole run. Rates are over residents aged 13+ unless the
/// column names an age group; "took part" means on any of the last 30 days.
public enum Observation {
    public static let columns: [String] = [
        "residents", "participants", "participation_rate", "active_share", "backbone_count",
        "talents_latent", "talents_discovered", "talents_engaged", "talents_withdrawn",
        "groups", "group_members", "trust_mean", "belonging_mean", "motivation_mean", "fatigue_mean",
        "staff_hours", "pay_spend_total",
    ] + AgeGroup.allCases.map { "participation_rate_\($0.label)" }
      + Tenure.allCases.map { "participation_rate_\($0.label)" }
      + ["participation_rate_party", "participation_rate_nonparty"]

    static func column(_ name: String) -> Int { columns.firstIndex(of: name)! }
}

/// Running sums for one output row.
struct ObservationSums {
    var residents = 0.0, over13 = 0.0, took13 = 0.0, active13 = 0.0, backbone = 0.0
    var latent = 0.0, discovered = 0.0, engaged = 0.0, withdrawn = 0.0, members = 0.0
    var trust = 0.0, belonging = 0.0, motivation = 0.0, fatigue = 0.0
    var ageN = [Double](repeating: 0, count: 5), ageTook = [Double](repeating: 0, count: 5)
    var tenureN = [Double](repeating: 0, count: 3), tenureTook = [Double](repeating: 0, count: 3)
    var partyN = 0.0, partyTook = 0.0, otherN = 0.0, otherTook = 0.0
    var participants = 0.0, groups = 0.0, staffHours = 0.0, paySpend = 0.0

    mutating func add(_ o: ObservationSums) {
        residents += o.residents; over13 += o.over13; took13 += o.took13; active13 += o.active13
        backbone += o.backbone; latent += o.latent; discovered += o.discovered; engaged += o.engaged
        withdrawn += o.withdrawn; members += o.members; trust += o.trust; belonging += o.belonging
        motivation += o.motivation; fatigue += o.fatigue
        for k in 0..<5 { ageN[k] += o.ageN[k]; ageTook[k] += o.ageTook[k] }
        for k in 0..<3 { tenureN[k] += o.tenureN[k]; tenureTook[k] += o.tenureTook[k] }
        partyN += o.partyN; partyTook += o.partyTook; otherN += o.otherN; otherTook += o.otherTook
        participants += o.participants; groups += o.groups; staffHours += o.staffHours; paySpend += o.paySpend
    }

    /// Values in `Observation.columns` order.
    func write(into out: inout ContiguousArray<Double>, at base: Int) {
        func rate(_ a: Double, _ n: Double) -> Double { n > 0 ? a / n : 0 }
        let n = max(residents, 1)
        var k = base
        func put(_ v: Double) { out[k] = v; k += 1 }
        put(residents); put(participants); put(rate(took13, over13)); put(rate(active13, over13)); put(backbone)
        put(latent); put(discovered); put(engaged); put(withdrawn)
        put(groups); put(members); put(trust / n); put(belonging / n); put(motivation / n); put(fatigue / n)
        put(staffHours); put(paySpend)
        for a in 0..<5 { put(rate(ageTook[a], ageN[a])) }
        for t in 0..<3 { put(rate(tenureTook[t], tenureN[t])) }
        put(rate(partyTook, partyN)); put(rate(otherTook, otherN))
    }
}

extension World {
    /// Records day `day` into `series` (rows: communities, then all) and
    /// refreshes the community means that slow variables relax towards.
    mutating func observe(day: Int, into series: inout ReplicateSeries) {
        var all = ObservationSums()
        let cols = Observation.columns.count
        for c in 0..<communities.count {
            var s = ObservationSums()
            for i in communities.residentRange(c) {
                s.residents += 1
                let took = residents.tookPartLast30(i)
                let a = Int(residents.age[i])
                s.ageN[a] += 1
                if took { s.ageTook[a] += 1 }
                if a != Int(AgeGroup.child.rawValue) {
                    s.over13 += 1
                    let t = Int(residents.tenure[i])
                    s.tenureN[t] += 1
                    if residents.party[i] { s.partyN += 1 } else { s.otherN += 1 }
                    if took {
                        s.took13 += 1
                        s.tenureTook[t] += 1
                        if residents.party[i] { s.partyTook += 1 } else { s.otherTook += 1 }
                    }
                    if residents.isActive(i) { s.active13 += 1 }
                }
                if residents.isBackbone(i) { s.backbone += 1 }
                switch residents.talent[i] {
                case TalentState.latent.rawValue: s.latent += 1
                case TalentState.discovered.rawValue: s.discovered += 1
                case TalentState.engaged.rawValue: s.engaged += 1
                case TalentState.withdrawn.rawValue: s.withdrawn += 1
                default: break
                }
                if residents.group[i] >= 0 { s.members += 1 }
                s.trust += Double(residents.trust[i]); s.belonging += Double(residents.belonging[i])
                s.motivation += Double(residents.motivation[i]); s.fatigue += Double(residents.fatigue[i])
            }
            if c < groups.byCommunity.count {
                for g in groups.byCommunity[c] where groups.alive[Int(g)] { s.groups += 1 }
            }
            s.participants = Double(participantsToday[c])
            s.staffHours = communities.staffHoursToday[c]
            s.paySpend = communities.paySpend[c]
            s.write(into: &series.values, at: series.index(day: day, row: c, column: 0))
            all.add(s)
            _ = cols
        }
        all.write(into: &series.values, at: series.index(day: day, row: communities.count, column: 0))
        for c in 0..<communities.count { refreshMeans(c) }
    }

    /// Community means of belonging and trust.
    mutating func refreshMeans(_ c: Int) {
        var b = 0.0, t = 0.0
        let r = communities.residentRange(c)
        for i in r { b += Double(residents.belonging[i]); t += Double(residents.trust[i]) }
        let n = Double(max(r.count, 1))
        communities.belongingMean[c] = Float(b / n)
        communities.trustMean[c] = Float(t / n)
    }
}
