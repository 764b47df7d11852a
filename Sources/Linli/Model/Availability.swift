public enum Availability {
    public static let parameters: [ParamSpec] = []
}
