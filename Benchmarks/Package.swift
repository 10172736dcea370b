// swift-tools-version: 6.1
// Benchmarks live in their own package so that `swift build` never builds package-benchmark; CI
// builds the `dashbrief-bench` product alone (make bench-quick), which does not need it.
// Run from this directory: `swift package benchmark` (see README.md).
import PackageDescription

let package = Package(
    name: "dashbrief-benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "dashbrief", path: ".."),
        // MallocInterposer alone: the default trait pulls a runtime interposer that is not available here.
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "StatsBenchmarks",
            dependencies: [
                .product(name: "Stats", package: "dashbrief"),
                .product(name: "Dashbrief", package: "dashbrief"),
                .product(name: "DashbriefTestSupport", package: "dashbrief"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/StatsBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]),
        // `dashbrief-bench`: per-stage figures on a generated snapshot, for `make bench` and the
        // CI guard (scripts/bench); needs nothing of package-benchmark.
        .executableTarget(
            name: "dashbrief-bench",
            dependencies: [
                .product(name: "Stats", package: "dashbrief"),
                .product(name: "Dashbrief", package: "dashbrief"),
            ],
            // Not in a directory named Benchmarks (this package's own is one): the benchmark
            // plugin runs every executable whose parent directory has that name, and ran this one
            // with its own arguments, which crashed `swift package benchmark`.
            path: "Tools/StageBench"),
    ]
)
