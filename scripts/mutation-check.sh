#!/usr/bin/env bash
# Mutation check of the behaviour tests: switches each named mechanism off
# through its ablation parameter (LINLI_TEST_SET, applied to every scenario
# of the test) and runs the test named for it, which must then FAIL. Prints a
# table mechanism x caught. CI does not run it; docs/test-robustness.md keeps
# its last table.
#
#   scripts/mutation-check.sh [OUT.md]
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${1:-}"
bash scripts/ensure-deps.sh
swift build -c release -Xswiftc -enable-testing --build-tests >/dev/null
# mechanism | parameters that switch it off | test (filter)
MUTANTS=(
  "credibility feedback (P4)|issues.raise_beta_credibility=0,credibility.trust_weight=0|p4SolvingHardProblemsRaisesCredibilityRaisingAndParticipation"
  "credibility erosion by lingering problems (P4 spiral)|credibility.linger_loss=0|p4ConflictSpiralAndRecoveryWithTalentStudios"
  "squads pull legitimacy (P4 recovery)|committee.squad_pull=0|p4ConflictSpiralAndRecoveryWithTalentStudios"
  "members recruit: complex contagion (P2)|groups.member_recruitment=0|p2TalentGroupGrowsSShaped"
  "pay crowds out motivation (P9)|paid_participation.crowding=0|p9PayCrowdsOutTheRedListDoesNot"
  "recognition R in force (P9)|red_list.duration_days=0,red_list.motivation_gain=0|p9PayCrowdsOutTheRedListDoesNot"
  "ownership from giving (P10)|crowdfunding.ownership=0|p10MatchedCrowdfundingRaisesMoneyAndBelonging"
  "four asks satisfaction boost|four_asks.satisfaction_boost=0|fourAsksRaiseQualityAndSatisfactionAndTakeLonger"
  "vote satisfaction boost|residents_vote.satisfaction_boost=0|residentsVoteRaisesLegitimacyAndSatisfaction"
  "third-party judging|micro_venture.judge_noise_third_party=0.3|microVentureGrantsFundServicesAndThirdPartyJudgesPickBetter"
  "lever staff hours from outreach|conventions.staff_hours_per_month=0|leverStaffHoursCrowdOutVisits"
  "chiefs tie neighbours (P5)|subdivision.tie_chance=0|eachMechanismCarriesItsEffect"
  "chiefs notice and raise (P5)|subdivision.notice_chance=0,subdivision.chiefs_raise=0|eachMechanismCarriesItsEffect"
  "tenants hear through landlords (P7)|sublandlord_partners.relay_reach=0,sublandlord_partners.registration=0|p7TenantHeavyCompoundNeedsSublandlordPartners"
  "tenants' convention (P7)|sublandlord_partners.convention_cut=0|sublandlordPartnersMechanismsAndCosts"
  "station service standard|property_station.quality=0|propertyStationQualitySpeedJobsAndCosts"
  "fee filter keeps motivated members|associations.fee_filter=0|associationsLever"
  "members hear of sittings and work days (P3)|deliberation.member_invite=0.05,work.member_invite=0.05,associations.governance_invite=0|p3InterestConvertsToGovernance"
  "associations relay sittings and work days|associations.governance_invite=0|associationsLever"
  "all-age reach of events|events.all_age_reach=0|eventsLever"
  "events tie across ages and origins|events.cross_tie=0|eventsLever"
  "party members inform their building|party_coverage.member_reach=0|partyCoverageLever"
  "red-grid informants report|party_coverage.informants_per_grid=0|partyCoverageLever"
  "talent register on visits|discovery.visit_gain=0|discoveryLeverRaisesDiscoveryByPath"
  "follow-up visits ask talents to host (P6)|discovery.followups_per_week=0|p6WithoutDiscoveryParticipationDecaysAfterLeadersGo"
  "training courses|training.courses_per_year=0|trainingLeverRaisesEffectivenessAndRetention"
  "street staff take admin load|staffing.street_support_share=0|staffingLeverRaisesHeadcountAndOutreach"
  "retirees' free daytime (P1)|availability.retiree.weekday_office=0.05,availability.retiree.weekday_evening=0.45,availability.retiree.weekend=0.55|p1LowBaseline"
  "party members' motivation and party day (P1)|population.motivation_party_bonus=0,decision.cost_party_day=0.8|p1LowBaseline"
  "evening and weekend shift (P8)|office_hours.evening_share=0|p8EveningOfficeHoursReachWorkingAdults"
  "riders notice and report|reporters.notice_hazard=0,reporters.report_chance=0|reportersCutTheDelayToRaising"
  "own meeting within days|deliberation_modes.meeting_delay=30|oneIssueOneMeetingSpeedsResolution"
  "three-round consensus bonus|deliberation_modes.three_round_bonus=0|threeRoundDeliberationReachesConsensusMoreOftenWithMoreLegitimacy"
  "legal specialist cuts conflict|legal_specialist.conflict_cut=0|legalSpecialistRaisesConsensusInDisputes"
  "planner's and designers' quality|planner.quality_bonus=0,planner.designer_quality=0|plannerAndDesignersRaiseQuality"
  "units' money and parking|co_building.money_per_unit=0,co_building.parking_cost_cut=0|coBuildingUnitsBringMoneyAndSaveGovernmentMoney"
  "convention arrival cut|conventions.arrival_cut=0|conventionsAndRotaDutiesMeanFewerProblems"
  "slower wear and rota duties|conventions.decay_cut=0,conventions.rota=0|conventionsAndRotaDutiesMeanFewerProblems"
  "appointed talents host|posts.appointee_hosts=0|postsEngageTalentsWhoThenHost"
  "survey shifts staff time to outreach|assessment.outreach_shift=0|surveyMovesStaffTimeToOutreach"
  "project ratings feed credibility|assessment.rating_weight=0|projectRatingFeedsCredibility"
  "residents supervise work|assessment.supervision=0|supervisionCutsStallsAndRaisesQuality"
  "four asks during and after work|four_asks.during_quality=0,four_asks.after_satisfaction=0|fourAsksDuringAndAfterWork"
  "organisations supervise projects|social_organisations.projects_per_org=0|organisationsSuperviseProjects"
  "incubation of home-grown organisations|social_organisations.incubate_rate=0|incubationGrowsHomeOrganisations"
  "hazards dispatched to departments|dispatch.dispatch_share=0|dispatchLever"
  "department money and work for big issues|dispatch.department_share=0,dispatch.department_rate=0|dispatchLever"
  "building chat groups|channels.chat_share=0|channelsLever"
  "micro-classes|channels.classes_per_month=0|channelsLever"
  "live-streamed sittings|channels.stream_weight=0|channelsLever"
  "employer channel|channels.employer_share=0|channelsLever"
  "micro-philanthropy|channels.gift_chance=0|channelsLever"
  "leaders' radiation grows|leader_support.session_gain=0,leader_support.experience_gain=0|leaderRadiationGrowthRaisesReach"
  "affirmation of achievements|leader_support.affirm_days=0|leaderAffirmationOfAchievements"
  "care in hardship|leader_support.care_share=0|leaderHardshipCareLowersWithdrawal"
  "self-help progress draws helpers|self_help.feedback=0|selfHelpProgressDrawsHelpers"
  "amenity rotas|self_help.rota_turns=0|amenityRotasKeepAmenities"
  "joint events tie across compounds|cross_compound.joint_events_per_month=0|jointEventsRaiseCrossTiesAndConsensus"
  "ties across raise consensus|cross_compound.consensus_ties=0|jointEventsRaiseCrossTiesAndConsensus"
  "swapped branch heads introduce|cross_compound.swap_introduce=0|mergingAndPostSwap"
  "unit links grow with joint activity|co_building.link_growth=0|linksGrowWithJointActivity"
  "residents become units' customers|co_building.customer_share=0|customGainsAndGifts"
  "convention levy|conventions.levy_per_household=0|conventionLevyFundsRenovationsTheMatchCannot"
  "household work teams|conventions.work_team_share=0|workTeamsShortenWork"
  "enforcement backing|sublandlord_partners.enforcement_join=0|enforcementRaisesSublandlordRecruitment"
  "parking fees|parking_fees.fee=0|parkingFeesAddRevenueAndResolvedProblems"
  "taking part raises trust|slow.participation_trust=0|takingPartRaisesTrust"
  "children bring parents|events.parent_bring=0|childrenBringParents"
  "referral by residents|discovery.referral_rate=0|referralDiscoversTalents"
)
# ONLY=regex runs just the mutants whose name matches (for a quick check of new ones).
if [ -n "${ONLY:-}" ]; then
  kept=(); for m in "${MUTANTS[@]}"; do [[ "${m%%|*}" =~ $ONLY ]] && kept+=("$m"); done; MUTANTS=("${kept[@]}")
fi
table="| mechanism | switched off by | test | caught |
|---|---|---|---|"
missed=0
for m in "${MUTANTS[@]}"; do
  IFS='|' read -r name sets test <<<"$m"
  if LINLI_TEST_SET="$sets" swift test -c release -Xswiftc -enable-testing --skip-build --filter "$test" >/dev/null 2>&1; then
    caught="**no**"; missed=$((missed + 1))
  else
    caught="yes"
  fi
  echo "$name: $caught" >&2
  table+=$'\n'"| $name | \`$sets\` | \`$test\` | $caught |"
done
echo "$table"
echo "missed: $missed of ${#MUTANTS[@]}" >&2
if [ -n "$OUT" ]; then
  { echo "# Mutation check of the behaviour tests"; echo
    echo "Run $(date -u +%Y-%m-%d) on commit $(git rev-parse --short HEAD) with \`scripts/mutation-check.sh\`: each mechanism switched off in every arm of the test named for it; the test must fail."
    echo; echo "$table"; } > "$OUT"
fi
