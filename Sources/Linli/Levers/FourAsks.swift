/// Four asks (seeds/000: "做不做，问情于民；做什么，问需于民；怎么做，问计于民；
/// 做得好不好，问效于民" — ask residents whether, what, how, and how well). A
/// decided issue is put to the residents in scope before work starts: it
/// takes longer, and the work is better and better liked. During work
/// (`during_reach`, 0 = off) the residents in scope are asked once how it is
/// going, when half the labour is done: those who come correct the work
/// (quality rises with their number). After work (`after_reach`, 0 = off)
/// they are asked at home how well it was done: those reached are heard
/// (their satisfaction and trust rise).
public enum FourAsksLever {
    public static let spec = LeverSpec(
        name: "four_asks", summary: "four-asks consultation before, during and after work", source: "seeds/000",
        running: RunningCost.none,
        fields: [
            .days("four_asks.days", 14, max: 365, "days of consultation between decision and funding", source: "seeds/000; assumption"),
            .share("four_asks.reach", 0.2, "chance a resident in scope is asked", source: "assumption"),
            .share("four_asks.quality_bonus", 0.1, "quality added to the project", source: "seeds/000; assumption"),
            ParamSpec("four_asks.satisfaction_boost", .real, 0.3, unit: "ratio", range: 0...10, "relative increase of the satisfaction gain on completion", source: "seeds/000; assumption"),
            ParamSpec("four_asks.staff_hours_per_consultation", .real, 4, unit: "hours/project", range: 0...1000, "staff hours to ask the residents in scope about one project", source: "assumption"),
            .share("four_asks.during_reach", 0.2, "chance a resident in scope is asked during work (once, at half the labour); 0 switches the during-ask off", source: "seeds/000 (怎么做，问计于民: asked before, during and after); assumption"),
            .share("four_asks.during_quality", 0.02, "quality added per resident who comes to the during-ask (up to during_max)", source: "seeds/000; assumption"),
            ParamSpec("four_asks.during_max", .integer, 5, unit: "residents", range: 0...1000, "residents whose remarks during work count towards quality", source: "assumption"),
            ParamSpec("four_asks.staff_hours_during", .real, 2, unit: "hours/project", range: 0...1000, "staff hours of the during-work ask", source: "assumption"),
            .share("four_asks.after_reach", 0.2, "chance a resident in scope is asked after work how well it was done; 0 switches the after-ask off", source: "seeds/000 (做得好不好，问效于民); assumption"),
            .share("four_asks.after_satisfaction", 0.1, "share of the gap to 1 closed in satisfaction of a resident reached by the after-ask (being heard)", source: "seeds/000; assumption"),
            .share("four_asks.after_trust", 0.02, "share of the gap to 1 closed in trust τ of a resident reached by the after-ask", source: "assumption"),
            ParamSpec("four_asks.staff_hours_after", .real, 2, unit: "hours/project", range: 0...1000, "staff hours of the after-work ask", source: "assumption"),
        ])

    struct Params: LeverParameters {
        let lever: LeverSwitch
        let days: Int
        let reach, staffHours: Double
        let qualityBonus, satisfactionBoost: Float
        let duringReach, afterReach, hoursDuring, hoursAfter: Double
        let duringQuality, afterSatisfaction, afterTrust: Float
        let duringMax: Int
        init(_ p: Parameters) {
            duringReach = p["four_asks.during_reach"]; afterReach = p["four_asks.after_reach"]
            hoursDuring = p["four_asks.staff_hours_during"]; hoursAfter = p["four_asks.staff_hours_after"]
            duringQuality = p.float("four_asks.during_quality"); duringMax = p.int("four_asks.during_max")
            afterSatisfaction = p.float("four_asks.after_satisfaction"); afterTrust = p.float("four_asks.after_trust")
            lever = LeverSwitch(p, "four_asks")
            days = p.int("four_asks.days"); reach = p["four_asks.reach"]
            staffHours = p["four_asks.staff_hours_per_consultation"]
            qualityBonus = p.float("four_asks.quality_bonus"); satisfactionBoost = p.float("four_asks.satisfaction_boost")
        }
    }
}

extension World {
    /// Residents aged 13+ of issue k's scope asked with chance `reach` ×
    /// availability (sitting band) decide with `offer(sitting)`; participants
    /// are left in `activityBuffer` and mingle.
    mutating func askScope(_ k: Int, reach: Double, _ today: CalendarDay, _ rng: RandomStream) {
        activityBuffer.removeAll(keepingCapacity: true)
        let band = sittingBand(Int(issues.community[k]), today)
        for i in scopeRange(k) where residents.age[i] != AgeGroup.child.rawValue {
            let a = Double(params.availability.chance(age: residents.age[i], weekend: today.isWeekend, band: band))
            guard rng.uniform() < reach * a else { continue }
            if offer(i, .sitting, day: today.day, rng: rng) { activityBuffer.append(Int32(i)) }
        }
    }

    /// During work (怎么做): once, when half the labour is done, the residents
    /// in scope are asked how it is going; each who comes adds quality.
    mutating func askDuringWork(_ k: Int, _ today: CalendarDay, _ rng: RandomStream) {
        let fa = params.fourAsks
        guard fa.active(today.day), fa.duringReach > 0, issues.labourDone[k] * 2 >= issues.labourNeeded[k] else { return }
        oversight.track(issues: issues.count)
        guard !oversight.askedDuring[k] else { return }
        oversight.askedDuring[k] = true
        useLeverStaffHours(Int(issues.community[k]), .fourAsks, fa.hoursDuring)
        askScope(k, reach: fa.duringReach, today, rng)
        let n = min(fa.duringMax, activityBuffer.count)
        issues.quality[k] = min(1, issues.quality[k] + fa.duringQuality * Float(n))
        mingle(today, rng, discovery: params.talents.discoverEvent)
    }

    /// After work (做得好不好): residents in scope are asked how well it was
    /// done (at home, in the evening band); each one reached is heard.
    mutating func askAfterWork(_ k: Int, _ today: CalendarDay, _ rng: RandomStream) {
        let fa = params.fourAsks
        guard fa.active(today.day), fa.afterReach > 0 else { return }
        useLeverStaffHours(Int(issues.community[k]), .fourAsks, fa.hoursAfter)
        for i in scopeRange(k) where residents.age[i] != AgeGroup.child.rawValue {
            let a = Double(params.availability.chance(age: residents.age[i], weekend: today.isWeekend, band: .evening))
            guard rng.uniform() < fa.afterReach * a else { continue }
            residents.satisfaction[i] += fa.afterSatisfaction * (1 - residents.satisfaction[i])
            residents.trust[i] += fa.afterTrust * (1 - residents.trust[i])
        }
    }
}
