// swift-tools-version:6.0
import PackageDescription

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
      dependencies: [.product(name: "Yams", package: "Yams")]
    ),
    .executableTarget(
      name: "policy",
      dependencies: [
        "PolicyLang",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
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
      ]
    ),
    .executableTarget(
      name: "policy-bench",
      dependencies: ["PolicyLang"],
      path: "Benchmarks/PolicyBench"
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
