/// Online and employer channels (seeds/001: the Huajin community "published
/// the news in its 96 building chat groups" before residents chose a canteen
/// supplier by vote; seeds/000: a resident who answers "in seconds" in the
/// residents' online group and films the community's teams and events for
/// his video channel; seeds/004: a live-streaming studio that publicises the
/// other talents' classes; seeds/002: enterprise party groups paired with the
/// community's projects "mobilise and encourage employees who live in the
/// street to throw themselves into community governance", their "dual
/// identity"; the platform invites residents online and offline — cable TV,
/// notices, phone calls; seeds/003: "micro-classes" on the community cloud
/// platform and "micro-philanthropy").
///
/// Working adults are out in office hours (P8): evening office hours move
/// the activities; these channels instead change who *hears* of them and
/// let some take part from a distance. Each is a separate field, 0 = off:
///
/// - *building chat groups*: a share of buildings has a group; a resident
///   aged 13+ in such a building hears of an event, sitting or work day
///   with at least `chat_reach`;
/// - *live-streaming of sittings*: a resident who heard of a sitting but is
///   not free at its hour may follow it live or as a replay in the evening
///   and take part remotely (counted as taking part; in the sitting's
///   attendance with weight `stream_weight`; no ties form online);
/// - *employer channel*: working adults whose employer's party group is
///   paired with the community hear with at least `employer_reach`;
/// - *micro-classes*: short online classes in the evening, announced
///   through the channels, a cheap opportunity (time cost `class_time_cost`
///   instead of an event's);
/// - *micro-philanthropy*: a crowdfunding campaign is also posted online;
///   residents who hear through a channel give a small sum, which the
///   government matches like any gift.
public enum ChannelsLever {
    public static let spec = LeverSpec(
        name: "channels", summary: "building chat groups, live-streamed sittings, employers' party groups, micro-classes and micro-philanthropy",
        source: "seeds/000, seeds/001, seeds/002, seeds/003, seeds/004",
        running: RunningCost.none,
        fields: [
            .share("channels.chat_share", 1.0, "share of buildings with a building chat group (0: no chat groups)", source: "seeds/001 (96 building groups)"),
            .share("channels.chat_reach", 0.15, "chance a resident aged 13+ in a building with a group hears of an event, sitting or work day through it", source: "assumption"),
            ParamSpec("channels.chat_upkeep_hours", .real, 0.5, unit: "hours/group/month", range: 0...100, "staff hours to keep one building group (posting, answering, moderating)", source: "assumption"),
            .share("channels.stream_weight", 0.5, "weight of a remote (live-streamed) participant in a sitting's attendance (0: no live-streaming)", source: "seeds/000, seeds/004 (live-streaming); assumption"),
            ParamSpec("channels.stream_cost", .real, 50, unit: "yuan/sitting", range: 0...100_000, "cost of streaming one sitting (equipment, data)", source: "assumption"),
            ParamSpec("channels.stream_hours", .real, 1, unit: "hours/sitting", range: 0...100, "staff hours to stream one sitting and post the replay", source: "assumption"),
            .share("channels.employer_share", 0.2, "share of working adults whose employer's party group is paired with the community (0: no employer channel)", source: "seeds/002 (enterprise party groups, 'dual identity'); assumption"),
            .share("channels.employer_reach", 0.5, "chance such an employee hears of an event, sitting or work day through the employer's party group", source: "assumption"),
            ParamSpec("channels.employer_hours", .real, 4, unit: "hours/month", range: 0...1000, "staff hours a month of liaison with the paired units' party groups", source: "assumption"),
            ParamSpec("channels.classes_per_month", .integer, 2, unit: "classes/month", range: 0...4, "online micro-classes a month, on Wednesday evenings (0: none)", source: "seeds/003 (micro-classes); assumption"),
            .share("channels.class_reach", 0.05, "chance a resident not reached by a channel hears of a micro-class (the community's account)", source: "assumption"),
            ParamSpec("channels.class_time_cost", .real, 0.2, unit: "logit", range: -10...10, "time cost of an online micro-class in the participation logit (an event's is decision.cost_event)", source: "assumption"),
            ParamSpec("channels.class_cost", .real, 300, unit: "yuan/class", range: 0...100_000, "cost of producing one micro-class (micro-video, platform)", source: "assumption"),
            ParamSpec("channels.class_hours", .real, 2, unit: "hours/class", range: 0...100, "staff hours per micro-class", source: "assumption"),
            .share("channels.gift_chance", 0.05, "chance a resident who hears of a crowdfunding campaign through a channel gives online (0: no micro-philanthropy)", source: "seeds/003 (micro-philanthropy); assumption"),
            ParamSpec("channels.gift_amount", .real, 20, unit: "yuan/gift", range: 0...100_000, "one online gift", source: "assumption"),
        ])

