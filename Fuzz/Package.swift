// swift-tools-version:6.0
// Fuzz targets for PolicyLang, built apart from the main package so that
// `swift build` there never sees libFuzzer. Build and run with Scripts/fuzz.
import Foundation
import PackageDescription

// A path dependency is known by the name of its directory, which differs
// between clones (and worktrees); find it from where this file is.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .deletingLastPathComponent().lastPathComponent

func target(_ name: String) -> Target {
  .executableTarget(
    name: name,
    dependencies: ["FuzzSupport", .product(name: "PolicyLang", package: root)],
    swiftSettings: [.unsafeFlags(["-parse-as-library"])]
  )
}

let package = Package(
  name: "PolicyLangFuzz",
  platforms: [.macOS(.v15)],
  dependencies: [.package(path: "..")],
  targets: [
    .target(name: "FuzzSupport", dependencies: [.product(name: "PolicyLang", package: root)])
  ]
    + [
      "FuzzPolicy", "FuzzJSON", "FuzzJSONL", "FuzzYAML", "FuzzCheck", "FuzzExpr", "FuzzFormat",
      "FuzzSchema",
    ].map(target),
  swiftLanguageModes: [.v6]
)
