/// Conventions and rota duties (seeds/001 residents' conventions, seeds/003
/// compound conventions and residents' rota). Agreed rules make conduct
/// problems (clutter, garbage, noise, parking, charging) arise less and fixes
/// wear more slowly; rota duties ask a few residents each Sunday to keep each
/// fixed conduct problem in order, restoring its condition.
///
/// Convention levies and work teams (seeds/003, Yangpu: "every project leaves
/// a convention"; Mingfengyuan compound, Daqiao street, "通过制订规约预收32万元
/// 停车改造费用" — pre-collected 320,000 yuan of parking-renovation fees under
/// its convention; "推动每户家庭都'出人'加入楼组自治管理团队" — every household
/// sends a person to the building's self-governance team; the work guidelines
/// ask residents to give labour and goods):
/// - Levy: once an issue is agreed (stage funding) and costs at least
///   `levy_min_cost`, the households of its scope are levied once, the gap
///   left by the early sources split evenly up to `levy_per_household`; a
///   household refuses with a chance falling in its members' mean belonging
///   and trust. The levy is residents' own money (no government match): it is
///   held by the issue with crowd money (ledger `crowd`) and booked as the
///   lever's money, payer residents. It lets a compound pay for a renovation
///   (`issues.renovation_share`, `issues.renovation_cost`) that gifts and a
///   capped match cannot.
/// - Work teams: on every project work day each household of the scope is
///   called with chance `work_team_share` and sends its representative (its
///   first member, an adult), who is asked in person and decides with
///   `offer(work)`; each who comes adds a person-day, so work finishes sooner
///   (`work_team_hours` of staff time per project work day).
public enum ConventionsLever {
    public static let spec = LeverSpec(
        name: "conventions", summary: "residents' conventions and rota duties", source: "seeds/001, seeds/003",
        running: RunningCost(staffHoursPerMonth: 4, what: "keeping the convention and the rota"),
        fields: [
            .share("conventions.arrival_cut", 0.3, "share of conduct problems that no longer arise", source: "seeds/001, seeds/003; assumption"),
            .share("conventions.decay_cut", 0.5, "share of the wear of fixed conduct problems avoided", source: "seeds/003; assumption"),
            .flag("conventions.rota", true, "rota duties each Sunday", source: "seeds/003"),
            ParamSpec("conventions.rota_asked", .integer, 2, unit: "residents/issue/week", range: 0...100, "residents asked to take a turn per fixed conduct problem per week", source: "assumption"),
            .share("conventions.rota_restore", 0.02, "condition restored by one turn", source: "assumption"),
            ParamSpec("conventions.levy_per_household", .real, 0, unit: "yuan/household", range: 0...1_000_000, "most a household pays under the convention's levy for one agreed issue (0 = no levy)", source: "seeds/003 (320,000 yuan pre-collected for parking renovation; the per-household figure is not given)"),
            ParamSpec("conventions.levy_min_cost", .real, 20_000, unit: "yuan", range: 0...100_000_000, "least cost of an issue the levy is raised for (big jobs)", source: "assumption"),
            ParamSpec("conventions.levy_refuse0", .real, 0, unit: "logit", range: -20...20, "intercept of a household's chance to refuse the levy", source: "assumption"),
            ParamSpec("conventions.levy_refuse_belonging", .real, 2, unit: "logit", range: 0...20, "weight of the household's mean belonging (lowers refusal)", source: "seeds/003; assumption"),
            ParamSpec("conventions.levy_refuse_trust", .real, 2, unit: "logit", range: 0...20, "weight of the household's mean trust (lowers refusal)", source: "seeds/003; assumption"),
            ParamSpec("conventions.levy_hours", .real, 4, unit: "staff hours/levy", range: 0...1000, "staff time to announce, collect and publish one levy", source: "assumption"),
            ParamSpec("conventions.work_team_hours", .real, 0.5, unit: "staff hours/work day", range: 0...100, "staff time to call the households' representatives for one project's work day", source: "assumption"),
            .share("conventions.work_team_share", 1, "chance a household of the scope is called to send its representative on a project work day (0 = no work teams)", source: "seeds/003 (every household sends a person)"),
        ])

