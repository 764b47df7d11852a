/// Events as a lever, with variants (seeds/000, 001, 004). Beyond the party
/// organisation's weekly event (§7.7), the seeds name three kinds that reach
/// residents the ordinary event misses:
/// - festivals and flea markets (seeds/001 "mobilising relies on activities";
///   seeds/004 "warmth: events"): community-wide, at the weekend, widely
///   publicised;
/// - all-age events (seeds/000 Jiaxing Road: a "1-metre view" planning day
///   where families came "with the children" and a teenager proposed a
///   shared reading club; a Lei Feng story day for under-14s; young adults
///   joining the "young-old help old-old" scheme): children and teens hear of
///   them through schools and parents, and participants of different ages
///   pair up;
/// - international-resident activities (seeds/000: an English corner where
///   foreigners teach residents English "so that residents get to know and
///   help each other", a bilingual map, an alphabet activity): foreign
///   residents hear of them in their language, and participants of
///   different origins pair up.
/// Children bring parents (seeds/000: a first-grader told the Lei Feng story
/// "with her family's help", "and the parents who helped the children
/// relived the Lei Feng spirit"; the old-help-old scheme then drew a batch of
/// young and middle-aged residents who signed up of their own accord): a
/// child (0-12) taking part in an all-age event brings a parent with chance
/// `events.parent_bring` — the household's first working-age or
/// flexible-schedule member, else its first adult — who takes part with the
/// child, mingles with the others and is informed of activities for
/// `party.informed_days` (so hears of sittings, work days and other events).
/// Each variant is a field (events per month); each event is an opportunity
/// (`offer(event)`), builds ties across age groups or origins, and is a
/// discovery path for latent talents. Each costs money (government) and
/// staff hours.
public enum EventsLever {
    public static let spec = LeverSpec(
        name: "events", summary: "festivals, all-age and international-resident events", source: "seeds/000, seeds/001, seeds/004",
        fields: [
            ParamSpec("events.festivals_per_month", .integer, 1, unit: "events/month", range: 0...5, "festivals and flea markets a month (first Saturdays of the month)", source: "seeds/001, seeds/004"),
            .share("events.festival_reach", 0.3, "chance a resident not personally informed hears of a festival (posters, chat groups, the stalls themselves)", source: "assumption"),
            ParamSpec("events.festival_cost", .real, 3_000, unit: "yuan/event", range: 0...1_000_000, "money a festival or flea market costs (government)", source: "assumption"),
            ParamSpec("events.festival_staff_hours", .real, 16, unit: "hours/event", range: 0...1000, "staff hours to prepare and run a festival", source: "assumption"),
            ParamSpec("events.all_age_per_month", .integer, 1, unit: "events/month", range: 0...5, "all-age events a month (first Sundays of the month)", source: "seeds/000 (1-metre view planning, Lei Feng story day, young help old)"),
            .share("events.all_age_reach", 0.4, "chance a child or teen hears of an all-age event (schools, parents); 0 switches the age reach off", source: "seeds/000; assumption"),
            ParamSpec("events.all_age_cost", .real, 1_000, unit: "yuan/event", range: 0...1_000_000, "money an all-age event costs (government)", source: "assumption"),
            ParamSpec("events.all_age_staff_hours", .real, 8, unit: "hours/event", range: 0...1000, "staff hours to prepare and run an all-age event", source: "assumption"),
            ParamSpec("events.international_per_month", .integer, 2, unit: "events/month", range: 0...5, "international-resident activities a month (English corner, first Thursday evenings of the month)", source: "seeds/000 (English corner, bilingual map)"),
            .share("events.international_reach", 0.5, "chance a foreign resident hears of an international activity (bilingual notices and map); 0 switches the origin reach off", source: "seeds/000; assumption"),
            ParamSpec("events.international_cost", .real, 300, unit: "yuan/event", range: 0...1_000_000, "money an international activity costs (government)", source: "assumption"),
            ParamSpec("events.international_staff_hours", .real, 4, unit: "hours/event", range: 0...1000, "staff hours to prepare and run an international activity", source: "assumption"),
            .share("events.cross_tie", 0.5, "chance a participant of an all-age (international) event forms a tie with a participant of another age group (origin); 0 switches it off", source: "seeds/000 (young help old; residents get to know each other); assumption"),
            .share("events.parent_bring", 0.5, "chance a child taking part in an all-age event brings a parent, who takes part and is then informed of other activities (0 = off)", source: "seeds/000 (parents helping children; young and middle-aged residents then signed up); size assumption"),
            .share("events.discover", 0.05, "chance a latent talent taking part in a lever event is discovered (as at other activities); 0 switches the discovery path off", source: "seeds/004 (activities as a discovery path)"),
        ])

    enum Variant { case festival, allAge, international }

    struct Params: LeverParameters {
        let lever: LeverSwitch
        let festivals, allAge, international: Int
        let festivalReach, allAgeReach, internationalReach: Double
        let festivalCost, allAgeCost, internationalCost: Double
        let festivalHours, allAgeHours, internationalHours: Double
        let crossTie, discover, parentBring: Double
        init(_ p: Parameters) {
            lever = LeverSwitch(p, "events")
            festivals = p.int("events.festivals_per_month"); allAge = p.int("events.all_age_per_month")
            international = p.int("events.international_per_month")
            festivalReach = p["events.festival_reach"]; allAgeReach = p["events.all_age_reach"]
            internationalReach = p["events.international_reach"]
            festivalCost = p["events.festival_cost"]; allAgeCost = p["events.all_age_cost"]
            internationalCost = p["events.international_cost"]
            festivalHours = p["events.festival_staff_hours"]; allAgeHours = p["events.all_age_staff_hours"]
            internationalHours = p["events.international_staff_hours"]
            crossTie = p["events.cross_tie"]; discover = p["events.discover"]
            parentBring = p["events.parent_bring"]
        }
    }
}

