/// Red list and timely affirmation (seeds/001 honour board; seeds/004
/// "emotional value: timely affirmation, titles and identities"). At each
/// month's end the top contributors of the month (by engagement E) and, with
/// affirmation, every engaged talent and post holder are recognised for a
/// while: recognition R enters the decision and lowers talents' withdrawal.
/// It is symbolic, so it does not crowd out motivation; a small crowding-in
/// is allowed (Frey & Jegen 2001).
public enum RedListLever {
    public static let spec = LeverSpec(
        name: "red_list", summary: "monthly red list of top contributors and affirmation of leaders", source: "seeds/001, seeds/004",
        running: RunningCost(staffHoursPerMonth: 4, what: "compiling and posting the monthly list"),
        fields: [
            .share("red_list.share", 0.02, "share of a community's residents listed each month", source: "assumption"),
            .days("red_list.duration_days", 60, max: 3650, "days a listing counts as recognition R", source: "assumption"),
            .flag("red_list.affirm_leaders", true, "also recognise engaged talents and post holders every month", source: "seeds/004"),
            .share("red_list.motivation_gain", 0.02, "share of the gap to 1 that a listing closes in μ (crowding in)", source: "Frey & Jegen 2001"),
            .share("red_list.retention", 0.5, "reduction of a recognised talent's withdrawal hazard", source: "seeds/004 (stickiness)"),
            ParamSpec("red_list.cost_per_listing", .real, 20, unit: "yuan/listing", range: 0...100_000, "certificate or small token per resident listed", source: "assumption"),
        ])

    struct Params: LeverParameters {
        let lever: LeverSwitch
        let share: Double
        let durationDays: Int
        let affirmLeaders: Bool
        let motivationGain: Float
        let retention, costPerListing: Double
        init(_ p: Parameters) {
            lever = LeverSwitch(p, "red_list")
            share = p["red_list.share"]; durationDays = p.int("red_list.duration_days")
            affirmLeaders = p.bool("red_list.affirm_leaders"); motivationGain = p.float("red_list.motivation_gain")
            retention = p["red_list.retention"]; costPerListing = p["red_list.cost_per_listing"]
        }
    }
}

extension World {
    mutating func publishRedList(_ c: Int, _ today: CalendarDay, _ rng: RandomStream) {
        let rp = params.redList
        let range = communities.residentRange(c)
        let listed = Int((Double(range.count) * rp.share).rounded(.up))
        // Contributors to problems (raising, work, rota) rank first, then by engagement E.
        bestFloat.start(k: listed)
        for i in range where residents.history[i] & Residents.window30 != 0 || residents.contributions[i] > 0 {
            bestFloat.offer(Float(residents.contributions[i]) + residents.engagement[i], i)
        }
        bestFloat.finish()
        let until = Int32(today.day + rp.durationDays)
        for r in bestFloat.items.indices { recognise(Int(bestFloat.items[r].id), until: until) }
        bookLeverMoney(c, .redList, rp.costPerListing * Double(min(listed, bestFloat.offered)), payer: .government)
        if rp.affirmLeaders {
            for i in range where residents.talent[i] == TalentState.engaged.rawValue || residents.role[i] == Role.post.rawValue {
                recognise(i, until: until)
            }
        }
    }

    private mutating func recognise(_ i: Int, until: Int32) {
        residents.recognisedUntil[i] = max(residents.recognisedUntil[i], until)
        residents.motivation[i] += params.redList.motivationGain * (1 - residents.motivation[i])
    }
}
