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

    /// Posts raise participation and the number of talents hosting, because
    /// an appointed talent starts hosting at once (ablation:
    /// `posts.appointee_hosts` off, the same residents appointed). The
    /// radiation boost of hosts in post and the duties are not asserted: at
    /// 20 posts their effects are within noise (printed).
    @Test func postsEngageTalentsWhoThenHost() {
        let on = Self.arm(Self.posts), off = Self.arm([:])
        let noHosting = Self.arm(Self.posts.merging(["posts.appointee_hosts": 0]) { $1 })
        let part = pairedDifference(Self.mean(on, "participation_rate", 60...539), Self.mean(off, "participation_rate", 60...539))
        #expect(part.low > 0, "posts raise participation: \(part)")
        let hosts = pairedDifference(Self.mean(on, "talents_engaged", 30...539), Self.mean(off, "talents_engaged", 30...539))
        #expect(hosts.low > 0, "appointed talents host: \(hosts)")
        let hostsM = pairedDifference(Self.mean(on, "talents_engaged", 30...539), Self.mean(noHosting, "talents_engaged", 30...539))
        #expect(hostsM.low > 0, "appointment is what makes them host: \(hostsM)")
        let partM = pairedDifference(Self.mean(on, "participation_rate", 60...539), Self.mean(noHosting, "participation_rate", 60...539))
        #expect(partM.low > 0, "their hosting is what raises participation: \(partM)")
        let noBoost = Self.arm(Self.posts.merging(["posts.radiation_boost": 1]) { $1 })
        let boost = pairedDifference(Self.mean(on, "group_members", 180...539), Self.mean(noBoost, "group_members", 180...539))
        print("posts: participation \(part), hosts \(hosts), vs no hosting \(hostsM) \(partM), radiation boost on members \(boost)")
        #expect(on.allSatisfy { $0.all("cost_posts", day: 539) > 0 } && off.allSatisfy { $0.all("cost_posts", day: 539) == 0 })
    }
}
