public enum TalentStudiosLever {
    public static let spec = LeverSpec(name: "talent_studios", summary: "talent_studios", source: "assumption", fields: [])
}
