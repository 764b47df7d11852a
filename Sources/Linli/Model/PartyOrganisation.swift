/// The party organisation's day (MODEL.md §3 step 4): staff hours split
/// between office hours and, under the office-hours lever, evenings and
/// weekends; visits that reach whoever is at home in that band (raising
/// belonging and trust, informing them of activities, discovering talents);
/// weekly events; the party members' monthly activity day.
/// Recognition and appointments are levers (RedList.swift, Posts.swift).
public enum PartyOrganisation {
    public static let parameters: [ParamSpec] = [
        ParamSpec("party.staff_hours_per_day", .real, 7.5, unit: "hours/worker/day", range: 0...16, "working hours of a community worker on a weekday", source: "seeds/001 (community-worker career ladder); assumption"),
        .share("party.admin_share", 0.6, "share of staff hours taken by paperwork and tasks from above, not outreach", source: "assumption (seeds/000: cadres overloaded)"),
        ParamSpec("party.hours_per_visit", .real, 1.0, unit: "hours", range: 0.1...8, "staff hours per household visit", source: "assumption"),
        .share("party.visit_belonging", 0.05, "share of the gap to 1 that a visit closes in belonging b", source: "seeds/004 (warmth); assumption"),
        .share("party.visit_trust", 0.05, "share of the gap to 1 that a visit closes in trust τ", source: "seeds/004; assumption"),
        .days("party.informed_days", 21, max: 365, "days a visited resident stays informed of (and personally invited to) activities", source: "assumption"),
        ParamSpec("party.events_per_week", .integer, 1, unit: "events/week", range: 0...5, "community events held each week", source: "seeds/000, seeds/001, seeds/004 (festivals, activities); assumption"),
        ParamSpec("party.event_staff_hours", .real, 8, unit: "hours", range: 0...100, "staff hours to prepare and run one event", source: "assumption"),
        .share("party.event_reach", 0.05, "chance a resident not personally invited hears of an event (notices, chat groups)", source: "assumption"),
        ParamSpec("party.event_weekday", .integer, 2, unit: "weekday (0 = Monday)", range: 0...4, "weekday of the first weekly event", source: "assumption"),
        ParamSpec("party.party_day", .integer, 10, unit: "day of month", range: 0...29, "day of each 30-day month of the party members' activity day", source: "seeds/002 (party organisation coverage); assumption"),
    ]

    struct Params: Sendable {
        let hoursPerDay, adminShare, hoursPerVisit: Double
        let visitBelonging, visitTrust: Float
        let informedDays, eventsPerWeek: Int
        let eventStaffHours, eventReach: Double
        let eventWeekday, partyDay: Int
        init(_ p: Parameters) {
            hoursPerDay = p["party.staff_hours_per_day"]; adminShare = p["party.admin_share"]
            hoursPerVisit = p["party.hours_per_visit"]
            visitBelonging = p.float("party.visit_belonging"); visitTrust = p.float("party.visit_trust")
            informedDays = p.int("party.informed_days"); eventsPerWeek = p.int("party.events_per_week")
            eventStaffHours = p["party.event_staff_hours"]; eventReach = p["party.event_reach"]
            eventWeekday = p.int("party.event_weekday"); partyDay = p.int("party.party_day")
        }
    }
}

extension World {
    /// Staff hours available today in a band, per worker: weekdays in office
    /// hours; the office-hours lever moves a share to evenings and weekends,
    /// keeping the weekly total (5 × daily hours) and adding overtime.
    func staffHours(_ today: CalendarDay, _ band: HourBand) -> Double {
        let h = params.party.hoursPerDay
        let s = params.officeHours.active(today.day) ? params.officeHours.eveningShare : 0
        if today.isWeekend { return band == .evening ? h * s * OfficeHoursLever.weekendWeight : 0 }
        switch band {
        case .office: return h * (1 - s)
        case .evening: return h * s * OfficeHoursLever.weekdayEveningWeight
        }
    }

