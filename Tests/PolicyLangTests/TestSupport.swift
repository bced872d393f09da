import Foundation
import Testing

@testable import PolicyLang

/// Paths and helpers shared by the test suites.
enum TestSupport {
  /// The repository's root, found from this file's path.
  static let root: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

  /// The shipped Liaoning pack, loaded once.
  static let pack: Program? = {
    let (p, _) = PolicyLoader.load(paths: [path("policies")])
    return p
  }()

  static func loadPack() throws -> Program {
    let (p, ds) = PolicyLoader.load(paths: [path("policies")])
    guard let p else {
      throw SetupError(DiagnosticRenderer().render(ds))
    }
    return p
  }

  /// The bytes of a corpus from `Scripts/gen_corpus.py` (deterministic for a seed).
  static func generatedCorpus(seed: Int, count: Int, format: String) throws -> Data {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "corpus-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let out = dir.appendingPathComponent("c.\(format)").path
    let r = try run(
      "/usr/bin/env",
      [
        "python3", path("Scripts/gen_corpus.py"), "--seed", "\(seed)", "--count", "\(count)",
        "--format", format, "--out", out,
      ])
    guard r.status == 0 else { throw SetupError("corpus generator failed: \(r.err)") }
    return try Data(contentsOf: URL(fileURLWithPath: out))
  }

  /// Runs a program, returning its standard output and exit status.
  @discardableResult
  static func run(_ executable: String, _ args: [String], stdin: String? = nil, cwd: String? = nil)
    throws -> (out: String, err: String, status: Int32)
  {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: executable)
    p.arguments = args
    p.currentDirectoryURL = URL(fileURLWithPath: cwd ?? root.path)
    var env = ProcessInfo.processInfo.environment
    env["NO_COLOR"] = "1"
    p.environment = env
    let out = Pipe()
    let err = Pipe()
    p.standardOutput = out
    p.standardError = err
    let input = Pipe()
    p.standardInput = input
    try p.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try input.fileHandleForWriting.close()
    // Read both pipes before waiting, so a large output cannot block the child.
    let group = DispatchGroup()
    nonisolated(unsafe) var errData = Data()
    group.enter()
    DispatchQueue.global().async {
      errData = err.fileHandleForReading.readDataToEndOfFile()
      group.leave()
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    p.waitUntilExit()
    return (
      String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self),
      p.terminationStatus
    )
  }

  /// The built `policy` binary, next to the test bundle.
  static var policyBinary: String { productsDirectory.appendingPathComponent("policy").path }
  static var replBinary: String { productsDirectory.appendingPathComponent("policy-repl").path }

  static var productsDirectory: URL {
    for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
      return bundle.bundleURL.deletingLastPathComponent()
    }
    return root.appendingPathComponent(".build/debug")
  }

  static func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "policylang-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }
}

struct SetupError: Error, CustomStringConvertible {
  var description: String
  init(_ d: String) { description = d }
}

/// Compares `actual` with a golden file in Snapshots/ (see `GoldenFile`).
func assertSnapshot(
  _ actual: String, named name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
) {
  GoldenFile.check(actual, name, sourceLocation: sourceLocation)
}
