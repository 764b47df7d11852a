/// Linli's version, written into every manifest.
public enum LinliVersion {
    public static let current = "0.1.0"
}
