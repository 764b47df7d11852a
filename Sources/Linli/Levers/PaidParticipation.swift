public enum PaidParticipationLever {
    public static let spec = LeverSpec(name: "paid_participation", summary: "paid_participation", source: "assumption", fields: [])
}
