/// Deliberation modes (seeds/002 "one issue, one meeting" and the
/// street-level platform; seeds/003 three-round deliberation: building,
/// compound, then the three committees; seeds/002 cross-compound platforms).
/// Without the lever every issue waits for the monthly platform. With it,
/// small issues get their own meeting within days; big ones go through three
/// rounds, which take longer but reach consensus more often and leave more
/// legitimacy; cross-compound issues get a platform that removes their penalty.
public enum DeliberationModesLever {
    public static let spec = LeverSpec(
        name: "deliberation_modes", summary: "one-issue-one-meeting, three-round deliberation and cross-compound platforms", source: "seeds/002, seeds/003",
        running: RunningCost(staffHoursPerMonth: 4, what: "keeping the platforms and meeting rules"),
        fields: [
            .flag("deliberation_modes.one_issue_one_meeting", true, "small issues get their own meeting within days", source: "seeds/002"),
            .flag("deliberation_modes.three_round", true, "big issues go through three rounds (building, compound, three committees)", source: "seeds/003"),
            .flag("deliberation_modes.cross_compound", true, "a cross-compound platform for issues spanning compounds", source: "seeds/002"),
            .days("deliberation_modes.meeting_delay", 4, max: 365, "days from raising to the issue's own meeting", source: "seeds/002; assumption"),
            .days("deliberation_modes.round_interval", 14, max: 365, "days between the rounds of the three-round mode", source: "seeds/003; assumption"),
            ParamSpec("deliberation_modes.three_round_bonus", .real, 1.5, unit: "logit", range: 0...20, "consensus bonus of the three-round mode", source: "seeds/003"),
            .share("deliberation_modes.three_round_legitimacy", 0.3, "legitimacy added to a three-round decision", source: "seeds/003"),
            ParamSpec("deliberation_modes.staff_hours_per_sitting", .real, 2, unit: "hours/sitting", range: 0...100, "staff hours to prepare and chair a sitting held under the lever's modes (own meetings, rounds)", source: "assumption"),
        ])

    struct Params: LeverParameters {
        let lever: LeverSwitch
        let oneIssueOneMeeting, threeRound, crossCompound: Bool
        let meetingDelay, roundInterval: Int
        let threeRoundBonus, threeRoundLegitimacy: Float
        let staffHoursPerSitting: Double
        init(_ p: Parameters) {
            lever = LeverSwitch(p, "deliberation_modes")
            oneIssueOneMeeting = p.bool("deliberation_modes.one_issue_one_meeting"); threeRound = p.bool("deliberation_modes.three_round")
            crossCompound = p.bool("deliberation_modes.cross_compound")
            meetingDelay = max(1, p.int("deliberation_modes.meeting_delay")); roundInterval = max(1, p.int("deliberation_modes.round_interval"))
            threeRoundBonus = p.float("deliberation_modes.three_round_bonus")
            threeRoundLegitimacy = p.float("deliberation_modes.three_round_legitimacy")
            staffHoursPerSitting = p["deliberation_modes.staff_hours_per_sitting"]
        }
    }
}