    /// Weekday of the micro-classes (Wednesday).
    static let classWeekday = 2

    struct Params: LeverParameters {
        let lever: LeverSwitch
        let chatShare, chatReach, chatUpkeep: Double
        let streamWeight, streamCost, streamHours: Double
        let employerShare, employerReach, employerHours: Double
        let classesPerMonth: Int
        let classReach: Double
        let classTimeCost: Float
        let classCost, classHours: Double
        let giftChance, giftAmount: Double
        init(_ p: Parameters) {
            lever = LeverSwitch(p, "channels")
            chatShare = p["channels.chat_share"]; chatReach = p["channels.chat_reach"]; chatUpkeep = p["channels.chat_upkeep_hours"]
            streamWeight = p["channels.stream_weight"]; streamCost = p["channels.stream_cost"]; streamHours = p["channels.stream_hours"]
            employerShare = p["channels.employer_share"]; employerReach = p["channels.employer_reach"]
            employerHours = p["channels.employer_hours"]
            classesPerMonth = p.int("channels.classes_per_month"); classReach = p["channels.class_reach"]
            classTimeCost = p.float("channels.class_time_cost")
            classCost = p["channels.class_cost"]; classHours = p["channels.class_hours"]
            giftChance = p["channels.gift_chance"]; giftAmount = p["channels.gift_amount"]
        }
        /// Live-streaming of sittings is on today.
        func streams(_ day: Int) -> Bool { active(day) && streamWeight > 0 }
    }
}

extension World {
    /// Whether building b has a chat group (a hash of the building: fixed, no draw).
    @inline(__always) func hasChatGroup(_ b: Int, community c: Int) -> Bool {
        hashUniform(UInt64(origin.globalBuilding(b, community: c)), 0xC4A7, 1, UInt64(replicate)) < params.channels.chatShare
    }

    /// Whether resident i is a working adult whose employer's party group is
    /// paired with the community (a hash of the resident: fixed, no draw).
    @inline(__always) func isPairedEmployee(_ i: Int) -> Bool {
        residents.age[i] == AgeGroup.working.rawValue
            && hashUniform(UInt64(origin.globalResident(i, community: Int(residents.community[i]))), 0xE3A1, 2, UInt64(replicate)) < params.channels.employerShare
    }

    /// Chance resident i hears of an activity through a channel today (0 when
    /// the lever is off, for children, and outside the channels).
    @inline(__always) func channelHearing(_ i: Int, day: Int) -> Double {
        let ch = params.channels
        guard ch.active(day), residents.age[i] != AgeGroup.child.rawValue else { return 0 }
        var h = 0.0
        if ch.chatReach > 0 && ch.chatShare > 0 && hasChatGroup(Int(residents.building[i]), community: Int(residents.community[i])) { h = ch.chatReach }
        if ch.employerShare > 0 && ch.employerReach > h && isPairedEmployee(i) { h = ch.employerReach }
        return h
    }

