public enum PartyOrganisation {
    public static let parameters: [ParamSpec] = []
}
