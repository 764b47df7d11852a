public enum RedListLever {
    public static let spec = LeverSpec(name: "red_list", summary: "red_list", source: "assumption", fields: [])
}
