// swift-tools-version:6.0
import PackageDescription

// A profile-guided release build (`Scripts/pgo-build`): with POLICY_PGO_GENERATE
// set, this package's code counts what it runs; with POLICY_PGO_USE=<profdata>,
// it is optimized with those counts. Unset (every other build), no flag is
// added. LLVM's IR-level profiles: Swift's own `-profile-use` crashes the
// 6.3 compiler (an assertion in its cold-block analysis).
let pgoSwift: [SwiftSetting]
let pgoLink: [LinkerSetting]
if Context.environment["POLICY_PGO_GENERATE"] != nil {
  pgoSwift = [.unsafeFlags(["-Xfrontend", "-ir-profile-generate"])]
  pgoLink = [.unsafeFlags(["-profile-generate"])]
} else if let profile = Context.environment["POLICY_PGO_USE"] {
  pgoSwift = [.unsafeFlags(["-Xfrontend", "-ir-profile-use=\(profile)"])]
  pgoLink = []
} else {
  pgoSwift = []
  pgoLink = []
}

let package = Package(
  name: "PolicyLang",
  platforms: [.macOS(.v15)],
  products: [
    .library(name: "PolicyLang", targets: ["PolicyLang"]),
    .executable(name: "policy", targets: ["policy"]),
    .executable(name: "policy-repl", targets: ["policy-repl"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
  ],
  targets: [
    .target(
      name: "PolicyLang",
      dependencies: [.product(name: "Yams", package: "Yams")],
      swiftSettings: pgoSwift
    ),
    .executableTarget(
      name: "policy",
      dependencies: [
        "PolicyLang",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: pgoSwift,
      linkerSettings: pgoLink
    ),
    .systemLibrary(
      name: "CEditLine",
      pkgConfig: "libedit",
      providers: [.apt(["libedit-dev"])]
    ),
    .executableTarget(
      name: "policy-repl",
      dependencies: [
        "PolicyLang", "CEditLine",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: pgoSwift,
      linkerSettings: pgoLink
    ),
    .executableTarget(
      name: "policy-bench",
      dependencies: ["PolicyLang"],
      path: "Benchmarks/PolicyBench",
      swiftSettings: pgoSwift,
      linkerSettings: pgoLink
    ),
    .testTarget(
      name: "PolicyLangTests",
      dependencies: [
        "PolicyLang", .product(name: "PropertyBased", package: "swift-property-based"),
      ],
      resources: [.copy("Snapshots")]
    ),
  ],
  swiftLanguageModes: [.v6]
)
