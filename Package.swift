// swift-tools-version: 6.0
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    // Release builds skip the run-time exclusivity checks (a few percent of every engine event);
    // debug builds, which the tests run, keep them.
    .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
]

/// The numeric targets are optimised in debug builds too: training a network or an agent in a
/// test would otherwise take minutes (unoptimised array loops run some 30 times slower).
let numericSettings: [SwiftSetting] = swiftSettings + [.unsafeFlags(["-O"], .when(configuration: .debug))]

let package = Package(
    name: "Kumo",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "kumo", targets: ["kumo"]),
        .library(name: "KumoScripting", targets: ["KumoScripting"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // C: the system Lua 5.4 and the shim that makes it safe to drive from Swift.
        .systemLibrary(
            name: "CLua", pkgConfig: "lua5.4",
            providers: [.apt(["liblua5.4-dev"])]),
        .target(name: "CLuaShim", dependencies: ["CLua"]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        // Layer 0
        .target(name: "KumoCore", swiftSettings: swiftSettings),
        // Layer 1
        .target(name: "KumoIndicators", dependencies: ["KumoCore"], swiftSettings: swiftSettings),
        .target(name: "KumoRisk", dependencies: ["KumoCore"], swiftSettings: swiftSettings),
        .target(name: "KumoPortfolio", swiftSettings: swiftSettings),
        .target(name: "KumoML", dependencies: ["KumoCore", "COpenBLAS"], swiftSettings: numericSettings),
        .target(
            name: "KumoData",
            dependencies: [
                "KumoCore", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings),
        .target(name: "KumoLua", dependencies: ["CLua", "CLuaShim"], swiftSettings: swiftSettings),
        .target(name: "KumoKiwoom", dependencies: ["KumoCore"], swiftSettings: swiftSettings),
        // Layer 1: news feeds (RSS 2.0, Atom), story keys for de-duplication, and tagging stories with the companies they name.
        .target(name: "KumoNews", dependencies: ["KumoCore"], swiftSettings: swiftSettings),
        // Layer 1: OpenDART's wire format (disclosures, company profiles, financial statements, corp codes).
        .target(name: "KumoDART", dependencies: ["KumoCore", .product(name: "ZIPFoundation", package: "ZIPFoundation")], swiftSettings: swiftSettings),
        // Layer 1: Korean financial sentiment: a lexicon, a character CNN on KumoML, their labelled set, and tones per filing kind and per symbol and day.
        .target(
            name: "KumoSentiment", dependencies: ["KumoCore", "KumoML"],
            resources: [.embedInCode("Corpus/headlines.tsv"), .embedInCode("Lexicon/lexicon.tsv")], swiftSettings: numericSettings),
        // Layer 1: the market-data store and the engine journal on PostgreSQL (postgres-nio), beside the embedded SQLite ones.
        .target(
            name: "KumoPostgres",
            dependencies: [
                "KumoCore", "KumoData", .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings),
        // Layer 1: economic series: ECOS's wire format, generic CSV/JSON series, definitions and their release rules.
        .target(name: "KumoEcon", dependencies: ["KumoCore", .product(name: "TOMLKit", package: "TOMLKit")], swiftSettings: swiftSettings),
        .target(
            name: "KumoKIS", dependencies: ["KumoCore", .product(name: "_CryptoExtras", package: "swift-crypto"), .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings),
        // Layer 2
        .target(
            name: "KumoModels", dependencies: ["KumoCore", "KumoML", "KumoIndicators", "KumoData", "KumoSentiment"], swiftSettings: swiftSettings),
        .target(name: "KumoEngine", dependencies: ["KumoCore", "KumoIndicators", "KumoRisk"], swiftSettings: swiftSettings),
        // Layer 2: execution algorithms (schedules, Almgren–Chriss, volume profiles) and their simulation on bars.
        .target(name: "KumoExecution", dependencies: ["KumoCore"], swiftSettings: swiftSettings),
        // Layer 2: reinforcement learning: environments (CartPole, the backtest kernel) and agents.
        .target(name: "KumoRL", dependencies: ["KumoCore", "KumoML", "KumoModels", "KumoEngine", "KumoData"], swiftSettings: numericSettings),
        // Layer 3
        .target(
            name: "KumoScripting",
            dependencies: ["KumoCore", "KumoIndicators", "KumoLua", "KumoEngine", "KumoRisk", "KumoData", "KumoModels", "KumoPortfolio", "KumoExecution", "KumoSentiment"],
            swiftSettings: swiftSettings),
        .target(
            name: "KumoLive",
            dependencies: [
                "KumoCore", "KumoEngine", "KumoData", "KumoScripting", "KumoLua", "KumoModels", "KumoRisk", "KumoIndicators", "KumoSentiment", "KumoPostgres",
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Histogram", package: "hdrhistogram-swift"), .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings),
        .target(
            name: "KumoBacktest", dependencies: ["KumoCore", "KumoEngine", "KumoData", "KumoModels", "KumoSentiment"], swiftSettings: swiftSettings),
        .target(
            name: "KumoServer",
            dependencies: [
                "KumoCore", "KumoEngine", "KumoLive", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"), .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "HTTPTypes", package: "swift-http-types"), .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"), .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"), .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "HummingbirdTLS", package: "hummingbird"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
                "KumoBacktest", "KumoScripting", "KumoModels", "KumoResearch", "KumoRisk", .product(name: "HummingbirdCore", package: "hummingbird"),
            ],
            // The dashboard's page, script and style sheet, compiled into the binary.
            resources: [.embedInCode("Dashboard/dashboard.html"), .embedInCode("Dashboard/dashboard.js"), .embedInCode("Dashboard/dashboard.css")],
            swiftSettings: swiftSettings),
        // Layer 3b: research over backtests of scripted strategies (optimisation, walk-forward, overfitting).
        .target(
            name: "KumoResearch",
            dependencies: [
                "KumoCore", "KumoEngine", "KumoBacktest", "KumoScripting", "KumoLua", "KumoPortfolio", .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings),
        .target(
            name: "KumoBrokers",
            dependencies: [
                "KumoCore", "KumoEngine", "KumoKIS", "KumoKiwoom", "CCurl", .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"), .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings),
        // Layer 3: collectors of alternative data into the store (OpenDART's filings).
        .target(name: "KumoCollectors", dependencies: ["KumoCore", "KumoDART", "KumoNews", "KumoEcon", "KumoData"], swiftSettings: swiftSettings),
        .target(
            name: "KumoKISSim",
            dependencies: [
                "KumoCore", "KumoKIS", "KumoKiwoom", "KumoData", "KumoDART", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"), .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"), .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings),
        // Layer 4
        .executableTarget(
            name: "kumo",
            dependencies: [
                "KumoDART",
                "KumoNews",
                "KumoEcon",
                "KumoSentiment",
                "KumoPostgres",
                "KumoCollectors",
                "KumoRL",
                "KumoCore", "KumoData", "KumoIndicators", "KumoLua", "KumoScripting", "KumoEngine", "KumoBacktest", "KumoML", "KumoModels", "KumoLive", "KumoBrokers", "KumoKISSim", "KumoKIS", "KumoKiwoom",
                "KumoPortfolio", "KumoResearch", "KumoServer", "KumoExecution", .product(name: "ArgumentParser", package: "swift-argument-parser"), .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings),
        // Tests
        // Test support: waits on processes and servers run on threads of their own, off the cooperative pool.
        .target(name: "KumoTestSupport", path: "Tests/KumoTestSupport", swiftSettings: swiftSettings),
        .testTarget(name: "KumoCoreTests", dependencies: ["KumoCore"], swiftSettings: swiftSettings),
        .testTarget(name: "KumoIndicatorsTests", dependencies: ["KumoIndicators"], swiftSettings: swiftSettings),
        .testTarget(
            name: "KumoBacktestTests",
            dependencies: ["KumoBacktest", "KumoEngine", "KumoScripting", "KumoLua", "KumoData", "KumoCore", "KumoModels", "KumoML", "KumoPortfolio", "KumoEcon", "KumoSentiment"],
            exclude: ["Fixtures"], swiftSettings: swiftSettings),
        .testTarget(name: "KumoMLTests", dependencies: ["KumoML", "KumoModels", "KumoData", "KumoCore", "KumoSentiment"], swiftSettings: swiftSettings),
        .testTarget(
            name: "KumoLiveTests", dependencies: ["KumoLive", "KumoEngine", "KumoCore", "KumoScripting", "KumoLua", "KumoData"], swiftSettings: swiftSettings),
        .testTarget(name: "KumoEngineTests", dependencies: ["KumoEngine", "KumoRisk", "KumoCore"], swiftSettings: swiftSettings),
        .testTarget(name: "KumoKISTests", dependencies: ["KumoKIS", "KumoCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "KumoBrokersTests",
            dependencies: [
                "KumoTestSupport", "KumoBrokers", "KumoKISSim", "KumoKIS", "KumoKiwoom", "KumoEngine", "KumoCore", "KumoData", "KumoLive", "KumoScripting", "KumoLua",
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(name: "KumoRiskTests", dependencies: ["KumoRisk", "KumoCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "KumoResearchTests", dependencies: ["KumoResearch", "KumoBacktest", "KumoScripting", "KumoEngine", "KumoCore"], exclude: ["Fixtures"],
            swiftSettings: swiftSettings),
        .testTarget(name: "KumoServerTests", dependencies: ["KumoServer"], swiftSettings: swiftSettings),
        .testTarget(name: "KumoPortfolioTests", dependencies: ["KumoPortfolio"], exclude: ["Fixtures"], swiftSettings: swiftSettings),
        .testTarget(name: "KumoExecutionTests", dependencies: ["KumoExecution", "KumoCore", "KumoData"], swiftSettings: swiftSettings),
        .testTarget(
            name: "KumoCollectorsTests", dependencies: ["KumoCollectors", "KumoKISSim", "KumoDART", "KumoNews", "KumoEcon", "KumoData", "KumoCore"], swiftSettings: swiftSettings),
        .testTarget(name: "KumoNewsTests", dependencies: ["KumoNews", "KumoCore"], exclude: ["Fixtures"], swiftSettings: swiftSettings),
        .testTarget(name: "KumoDARTTests", dependencies: ["KumoDART", "KumoCore"], swiftSettings: swiftSettings),
        .testTarget(name: "KumoEconTests", dependencies: ["KumoEcon", "KumoCore"], swiftSettings: swiftSettings),
        .testTarget(name: "KumoPostgresTests", dependencies: ["KumoTestSupport", "KumoPostgres", "KumoData", "KumoCore", "KumoEngine", "KumoLive"], swiftSettings: swiftSettings),
        .testTarget(name: "KumoSentimentTests", dependencies: ["KumoSentiment", "KumoML", "KumoCore"], swiftSettings: numericSettings),
        .testTarget(name: "KumoRLTests", dependencies: ["KumoRL", "KumoCore", "KumoML", "KumoModels", "KumoEngine", "KumoBacktest", "KumoScripting", "KumoLua", "KumoData"], exclude: ["Fixtures"], swiftSettings: swiftSettings),
        .testTarget(name: "KumoDataTests", dependencies: ["KumoData", "KumoCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "KumoLuaTests", dependencies: ["KumoLua", "CLua", "CLuaShim"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "KumoScriptingTests",
            dependencies: [
                "KumoScripting", "KumoLua", "KumoCore", "KumoIndicators", "KumoML", "KumoModels", "KumoLive", "KumoEngine", "KumoData", "KumoBrokers",
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"), .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"), .product(name: "Hummingbird", package: "hummingbird"),
            ],
            exclude: ["Hostile", "LuaSpecs"],
            swiftSettings: swiftSettings),
    ]
)
