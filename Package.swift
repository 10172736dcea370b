// swift-tools-version: 6.0
import PackageDescription

// Stages depend only on the stages before them (see README, "Architecture"):
// Transport -> PostHog -> Analysis (<- Stats) -> Narrative -> Delivery -> Dashbrief -> the dashbrief CLI.
// Every module a target imports is declared here, not reached through another's dependencies.
let package = Package(
    name: "dashbrief",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "dashbrief", targets: ["DashbriefCLI"]),
        .library(name: "Dashbrief", targets: ["Dashbrief"]),
        .library(name: "Stats", targets: ["Stats"]),
        .library(name: "Scheduling", targets: ["Scheduling"]),
        // Metric builders, loopback servers and fakes, for Benchmarks/ and for apps built on dashbrief.
        .library(name: "DashbriefTestSupport", targets: ["DashbriefTestSupport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // C libraries are wrapped exactly once, here; nothing else includes a C header.
        .systemLibrary(
            name: "CLapack", pkgConfig: "lapacke",
            providers: [.apt(["liblapacke-dev", "libopenblas-dev"])]),
        .systemLibrary(
            name: "CCurl", pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]),
        // simdjson is C++: a small C interface over its DOM parser (Debian's libsimdjson-dev).
        .target(name: "CSimdjson", linkerSettings: [.linkedLibrary("simdjson")]),

        .target(name: "Stats", dependencies: ["CLapack"]),
        // Cron expressions in IANA time zones, DST and catch-up: pure, on Foundation alone.
        .target(name: "Scheduling", exclude: ["README.md"]),
        .target(
            name: "Transport",
            dependencies: ["CCurl", .product(name: "Logging", package: "swift-log")],
            exclude: ["README.md"]),
        .target(
            name: "PostHog",
            dependencies: ["Transport", "CSimdjson", .product(name: "Logging", package: "swift-log")],
            exclude: ["README.md"]),
        .target(name: "Analysis", dependencies: ["PostHog", "Stats"]),
        .target(
            name: "Narrative",
            dependencies: [
                "Analysis", "PostHog", "Transport", .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        // The Slack client, the run ledger and alert state (SQLite through GRDB, which links the
        // system's libsqlite3), and the pure new/ongoing/resolved lifecycle.
        .target(
            name: "Delivery",
            dependencies: [
                "Analysis", "Narrative", "PostHog", "Transport", .product(name: "GRDB", package: "GRDB.swift"),
            ],
            exclude: ["README.md"]),
        .target(
            name: "Dashbrief",
            dependencies: [
                "Transport", "PostHog", "Stats", "Analysis", "Narrative", "Delivery", "Scheduling",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),
        // The `dashbrief` binary. Its module is not named `dashbrief`: beside `Dashbrief` that would
        // collide on case-insensitive file systems.
        .executableTarget(
            name: "DashbriefCLI",
            dependencies: [
                "Dashbrief",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]),

        .target(name: "DashbriefTestSupport", dependencies: ["Transport", "PostHog", "Analysis"]),
        .testTarget(name: "StatsTests", dependencies: ["Stats", "DashbriefTestSupport"]),
        .testTarget(name: "SchedulingTests", dependencies: ["Scheduling", "DashbriefTestSupport"]),
        .testTarget(
            name: "TransportTests",
            dependencies: ["Transport", "DashbriefTestSupport", .product(name: "Logging", package: "swift-log")]),
        .testTarget(
            name: "PostHogTests", dependencies: ["PostHog", "Transport", "DashbriefTestSupport"],
            exclude: ["Fixtures"]),
        .testTarget(name: "AnalysisTests", dependencies: ["Analysis", "PostHog", "DashbriefTestSupport"]),
        .testTarget(
            name: "NarrativeTests", dependencies: ["Narrative", "Analysis", "PostHog", "DashbriefTestSupport"]),
        .testTarget(
            name: "DeliveryTests",
            dependencies: [
                "Delivery", "Dashbrief", "Narrative", "Transport", "DashbriefTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        .testTarget(
            name: "DashbriefTests",
            dependencies: [
                "Dashbrief", "DashbriefCLI", "DashbriefTestSupport",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            exclude: ["Golden"]),
    ],
    cxxLanguageStandard: .cxx17
)