extension World {
    /// Today's lever events in community c: festivals on the first n
    /// Saturdays of each 30-day month, all-age events on the first n Sundays,
    /// international activities on the first n Thursday evenings.
    mutating func holdLeverEvents(_ c: Int, _ today: CalendarDay, _ rng: RandomStream) {
        let ep = params.events
        guard ep.active(today.day) else { return }
        let week = (today.day % 30) / 7
        switch today.weekday {
        case 5 where week < ep.festivals: holdVariantEvent(c, .festival, today, rng)
        case 6 where week < ep.allAge: holdVariantEvent(c, .allAge, today, rng)
        case 3 where week < ep.international: holdVariantEvent(c, .international, today, rng)
        default: break
        }
    }

    /// One lever event: every resident is asked with probability heard·a
    /// (heard = 1 if personally informed, else the variant's reach for its
    /// audience, else the ordinary event reach); participants pair across age
    /// groups or origins, mingle, and may be discovered.
    mutating func holdVariantEvent(_ c: Int, _ variant: EventsLever.Variant, _ today: CalendarDay, _ rng: RandomStream) {
        let ep = params.events
        let band = HourBand.evening   // weekends, and the English corner on a weekday evening
        let general = params.party.eventReach
        let child = AgeGroup.child.rawValue, teen = AgeGroup.teen.rawValue, foreign = Origin.foreign.rawValue
        activityBuffer.removeAll(keepingCapacity: true)
        for i in communities.residentRange(c) {
            var heard = general
            if Int(residents.informedUntil[i]) >= today.day {
                heard = 1
            } else {
                switch variant {
                case .festival: heard = max(heard, ep.festivalReach)
                case .allAge: if residents.age[i] == child || residents.age[i] == teen { heard = max(heard, ep.allAgeReach) }
                case .international: if residents.origin[i] == foreign { heard = max(heard, ep.internationalReach) }
                }
            }
            attend(i, heard: heard, today, band, rng)
        }
        if variant == .allAge && ep.parentBring > 0 { bringParents(today, rng) }
        switch variant {
        case .festival: break
        case .allAge: pairAcross(by: residents.age, chance: params.events.crossTie, rng)
        case .international: pairAcross(by: residents.origin, chance: params.events.crossTie, rng)
        }
        mingle(today, rng, discovery: ep.discover)
        let (yuan, hours): (Double, Double)
        switch variant {
        case .festival: (yuan, hours) = (ep.festivalCost, ep.festivalHours)
        case .allAge: (yuan, hours) = (ep.allAgeCost, ep.allAgeHours)
        case .international: (yuan, hours) = (ep.internationalCost, ep.internationalHours)
        }
        bookLeverMoney(c, .events, yuan, payer: .government)
        useLeverStaffHours(c, .events, hours)
    }

    /// Children among today's participants (in `activityBuffer`) bring a
    /// parent with chance `events.parent_bring`: the first working or
    /// flexible member of the household, else its first adult. The parent
    /// takes part, joins the participants and is informed of activities.
    mutating func bringParents(_ today: CalendarDay, _ rng: RandomStream) {
        let n = activityBuffer.count
        let child = AgeGroup.child.rawValue, teen = AgeGroup.teen.rawValue
        let working = AgeGroup.working.rawValue, flexible = AgeGroup.flexible.rawValue
        let until = Int32(today.day + params.party.informedDays)
        for k in 0..<n {
            let i = Int(activityBuffer[k])
            guard residents.age[i] == child, rng.uniform() < params.events.parentBring else { continue }
            var parent = -1, adult = -1
            for j in households.members(Int(residents.household[i])) {
                let a = residents.age[j]
                if a == working || a == flexible { parent = j; break }
                if adult < 0 && a > teen { adult = j }
            }
            if parent < 0 { parent = adult }
            guard parent >= 0 else { continue }
            residents.informedUntil[parent] = max(residents.informedUntil[parent], until)
            guard !residents.tookPart[parent] else { continue }
            recordParticipation(parent)
            activityBuffer.append(Int32(parent))
        }
    }

    /// Each participant (in `activityBuffer`), with chance `chance`, ties to a
    /// participant whose `key` differs (another age band, origin, or compound):
    /// up to four draws find one; dynamic ties both ways, and with `lasting`
    /// also the one-slot tie across compounds (`crossTie`, §7.51).
    mutating func pairAcross<Key: Equatable>(by key: ContiguousArray<Key>, chance p: Double, lasting: Bool = false,
                                             _ rng: RandomStream) {
        let n = activityBuffer.count
        guard p > 0, n > 1 else { return }
        for k in 0..<n {
            guard rng.uniform() < p else { continue }
            let i = Int(activityBuffer[k])
            for _ in 0..<4 {
                let j = Int(activityBuffer[rng.below(n)])
                if key[j] != key[i] {
                    if lasting {
                        residents.crossTie[i] = Int32(j)
                        residents.crossTie[j] = Int32(i)
                    }
                    ties.addDynamic(i, j)
                    ties.addDynamic(j, i)
                    break
                }
            }
        }
    }
}