    mutating func partyOrganisationDay(_ c: Int, _ today: CalendarDay, _ rng: RandomStream) {
        let staff = staffOnDuty(c, today.day)
        let extra = params.officeHours.active(today.day) ? params.officeHours.overtimeShare : 0
        var worked = false
        for band in [HourBand.office, .evening] {
            let hours = staffHours(today, band) * staff
            if hours <= 0 { continue }
            worked = true
            communities.staffHoursToday[c] += hours * (1 + extra)
            if extra > 0 {
                bookLeverOvertime(c, .officeHours, hours * extra)
                bookLeverMoney(c, .officeHours, hours * extra * params.officeHours.overtimePay, payer: .government)
            }
            var free = hours * (1 - params.party.adminShare)
            // Added street staff take over admin load (staffing lever).
            free += streetSupportHours(c, today, adminHours: hours * params.party.adminShare)
            // A low residents' assessment moves admin hours to visits (assessment lever).
            free += assessmentOutreachHours(c, today, adminHours: hours * params.party.adminShare)
            if eventsToday(c, today, band) > 0 { free -= params.party.eventStaffHours * Double(eventsToday(c, today, band)) }
            // Levers' staff time comes out of outreach first (LeverCosts.swift).
            free = settleLeverStaffHours(c, free: free)
            visit(c, today, band, hours: max(0, free), rng)
        }
        if worked { closeLeverStaffHours(c) }
        if params.redList.active(today.day) && today.isMonthEnd { publishRedList(c, today, rng) }
        if params.posts.isAppointmentDay(today.day) { appointPosts(c, today, rng) }
        if params.posts.active(today.day) && today.isMonthEnd { payPostStipends(c) }
    }

    /// Household visits in one band: the members at home (available in that
    /// band) are reached.
    mutating func visit(_ c: Int, _ today: CalendarDay, _ band: HourBand, hours: Double, _ rng: RandomStream) {
        let pp = params.party
        // Staff effectiveness shortens a visit; the discovery lever's register lengthens it.
        let register = registerHoursPerVisit(today)
        let exact = hours / (pp.hoursPerVisit / staffVisitFactor(c, today.day) + register) + communities.visitCarry[c]
        let visits = Int(exact)
        communities.visitCarry[c] = exact - Double(visits)
        let hr = communities.householdRange(c)
        if hr.isEmpty { return }
        let discover = visitDiscoveryChance(c, today, visits: visits, register: register)
        for _ in 0..<visits {
            let h = hr.lowerBound + rng.below(hr.count)
            for i in households.members(h) {
                let a = params.availability.chance(age: residents.age[i], weekend: today.isWeekend, band: band)
                guard rng.uniform() < Double(a) else { continue }
                residents.belonging[i] += pp.visitBelonging * (1 - residents.belonging[i])
                residents.trust[i] += pp.visitTrust * (1 - residents.trust[i])
                residents.informedUntil[i] = Int32(today.day + pp.informedDays)
                maybeDiscover(i, chance: discover, today, rng, path: .visit)
            }
        }
    }

    /// Events held today in a band. Weekly events fall on weekdays in office
    /// hours; under the office-hours lever a share is moved to that evening or
    /// to the weekend (decided by `scheduleEvents`).
    func eventsToday(_ c: Int, _ today: CalendarDay, _ band: HourBand) -> Int {
        if today.isWeekend {
            return band == .evening && today.weekday == 5 ? Int(communities.pendingWeekendEvents[c]) : 0
        }
        var n = 0
        for k in 0..<params.party.eventsPerWeek where (params.party.eventWeekday + 2 * k) % 5 == today.weekday {
            n += eventBand(c, today, k) == band ? 1 : 0
        }
        return n
    }

    /// The band of weekly event k today (office, or moved to the evening);
    /// events moved to the weekend return nil. Deterministic per (community, day, k)
    /// so that planning and holding agree without stored state.
    func eventBand(_ c: Int, _ today: CalendarDay, _ k: Int) -> HourBand? {
        guard params.officeHours.active(today.day) else { return .office }
        let u = hashUniform(UInt64(origin.global(c)), UInt64(today.day), UInt64(k), UInt64(replicate))
        let s = params.officeHours.eveningShare
        if u >= s { return .office }
        return u < s * OfficeHoursLever.weekendEventShare ? nil : .evening
    }

