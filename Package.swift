// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Stationkeeper",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "stationctl", targets: ["stationctl"]),
        .library(name: "Lua", targets: ["Lua"]),
        .library(name: "SessionEngine", targets: ["SessionEngine"]),
        .library(name: "SessionStore", targets: ["SessionStore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.11.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.30.0"),
    ],
    targets: [
        // Lua 5.4 from Debian's liblua5.4-dev, plus every C function that may longjmp.
        .target(
            name: "CLua",
            path: "CLua",
            linkerSettings: [.linkedLibrary("lua5.4")]
        ),
        // A small, safe Swift API over CLua, with the sandbox.
        .target(name: "Lua", dependencies: ["CLua"]),
        // sd-bus from Debian's libsystemd-dev, for Logind (Swift cannot call its variadic functions).
        .target(
            name: "CSdBus",
            path: "CSdBus",
            linkerSettings: [.linkedLibrary("systemd")]
        ),
        // A D-Bus client for logind (systemd-logind or elogind) over CSdBus: sessions, seats,
        // actions and signals. Used from the daemon's one thread.
        .target(name: "Logind", dependencies: ["CSdBus"]),
        // libpq from Debian's libpq-dev, for PostgresClient (and a notice processor, a C callback).
        .target(
            name: "CPostgres",
            path: "CPostgres",
            linkerSettings: [.linkedLibrary("pq")]
        ),
        // A synchronous PostgreSQL client over CPostgres: connections, parameterised statements,
        // typed rows, transactions, LISTEN/NOTIFY and advisory locks. One thread per connection.
        .target(name: "PostgresClient", dependencies: ["CPostgres"]),
        // The domain: computers, stations, sessions and the transition table.
        .target(name: "SessionEngine"),
        // SQLite persistence and the journal, through GRDB.
        .target(
            name: "SessionStore",
            dependencies: ["SessionEngine", "PostgresClient", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // The store on PostgreSQL (issue 15), so far its schema as named steps and the copy of a
        // school's SQLite store into it (`stationctl migrate-store`). docs/district.md
        // Dashboard accounts' credentials: bcrypt password hashes, API tokens and their SHA-256.
        .target(
            name: "Accounts",
            dependencies: [
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The school calendar: periods, terms, holidays, local times across daylight saving, and
        // the iCalendar subset schools export. Foundation only.
        .target(name: "SchoolCalendar"),
        // The Lua config file: computers, stations, store path.
        .target(name: "StationConfig", dependencies: ["Lua", "SchoolCalendar", "SessionEngine"]),
        // Lua 5.4 source read without running it: a lexer and parser to a syntax tree, for
        // `policies check`. Pure Swift; tested against Lua's own parser.
        .target(name: "LuaSyntax"),
        // The policy runtime: one sandboxed Lua state per policy or plugin, the policy API, hooks,
        // timers, plugins, and the static check of policy files. Everything it does to the world
        // goes through `PolicyWorld`: no store here.
        .target(
            name: "Policies",
            dependencies: [
                "Lua", "LuaSyntax", "SchoolCalendar", "SessionEngine", "StationConfig",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The daemon: the journal cursor, dispatch loop, signals, scheduled shutdowns, and the
        // store-backed `PolicyWorld`.
        .target(
            name: "StationDaemon",
            dependencies: [
                "Logind", "Policies", "PostgresClient", "SessionEngine", "SessionStore", "StationConfig",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // What-if runs: the real engine, policies and daemon loop on a virtual clock and a scratch store.
        .target(
            name: "Simulation",
            dependencies: ["Policies", "SchoolCalendar", "StationDaemon", "Lua", "SessionEngine", "SessionStore", "StationConfig"]
        ),
        // What stationctl prints and the dashboard serves: the JSON shapes of `--json` and
        // `/api/v1`, the sentences of the journal, the simulation's timeline, aligned tables.
        .target(
            name: "Presentation",
            dependencies: ["Policies", "SessionEngine", "SessionStore", "Simulation", "StationConfig"]
        ),
        // The web dashboard (`stationctl dashboard`): Hummingbird 2 routes, pages from Mustache
        // templates, actions through the engine, server-sent events, `/api/v1`, logins and tokens.
        .target(
            name: "Dashboard",
            dependencies: [
                "Accounts", "Policies", "Presentation", "SessionEngine", "SessionStore", "Simulation", "StationConfig",
                "StationDaemon",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            resources: [
                .embedInCode("Assets/openapi.json"), .embedInCode("Assets/dashboard.css"), .embedInCode("Assets/dashboard.js"),
                .embedInCode("Templates/action.mustache"),
                .embedInCode("Templates/computer.mustache"),
                .embedInCode("Templates/computers.mustache"),
                .embedInCode("Templates/error.mustache"),
                .embedInCode("Templates/events.mustache"),
                .embedInCode("Templates/journal.mustache"),
                .embedInCode("Templates/layout.mustache"),
                .embedInCode("Templates/login.mustache"),
                .embedInCode("Templates/policies.mustache"),
                .embedInCode("Templates/preview.mustache"),
                .embedInCode("Templates/session.mustache"),
                .embedInCode("Templates/simulate.mustache"),
                .embedInCode("Templates/stations.mustache"),
            ]
        ),
        .executableTarget(
            name: "stationctl",
            dependencies: [
                "Accounts", "Dashboard", "Presentation", "SchoolCalendar", "SessionEngine", "SessionStore",
                "StationConfig", "Policies", "StationDaemon", "Simulation",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Benchmarks: `swift run -c release stationbench`. Not part of the tests.
        .target(
            name: "BenchBaselines",
            dependencies: ["CLua"],
            path: "Benchmarks/BenchBaselines",
            linkerSettings: [.linkedLibrary("lua5.4"), .linkedLibrary("sqlite3")]
        ),
        // The differential checker of CLua's pattern matcher against Lua's own (stationbench runs
        // 1,000,000 cases; the Lua tests a sample).
        .target(
            name: "PatternCheck",
            dependencies: ["CLua"],
            path: "Benchmarks/PatternCheck",
            linkerSettings: [.linkedLibrary("lua5.4")]
        ),
        .executableTarget(
            name: "stationbench",
            dependencies: [
                "BenchBaselines", "PatternCheck", "Lua", "Logind", "PostgresClient", "SessionEngine", "SessionStore", "StationConfig",
                "Policies",
                "StationDaemon",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "Benchmarks/stationbench"
        ),
        .testTarget(name: "LuaTests", dependencies: ["Lua", "PatternCheck"]),
        .testTarget(name: "LuaSyntaxTests", dependencies: ["LuaSyntax", "Lua"]),
        // What the tests that run against the real elogind of `scripts/logind-up` share: its
        // environment file, the PAM session helper, children spawned with signals unblocked.
        .target(name: "LogindTestSupport", dependencies: ["Logind"], path: "Tests/LogindTestSupport"),
        .testTarget(name: "LogindTests", dependencies: ["Logind", "CSdBus", "LogindTestSupport"]),
        // Against the real server of `scripts/pg-up` (skipped, saying so, when it is not up).
        .testTarget(name: "PostgresClientTests", dependencies: ["PostgresClient"]),
        .testTarget(name: "PostgresStoreTests", dependencies: ["PostgresClient", "SessionEngine", "SessionStore", "StoreTestSupport"]),
        .testTarget(name: "SessionEngineTests", dependencies: ["SessionEngine"]),
        .testTarget(name: "SchoolCalendarTests", dependencies: ["SchoolCalendar"]),
        // Which store a test runs on: SQLite, or PostgreSQL in the conformance pass (scripts/test).
        .target(name: "StoreTestSupport", dependencies: ["SessionStore", "PostgresClient"], path: "Tests/StoreTestSupport"),
        .testTarget(name: "SessionStoreTests", dependencies: ["SessionStore", "StoreTestSupport"]),
        .testTarget(name: "StationConfigTests", dependencies: ["StationConfig"]),
        .testTarget(
            name: "PoliciesTests",
            dependencies: [
                "Policies", "StationDaemon", "SessionStore", "StoreTestSupport", .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "SimulationTests", dependencies: ["Simulation", "StationDaemon"]),
        .testTarget(
            name: "DashboardTests",
            dependencies: [
                "Dashboard", "Accounts", "Policies", "SessionEngine", "SessionStore", "StationConfig", "StationDaemon",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "StationctlTests", dependencies: ["stationctl", "Accounts", "LogindTestSupport", "PostgresClient", "StoreTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
