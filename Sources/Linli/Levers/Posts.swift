/// Part-time posts (seeds/000: 54 residents appointed part-time deputy party
/// secretary or deputy committee director across one street, one-year terms,
/// nominated by the residential party branch). On the start day and at every
/// term's end the branch fills the posts of each community: discovered and
/// engaged talents first (a discovered talent appointed starts hosting at
/// once), then the most engaged residents. A post brings commitment C,
/// duties twice a week, a radiation boost for hosts, and overload fatigue.
public enum PostsLever {
    public static let spec = LeverSpec(
        name: "posts", summary: "part-time posts for residents with one-year terms", source: "seeds/000, seeds/001, seeds/003",
        running: RunningCost(staffHoursPerMonth: 8, what: "the branch coordinating post holders (meetings, duty rosters)"),
        fields: [
            ParamSpec("posts.per_community", .integer, 3, unit: "posts", range: 0...1000, "posts filled in each community", source: "seeds/000 gives 54 across the street, not per area; 3 per area is an assumption"),
            .days("posts.term_days", 365, max: 3650, "term of a post", source: "seeds/000 (one-year terms)"),
            ParamSpec("posts.duty_days_per_week", .integer, 2, unit: "days/week", range: 0...7, "days a week a post holder has duties (evenings and Saturday)", source: "assumption"),
            .share("posts.overload_fatigue", 0.05, "extra fatigue φ per duty day of a post holder (overload risk)", source: "assumption"),
            .flag("posts.appointee_hosts", true, "a talent appointed to a post starts hosting at once (the court-renewal organiser, appointed, led more residents)", source: "seeds/000; assumption"),
            ParamSpec("posts.radiation_boost", .real, 1.5, unit: "ratio", range: 1...10, "capacity multiplier of a group whose host holds a post", source: "seeds/000 (the court-renewal organiser became deputy secretary); assumption"),
            .share("posts.appointment_trust", 0.2, "share of the gap to 1 closed in trust τ and belonging b of an appointee", source: "assumption"),
            ParamSpec("posts.stipend", .real, 200, unit: "yuan/post/month", range: 0...100_000, "allowance of a post holder (transport, phone), paid monthly by the government", source: "assumption (seeds/000 gives no figure)"),
            ParamSpec("posts.recruit_hours", .real, 4, unit: "hours/appointee", range: 0...200, "staff hours to nominate, vet and brief one appointee", source: "seeds/000 (nominated by the branch, approved by the street); assumption"),
        ])

    struct Params: LeverParameters {
        let lever: LeverSwitch
        let perCommunity, termDays, dutyDaysPerWeek: Int
        let overloadFatigue: Float
        let radiationBoost: Double
        let appointmentTrust: Float
        let stipend, recruitHours: Double
        let appointeeHosts: Bool
        init(_ p: Parameters) {
            lever = LeverSwitch(p, "posts")
            perCommunity = p.int("posts.per_community"); termDays = max(1, p.int("posts.term_days"))
            dutyDaysPerWeek = p.int("posts.duty_days_per_week"); overloadFatigue = p.float("posts.overload_fatigue")
            radiationBoost = p["posts.radiation_boost"]; appointmentTrust = p.float("posts.appointment_trust")
            stipend = p["posts.stipend"]; recruitHours = p["posts.recruit_hours"]
            appointeeHosts = p.bool("posts.appointee_hosts")
        }
        func isAppointmentDay(_ day: Int) -> Bool {
            lever.active(day) && (day - lever.startDay) % termDays == 0
        }
        /// Duty days: Saturday, then weekday evenings from Tuesday on.
        func isDutyDay(_ weekday: Int) -> Bool {
            let order = [5, 1, 3, 0, 2, 4, 6]
            return order.prefix(dutyDaysPerWeek).contains(weekday)
        }
    }
}

extension World {
    /// Fills every post of community c for a new term.
    mutating func appointPosts(_ c: Int, _ today: CalendarDay, _ rng: RandomStream) {
        let pp = params.posts
        // Holders whose term runs on keep their post; the vacancies go to the
        // best candidates, a prefix of the best `perCommunity` kept here.
        var holders = 0
        bestFloat.start(k: pp.perCommunity)
        for i in communities.residentRange(c) where residents.age[i] > AgeGroup.teen.rawValue {
            if residents.role[i] == Role.post.rawValue && Int(residents.roleUntil[i]) > today.day { holders += 1; continue }
            if Role.isChief(residents.role[i]) { continue }   // a chief keeps their chain role
            let t = residents.talent[i]
            let talentRank: Float = t == TalentState.engaged.rawValue ? 2 : (t == TalentState.discovered.rawValue ? 1 : 0)
            bestFloat.offer(talentRank * 10 + residents.engagement[i], i)
        }
        bestFloat.finish()
        let appointed = min(bestFloat.items.count, max(0, pp.perCommunity - holders))
        useLeverStaffHours(c, .posts, pp.recruitHours * Double(appointed))
        for r in 0..<appointed {
            let i = Int(bestFloat.items[r].id)
            residents.role[i] = Role.post.rawValue
            residents.roleUntil[i] = Int32(today.day + pp.termDays)
            residents.trust[i] += pp.appointmentTrust * (1 - residents.trust[i])
            residents.belonging[i] += pp.appointmentTrust * (1 - residents.belonging[i])
            if pp.appointeeHosts,
               residents.talent[i] == TalentState.discovered.rawValue || residents.talent[i] == TalentState.latent.rawValue {
                engage(i, today, rng)
            }
        }
    }

    /// Month end: the month's allowance of every post holder.
    mutating func payPostStipends(_ c: Int) {
        bookLeverMoney(c, .posts, params.posts.stipend * Double(communities.postHolders[c]), payer: .government)
    }

    /// Post holders' duties on their duty days (evening band).
    mutating func performPostDuties(_ c: Int, _ today: CalendarDay, _ rng: RandomStream) {
        guard params.posts.active(today.day), params.posts.isDutyDay(today.weekday) else { return }
        for i in communities.residentRange(c) where residents.role[i] == Role.post.rawValue {
            let a = params.availability.chance(age: residents.age[i], weekend: today.isWeekend, band: .evening)
            if rng.uniform() < Double(a) { offer(i, .duty, day: today.day, rng: rng) }
        }
    }
}
