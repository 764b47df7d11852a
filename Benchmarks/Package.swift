// swift-tools-version: 6.1
import PackageDescription

// Linli's benchmarks: LB-1 (../shared BENCHMARK.md rules) on the engine's
// primitives, full-model benchmarks, and ordo-one microbenchmarks of the hot
// paths. A package of its own so that `swift test` on Linli never builds the
// benchmark tooling. See README.md here.
let package = Package(
    name: "LinliBenchmarks",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "lb1", targets: ["lb1"]),
        .executable(name: "fullmodel", targets: ["fullmodel"]),
    ],
    dependencies: [
        .package(name: "Linli", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // LB-1 itself: setup, the parallel day loop, recognition, CSV.
        .target(name: "LB1Model", dependencies: [.product(name: "Linli", package: "Linli")]),
        .executableTarget(name: "lb1", dependencies: ["LB1Model"]),
        // Full-model throughput, setup time and peak RSS per resident.
        .executableTarget(name: "fullmodel", dependencies: [.product(name: "Linli", package: "Linli")]),
        // Microbenchmarks (`swift package benchmark`); sources must live under Benchmarks/.
        .executableTarget(
            name: "Hotpaths",
            dependencies: [
                "LB1Model",
                .product(name: "Linli", package: "Linli"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/Hotpaths",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
