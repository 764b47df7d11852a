public enum Groups {
    public static let parameters: [ParamSpec] = []
}
