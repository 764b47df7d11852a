public enum Talents {
    public static let parameters: [ParamSpec] = []
}
