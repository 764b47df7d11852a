public enum OfficeHoursLever {
    public static let spec = LeverSpec(name: "office_hours", summary: "office_hours", source: "assumption", fields: [])
}
