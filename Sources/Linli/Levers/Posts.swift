public enum PostsLever {
    public static let spec = LeverSpec(name: "posts", summary: "posts", source: "assumption", fields: [])
}
