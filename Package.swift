// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Linli",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "linli", targets: ["LinliCLI"]),
        .library(name: "Linli", targets: ["Linli"]),
        // Fuzz targets for the parsers; a corpus-replay tool unless built with
        // `-D LINLI_FUZZ -sanitize=fuzzer,address` (scripts/fuzz.sh, docs/fuzzing.md).
        .executable(name: "linli-fuzz", targets: ["LinliFuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CGSL",
            pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev"])]
        ),
        .target(
            name: "Linli",
            dependencies: ["CGSL", .product(name: "Yams", package: "Yams")]
        ),
        .executableTarget(
            name: "LinliCLI",
            dependencies: ["Linli", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .target(name: "CLinliFuzz"),
        .executableTarget(
            name: "LinliFuzz",
            dependencies: ["Linli", "CLinliFuzz"]
        ),
        .testTarget(
            name: "LinliTests",
            dependencies: ["Linli"]
        ),
    ]
)