    struct Params: LeverParameters {
        let lever: LeverSwitch
        let arrivalCut: Double
        let decayCut: Float
        let rota: Bool
        let rotaAsked: Int
        let rotaRestore: Float
        let levy, levyMinCost, levyHours, workTeamShare, workTeamHours: Double
        let refuse0, refuseBelonging, refuseTrust: Float
        init(_ p: Parameters) {
            lever = LeverSwitch(p, "conventions")
            arrivalCut = p["conventions.arrival_cut"]; decayCut = p.float("conventions.decay_cut")
            rota = p.bool("conventions.rota"); rotaAsked = p.int("conventions.rota_asked")
            rotaRestore = p.float("conventions.rota_restore")
            levy = p["conventions.levy_per_household"]; levyMinCost = p["conventions.levy_min_cost"]
            levyHours = p["conventions.levy_hours"]; workTeamShare = p["conventions.work_team_share"]
            workTeamHours = p["conventions.work_team_hours"]
            refuse0 = p.float("conventions.levy_refuse0"); refuseBelonging = p.float("conventions.levy_refuse_belonging")
            refuseTrust = p.float("conventions.levy_refuse_trust")
        }
    }
}

extension World {
    /// The convention's levy for issue k (once, at its funding check): the gap
    /// `need` split evenly over the scope's households, at most
    /// `levy_per_household` each; a household refuses with chance
    /// σ(refuse0 − w_b·b̄ − w_τ·τ̄). Residents' money, no match.
    mutating func levy(_ k: Int, need: Double, _ today: CalendarDay, _ rng: RandomStream) {
        let cv = params.conventions
        let c = Int(issues.community[k])
        issues.levied[k] = true
        let scope = scopeRange(k)
        guard !scope.isEmpty, need > 0 else { return }
        useLeverStaffHours(c, .conventions, cv.levyHours)
        let firstH = Int(residents.household[scope.lowerBound]), lastH = Int(residents.household[scope.upperBound - 1])
        let share = min(cv.levy, need / Double(lastH - firstH + 1))
        var raised = 0.0
        for h in firstH...lastH {
            let members = households.members(h).clamped(to: scope)
            guard !members.isEmpty else { continue }
            var b: Float = 0, tau: Float = 0
            for j in members { b += residents.belonging[j]; tau += residents.trust[j] }
            let n = Float(members.count)
            let refuse = Decision.logistic(cv.refuse0 - cv.refuseBelonging * b / n - cv.refuseTrust * tau / n)
            if rng.uniform() >= Double(refuse) { raised += share }
        }
        ledger.crowdReceived[c] += raised
        bookLeverMoney(c, .conventions, raised, payer: .residents)
        issues.crowdFunds[k] += raised
        issues.funds[k] += raised
    }

    /// Work teams on a project's work day: each household of the scope is
    /// called with chance `work_team_share`; its representative (first member,
    /// an adult), if free and not yet out today, decides with `offer(work)`.
    /// Returns the person-days given; participants join `activityBuffer`.
    mutating func workTeamDay(_ k: Int, _ today: CalendarDay, _ rng: RandomStream) -> Float {
        let share = params.conventions.workTeamShare
        let scope = scopeRange(k)
        guard share > 0, !scope.isEmpty else { return 0 }
        useLeverStaffHours(Int(issues.community[k]), .conventions, params.conventions.workTeamHours)
        let firstH = Int(residents.household[scope.lowerBound]), lastH = Int(residents.household[scope.upperBound - 1])
        var days: Float = 0
        for h in firstH...lastH {
            let i = householdHead(h)
            guard scope.contains(i), residents.age[i] != AgeGroup.child.rawValue, rng.uniform() < share, !residents.tookPart[i] else { continue }
            let a = Double(params.availability.chance(age: residents.age[i], weekend: today.isWeekend, band: .evening))
            guard rng.uniform() < a else { continue }
            if offer(i, .work, day: today.day, rng: rng) {
                activityBuffer.append(Int32(i))
                residents.contributions[i] &+= 1
                days += 1
            }
        }
        return days
    }
}
