// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "rentai",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "rentai", targets: ["RentaiCLI"]),
        .library(name: "RentaiCore", targets: ["RentaiCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // `rentai serve`: the HTTP server, its graceful stop and a quiet logger (the last two
        // spelt as Hummingbird spells them, so that each package has one address).
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
        // The system's libcmark-gfm and its GFM extensions (Debian: libcmark-gfm-dev,
        // libcmark-gfm-extensions-dev). Nothing else lives here.
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        // The only code that touches cmark pointers: Markdown in, HTML and a summary out.
        .target(name: "RentaiMarkdown", dependencies: ["CCmarkGFM"]),
        // The pipeline: load → validate → resolve audiences → render → write.
        .target(
            name: "RentaiCore",
            dependencies: [
                "RentaiMarkdown",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // `rentai serve`: builds, serves on loopback, rebuilds on change and reloads open pages.
        .target(
            name: "RentaiPreview",
            dependencies: [
                "RentaiCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The `rentai` command: a thin shell that parses the command line and prints.
        .executableTarget(
            name: "RentaiCLI",
            dependencies: [
                "RentaiCore",
                "RentaiPreview",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The notice loader under libFuzzer (scripts/fuzz), or a replayer of its findings.
        .executableTarget(name: "RentaiFuzz", dependencies: ["RentaiCore"]),
        .testTarget(name: "RentaiMarkdownTests", dependencies: ["RentaiMarkdown"]),
        .testTarget(
            name: "RentaiCoreTests",
            dependencies: ["RentaiCore"],
            exclude: ["Snapshots"]
        ),
        .testTarget(
            name: "RentaiPreviewTests",
            dependencies: [
                "RentaiCore",
                "RentaiPreview",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        // Runs the built `rentai` binary: exit statuses, messages, the sample site end to end.
        .testTarget(name: "RentaiCLITests", dependencies: ["RentaiCore"], exclude: ["Snapshots"]),
    ]
)