    /// Month end: upkeep of the building groups and liaison with the units' party groups.
    mutating func keepChannels(_ c: Int, _ today: CalendarDay) {
        let ch = params.channels
        guard ch.active(today.day), today.isMonthEnd else { return }
        if ch.chatShare > 0 {
            var groups = 0
            for b in units.communityBuildings(c) where hasChatGroup(b, community: c) { groups += 1 }
            useLeverStaffHours(c, .channels, ch.chatUpkeep * Double(groups))
        }
        if ch.employerShare > 0 { useLeverStaffHours(c, .channels, ch.employerHours) }
    }

    /// A resident who heard of a sitting but is not free at its hour follows
    /// the live stream or its replay in the evening (one draw) and decides as
    /// for a sitting. Returns whether they took part remotely.
    mutating func followStream(_ i: Int, _ today: CalendarDay, _ rng: RandomStream) -> Bool {
        let a = Double(params.availability.chance(age: residents.age[i], weekend: today.isWeekend, band: .evening))
        guard rng.uniform() < a else { return false }
        return offer(i, .sitting, day: today.day, rng: rng)
    }

    /// Books one streamed sitting.
    mutating func bookStream(_ c: Int) {
        bookLeverMoney(c, .channels, params.channels.streamCost, payer: .government)
        useLeverStaffHours(c, .channels, params.channels.streamHours)
    }

    /// Online micro-classes on the first `classes_per_month` Wednesdays of each
    /// 30-day month, in the evening: whoever hears (a channel, else the
    /// community's account) and is free decides at the class's low time cost.
    /// Nobody meets, so no ties form and no talent is discovered.
    mutating func holdMicroClasses(_ c: Int, _ today: CalendarDay, _ rng: RandomStream) {
        let ch = params.channels
        guard ch.active(today.day), ch.classesPerMonth > 0, today.weekday == ChannelsLever.classWeekday,
              (today.day % 30) / 7 < ch.classesPerMonth else { return }
        bookLeverMoney(c, .channels, ch.classCost, payer: .government)
        useLeverStaffHours(c, .channels, ch.classHours)
        let d = params.decision
        let shift = d.cost[Opportunity.event.rawValue] - ch.classTimeCost
        for i in communities.residentRange(c) where residents.age[i] != AgeGroup.child.rawValue {
            guard !residents.tookPart[i] else { continue }
            let heard = max(ch.classReach, channelHearing(i, day: today.day))
            let a = Double(params.availability.chance(age: residents.age[i], weekend: false, band: .evening))
            guard rng.uniform() < heard * a else { continue }
            // The event's logit with the class's time cost instead of the event's (never paid).
            let p = Decision.logistic(participationLogit(i, .event, day: today.day, paid: false) + shift)
            if rng.uniform() < Double(p) { recordParticipation(i) }
        }
    }

    /// Micro-philanthropy: the campaign for issue k is also posted online;
    /// each resident aged 13+ of the community who hears through a channel
    /// gives `gift_amount` with chance `gift_chance`, until `need` is met.
    /// Returns the sum given (residents' money).
    mutating func onlineGifts(_ k: Int, need: Double, _ today: CalendarDay, _ rng: RandomStream) -> Double {
        let ch = params.channels
        guard ch.active(today.day), ch.giftChance > 0, ch.giftAmount > 0, need > 0 else { return 0 }
        let c = Int(issues.community[k])
        let ownership = params.crowdfunding.ownership
        var given = 0.0
        for i in communities.residentRange(c) where given < need {
            let h = channelHearing(i, day: today.day)
            guard h > 0, rng.uniform() < h * ch.giftChance else { continue }
            given += min(ch.giftAmount, need - given)
            residents.belonging[i] += ownership * (1 - residents.belonging[i])
            recordParticipation(i, adultsOnly: true)
        }
        bookLeverMoney(c, .channels, given, payer: .residents)
        return given
    }
}
