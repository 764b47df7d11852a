public enum SlowVariables {
    public static let parameters: [ParamSpec] = []
}
