public enum Decision {
    public static let parameters: [ParamSpec] = []
}
