import Foundation
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// `policy test` end to end: the built binary, its exit codes and formats.
@Suite struct PolicyTestCommandTests {
  /// The `policy` executable built beside this test bundle.
  static var binary: String {
    var candidates: [String] = []
    if let dir = Bundle.main.executableURL?.deletingLastPathComponent().path {
      candidates.append(dir + "/policy")
    }
    candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().path + "/policy")
    candidates.append(repositoryRoot + "/.build/debug/policy")
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
      ?? candidates[candidates.count - 1]
  }

  struct Output {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  /// Runs `policy test ARGS` in the repository's root, without colour.
  func policyTest(_ args: [String]) throws -> Output {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Self.binary)
    process.arguments = ["test"] + args
    process.currentDirectoryURL = URL(fileURLWithPath: repositoryRoot)
    var env = ProcessInfo.processInfo.environment
    env["NO_COLOR"] = "1"
    process.environment = env
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // Read before waiting, so that a full pipe cannot block the child.
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Output(
      status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
      stderr: String(decoding: e, as: UTF8.self))
  }

  static let failing = "Tests/Fixtures/failing"
  static let amended = "Tests/Fixtures/amended-rule"

  @Test func theShippedPackPassesWithFullCoverage() throws {
    let r = try policyTest(["--lang", "en", "--threshold", "100"])
    #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
    #expect(r.stdout.contains("44 of 44 items covered (100%)"))
    #expect(!r.stdout.contains("FAIL"))
  }

  @Test func failingTestsExitWithOne() throws {
    let r = try policyTest(["--lang", "en", Self.failing])
    #expect(r.status == 1)
    #expect(r.stdout.hasSuffix("18 tests: 1 passed, 13 failed, 4 with errors\n"))
    #expect(r.stdout.contains("FAIL  expects the wrong severity"))
  }

  @Test func chineseByDefault() throws {
    let r = try policyTest([Self.failing, "--run", "wrong severity"])
    #expect(r.status == 1)
    #expect(r.stdout.contains("失败  expects the wrong severity"))
    #expect(r.stdout.hasSuffix("1 个测试：0 个通过，1 个失败\n"))
  }

  @Test func runSelectsTestsByName() throws {
    let r = try policyTest(["--lang", "en", Self.failing, "--run", "within the cap"])
    #expect(r.status == 0, "\(r.stdout)")
    #expect(r.stdout.hasSuffix("1 test: 1 passed\n"))
    let two = try policyTest([
      "--lang", "en", Self.failing, "--run", "within the cap", "--run", "wrong severity",
    ])
    #expect(two.status == 1)
    #expect(two.stdout.hasSuffix("2 tests: 1 passed, 1 failed\n"))
  }

  @Test func noTestToRunIsAnError() throws {
    let r = try policyTest(["--lang", "en", Self.failing, "--run", "no such test"])
    #expect(r.status == 2)
    #expect(r.stderr == "no test name matches --run\n")
  }

  @Test func policyErrorsExitWithTwo() throws {
    let missing = try policyTest(["--lang", "en", "Tests/Fixtures/no-such-pack"])
    #expect(missing.status == 2)
    #expect(missing.stderr.contains("no such policy file or directory"))
    let usage = try policyTest(["--threshold", "101"])
    #expect(usage.status == 2)
    #expect(usage.stderr.contains("--threshold must be a number from 0 to 100"))
  }

  @Test func thresholds() throws {
    // One passing test covers 3 of the 14 items of the failing pack: 21.4%.
    let args = ["--lang", "en", Self.failing, "--run", "within the cap"]
    let low = try policyTest(args + ["--threshold", "21.4"])
    #expect(low.status == 0, "\(low.stdout)")
    let high = try policyTest(args + ["--threshold", "21.5"])
    #expect(high.status == 1)
    #expect(high.stdout.hasSuffix("coverage 21.4% is below the threshold of 21.5%\n"))
    let full = try policyTest(["--lang", "en", Self.amended, "--threshold", "100"])
    #expect(full.status == 0, "\(full.stdout)")
    #expect(full.stdout.contains("6 of 6 items covered (100%)"))
  }

  @Test func jsonOutput() throws {
    let r = try policyTest(["--format", "json", "--coverage", Self.amended])
    #expect(r.status == 0)
    let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
    let summary = object?["summary"] as? [String: Any]
    #expect(summary?["tests"] as? Int == 7)
    #expect(summary?["passed"] as? Int == 7)
    let coverage = object?["coverage"] as? [String: Any]
    #expect(coverage?["covered"] as? Int == 6)
  }

  @Test func junitOutputIsWellFormedXML() throws {
    let r = try policyTest(["--format", "junit", "--threshold", "90", Self.failing])
    #expect(r.status == 1)
    let parser = XMLParser(data: Data(r.stdout.utf8))
    let counter = JUnitCounter()
    parser.delegate = counter
    #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
    #expect(counter.counts["testsuites"] == 1)
    #expect(counter.counts["testsuite"] == 2)
    #expect(counter.counts["testcase"] == 18 + 5 + 1)
    #expect(counter.counts["failure"] == 13 + 1)
    #expect(counter.counts["error"] == 4)
    #expect(counter.counts["skipped"] == 4)
    #expect(counter.rootAttributes["tests"] == "24")
  }

  @Test func theGivenFileFixture() throws {
    let r = try policyTest([
      "--lang", "en", "policies", "Tests/Fixtures/given-file", "--run", "from a file",
    ])
    #expect(r.status == 0, "\(r.stdout)")
    #expect(r.stdout.hasSuffix("3 tests: 3 passed\n"))
  }
}

/// Counts the elements of a JUnit document.
final class JUnitCounter: NSObject, XMLParserDelegate {
  var counts: [String: Int] = [:]
  var rootAttributes: [String: String] = [:]

  func parser(
    _ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
    qualifiedName: String?, attributes: [String: String] = [:]
  ) {
    counts[name, default: 0] += 1
    if name == "testsuites" { rootAttributes = attributes }
  }
}
