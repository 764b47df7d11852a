import Testing
@testable import Linli

/// Part-time posts (seeds/000: 54 residents in part-time deputy posts across a
/// street): appointees take duties and a discovered talent appointed starts
/// hosting at once, and a host in post grows a bigger group (radiation boost).
/// Paired arms on the same seeds, 20 replicates, 95% CIs.
@Suite struct PostsLeverTests {
    static let n = 20
    static let posts: [String: Double] = ["posts.on": 1, "posts.per_community": 20]

    static func arm(_ sets: [String: Double]) -> [ReplicateSeries] {
        Runner.run(testScenario("posts", households: 1200, days: 540, replicates: n, sets), jobs: 2)
    }

    static func mean(_ runs: [ReplicateSeries], _ column: String, _ days: ClosedRange<Int>) -> [Double] {
        runs.map { $0.allMean(column, days) }
    }

    /// Posts raise participation and the number of talents hosting; the
    /// hosts' groups grow larger because a host in post recruits further
    /// (ablation: `posts.radiation_boost` 1), and appointees' duties are
    /// part of the participation rise (ablation: no duty days).
    @Test func postsEngageTalentsAndBoostTheirGroups() {
        let on = Self.arm(Self.posts), off = Self.arm([:])
        let noBoost = Self.arm(Self.posts.merging(["posts.radiation_boost": 1]) { $1 })
        let noDuty = Self.arm(Self.posts.merging(["posts.duty_days_per_week": 0]) { $1 })
        let part = pairedDifference(Self.mean(on, "participation_rate", 60...539), Self.mean(off, "participation_rate", 60...539))
        #expect(part.low > 0, "posts raise participation: \(part)")
        let hosts = pairedDifference(Self.mean(on, "engaged", 30...539), Self.mean(off, "engaged", 30...539))
        #expect(hosts.low > 0, "appointed talents host: \(hosts)")
        let boost = pairedDifference(Self.mean(on, "members", 180...539), Self.mean(noBoost, "members", 180...539))
        #expect(boost.low > 0, "the radiation boost is what grows post holders' groups: \(boost)")
        let duty = pairedDifference(Self.mean(on, "participation_rate", 60...539), Self.mean(noDuty, "participation_rate", 60...539))
        #expect(duty.low > 0, "duties are part of the rise: \(duty)")
        print("posts: participation \(part), hosts \(hosts), boost \(boost), duty \(duty)")
        #expect(on.allSatisfy { $0.all("cost_posts", day: 539) > 0 } && off.allSatisfy { $0.all("cost_posts", day: 539) == 0 })
    }
}
