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
        // The studio's HTTP server (`linli serve`); its testing module drives the HTTP tests.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
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
        // `linli serve`: the model behind a local web page (Sources/LinliStudio).
        .target(
            name: "LinliStudio",
            dependencies: ["Linli", .product(name: "Hummingbird", package: "hummingbird"),
                           .product(name: "Yams", package: "Yams")]
        ),
        .executableTarget(
            name: "LinliCLI",
            dependencies: ["Linli", "LinliStudio", .product(name: "ArgumentParser", package: "swift-argument-parser")]
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
        .testTarget(
            name: "LinliStudioTests",
            dependencies: ["LinliStudio", "Linli", .product(name: "HummingbirdTesting", package: "hummingbird")]
        ),
    ]
)