    mutating func holdEvents(_ c: Int, _ today: CalendarDay, _ rng: RandomStream) {
        if today.isWeekend {
            if today.weekday == 5 {
                for _ in 0..<Int(communities.pendingWeekendEvents[c]) { holdEvent(c, today, .evening, rng) }
                communities.pendingWeekendEvents[c] = 0
            }
            return
        }
        for k in 0..<params.party.eventsPerWeek where (params.party.eventWeekday + 2 * k) % 5 == today.weekday {
            if let band = eventBand(c, today, k) {
                holdEvent(c, today, band, rng)
            } else {
                communities.pendingWeekendEvents[c] += 1
            }
        }
    }

    /// One event: residents who heard of it (personally informed, or by
    /// notice) and are free in its band decide whether to come; participants
    /// gain ties with each other and talents among them may be discovered.
    mutating func holdEvent(_ c: Int, _ today: CalendarDay, _ band: HourBand, _ rng: RandomStream) {
        activityBuffer.removeAll(keepingCapacity: true)
        let reach = staffEventReach(c, today.day)
        let relay = landlordRelay(c, today)
        for i in communities.residentRange(c) {
            var heard = Int(residents.informedUntil[i]) >= today.day ? 1.0 : reach
            if relay > heard && hearsFromLandlord(i) { heard = relay }
            attend(i, heard: heard, today, band, rng)
        }
        mingle(today, rng, discovery: activityDiscoveryChance(c, today))
    }

    /// Resident i heard of today's event with chance `heard`: if free in its
    /// band and willing, they come (into `activityBuffer`). Shared by every
    /// kind of event (weekly, lever variants, classes) so they draw alike.
    @inline(__always) mutating func attend(_ i: Int, heard: Double, _ today: CalendarDay, _ band: HourBand, _ rng: RandomStream) {
        let a = Double(params.availability.chance(age: residents.age[i], weekend: today.isWeekend, band: band))
        let heard = max(heard, channelHearing(i, day: today.day))   // channels lever
        guard rng.uniform() < heard * a else { return }
        if offer(i, .event, day: today.day, rng: rng) { activityBuffer.append(Int32(i)) }
    }

    /// Party members' monthly activity day (office hours, or evening under the lever).
    mutating func holdPartyDay(_ c: Int, _ today: CalendarDay, _ rng: RandomStream) {
        guard today.day % 30 == params.party.partyDay else { return }
        let band: HourBand = (eventBand(c, today, 7) ?? .evening)
        activityBuffer.removeAll(keepingCapacity: true)
        for i in communities.residentRange(c) where residents.party[i] {
            let a = params.availability.chance(age: residents.age[i], weekend: today.isWeekend, band: band)
            guard rng.uniform() < Double(a) else { continue }
            if offer(i, .partyDay, day: today.day, rng: rng) { activityBuffer.append(Int32(i)) }
        }
        mingle(today, rng, discovery: activityDiscoveryChance(c, today))
    }

    /// Participants of one activity (in `activityBuffer`) form ties with each
    /// other and may be discovered as talents.
    mutating func mingle(_ today: CalendarDay, _ rng: RandomStream, discovery: Double) {
        let n = activityBuffer.count
        if n == 0 { return }
        let tie = Double(params.decision.tieChance)
        for k in 0..<n {
            let i = Int(activityBuffer[k])
            if n > 1 && rng.uniform() < tie {
                var j = Int(activityBuffer[rng.below(n)])
                if j == i { j = Int(activityBuffer[(k + 1) % n]) }
                ties.addDynamic(i, j)
                ties.addDynamic(j, i)
            }
            maybeDiscover(i, chance: discovery, today, rng)
        }
    }
}

/// A uniform number in [0,1) from a hash of its arguments: decisions that two
/// submodels must agree on without sharing state (e.g. where an event is held).
@inline(__always) func hashUniform(_ a: UInt64, _ b: UInt64, _ c: UInt64, _ d: UInt64) -> Double {
    var x = a &* 0x9E3779B97F4A7C15 ^ b &* 0xC2B2AE3D27D4EB4F ^ c &* 0x165667B19E3779F9 ^ d &* 0xD6E8FEB86659FD93
    x = (x ^ (x >> 30)) &* 0xBF58476D1CE4E5B9
    x = (x ^ (x >> 27)) &* 0x94D049BB133111EB
    x ^= x >> 31
    return Double(x >> 11) * 0x1.0p-53
}
