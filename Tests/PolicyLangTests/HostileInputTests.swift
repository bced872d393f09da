import Foundation
import Testing

@testable import PolicyLang

/// The hostile corpus (Tests/Fixtures/hostile/) through `policy check`: no
/// input crashes the checker, every error names its file, and one bad input
/// never costs the others.
@Suite struct HostileInputTests {
  static let fixtures = "Tests/Fixtures/hostile"

  static func names(_ sub: String) -> [String] {
    let dir = TestSupport.path("\(fixtures)/\(sub)")
    return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
  }

  /// What each fixture must produce, beyond not crashing.
  static let expected: [String: DiagnosticCode] = [
    "deep-parens.policy": .tooDeeplyNested, "deep-not.policy": .tooDeeplyNested,
    "deep-negation.policy": .tooDeeplyNested, "deep-list.policy": .tooDeeplyNested,
    "deep-record.policy": .tooDeeplyNested, "deep-call.policy": .tooDeeplyNested,
    "deep-type.policy": .tooDeeplyNested, "deep-interpolation.policy": .unterminatedString,
    "exponential-define.policy": .expandsTooFar, "define-chain.policy": .expandsTooFar,
    "let-chain.policy": .expandsTooFar, "stray-bytes.policy": .limitExceeded,
    "invalid-utf8.policy": .invalidUTF8, "nul.policy": .unexpectedCharacter,
    "truncated.policy": .expectedExpression, "text-doubling.policy": .budgetExceeded,
    "quadratic-quantifiers.policy": .budgetExceeded,
    "fuzz-errors-in-doubling-define.policy": .unknownName,
    "alias-bomb.yaml": .limitExceeded, "amount-overflow.json": .overflow,
    "blank-lines.jsonl": .syntaxError, "control-chars.json": .syntaxError,
    "deep.json": .limitExceeded, "deep.yaml": .limitExceeded, "duplicate-key.json": .syntaxError,
    "empty.json": .syntaxError, "empty.jsonl": .syntaxError, "empty.yaml": .syntaxError,
    "gbk.json": .badEncoding, "huge-number.json": .invalidValue, "invalid-utf8.json": .badEncoding,
    "lone-surrogate.json": .syntaxError, "many-errors.jsonl": .limitExceeded,
    "not-json.json": .badEncoding, "nul.json": .badEncoding,
    "payment-terms-1e12.json": .dateOutOfRange, "truncated.json": .syntaxError,
    "truncated.jsonl": .syntaxError, "truncated.yaml": .syntaxError, "wrong-types.json": .wrongType,
    "year-9999.json": .dateOutOfRange,
  ]

  func check(_ args: [String]) throws -> (out: String, err: String, status: Int32) {
    try TestSupport.run(
      TestSupport.policyBinary, ["check", "--lang", "en", "--no-evidence", "--threads", "2"] + args)
  }

  @Test(arguments: names("policies"))
  func hostilePolicy(_ name: String) throws {
    let path = "\(Self.fixtures)/policies/\(name)"
    let r = try check(["--policy", path, "\(Self.fixtures)/f.jsonl"])
    #expect([0, 1, 2, 3].contains(r.status), "exit \(r.status)\n\(r.err)")
    let all = r.out + r.err
    if r.status == 2 { #expect(r.err.contains(path), "\(r.err)") }
    if let code = Self.expected[name] {
      #expect(all.contains("[\(code.rawValue)]"), "\(name): no \(code.rawValue) in\n\(all)")
    }
  }

  @Test(arguments: names("filings"))
  func hostileFiling(_ name: String) throws {
    let path = "\(Self.fixtures)/filings/\(name)"
    let r = try check([path])
    #expect([0, 1, 3].contains(r.status), "exit \(r.status)\n\(r.err)")
    if r.status == 3 { #expect(r.out.contains(path), "\(r.out)") }
    if let code = Self.expected[name] {
      #expect(r.out.contains("[\(code.rawValue)]"), "\(name): no \(code.rawValue) in\n\(r.out)")
    }
  }

  @Test func everyFixtureHasAnExpectation() {
    let named = Self.names("policies") + Self.names("filings")
    let plain: Set = ["bom-crlf.policy", "empty.policy", "bom.json", "crlf.jsonl"]
    for name in named where !plain.contains(name) {
      #expect(Self.expected[name] != nil, "\(name) has no expected code")
    }
  }

  /// Every kind of bad input in one directory with the valid examples: each
  /// bad input is named, every violation of the valid filings is still found,
  /// and the exit code says that some input could not be checked.
  @Test func badInputsDoNotCostTheGoodOnes() throws {
    let dir = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let fm = FileManager.default
    let good = dir.appendingPathComponent("good")
    try fm.copyItem(atPath: TestSupport.path("examples/filings"), toPath: good.path)
    let bad = dir.appendingPathComponent("bad")
    try fm.createDirectory(at: bad, withIntermediateDirectories: true)
    let badNames = [
      "invalid-utf8.json", "nul.json", "empty.json", "empty.jsonl", "empty.yaml",
      "truncated.json", "truncated.yaml", "gbk.json", "not-json.json", "deep.json",
    ]
    for name in badNames {
      try fm.copyItem(
        atPath: TestSupport.path("\(Self.fixtures)/filings/\(name)"),
        toPath: bad.appendingPathComponent(name).path)
    }
    // Tests run as root, which reads files whatever their mode: unreadable
    // paths are simulated with a FIFO (which must be refused, not opened:
    // opening it would block for good) and a dangling symbolic link.
    #expect(mkfifo(bad.appendingPathComponent("pipe.json").path, 0o644) == 0)
    try fm.createSymbolicLink(
      atPath: bad.appendingPathComponent("dangling.jsonl").path,
      withDestinationPath: dir.appendingPathComponent("nowhere.jsonl").path)
    // BOM and CRLF are accepted: these are good filings in unusual dress.
    for name in ["bom.json", "crlf.jsonl"] {
      try fm.copyItem(
        atPath: TestSupport.path("\(Self.fixtures)/filings/\(name)"),
        toPath: good.appendingPathComponent(name).path)
    }

    let alone = try check(["--format", "json", good.path])
    let mixed = try check(["--format", "json", dir.path])
    #expect(alone.status == 1)
    #expect(mixed.status == 3)
    func violations(_ json: String) throws -> Set<String> {
      let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
      let list = object?["violations"] as? [[String: Any]] ?? []
      return Set(
        list.map { "\($0["filing"] ?? "-")/\($0["rule"] ?? "-")/\($0["severity"] ?? "-")" })
    }
    let expected = try violations(alone.out)
    #expect(expected.count > 10)
    // A truncated array costs only what follows its break: its whole first
    // filing is checked.
    #expect(
      try violations(mixed.out) == expected.union(["H-T1/complaint-feedback-overdue/warning"]))
    for name in badNames + ["pipe.json", "dangling.jsonl"] {
      #expect(mixed.out.contains(bad.appendingPathComponent(name).path), "\(name) is not named")
    }
    #expect(mixed.out.contains("not a regular file"))
    #expect(mixed.out.contains("H-BOM") && mixed.out.contains("H-CRLF2"))
  }

  // MARK: - arithmetic through the command line

  func customPolicy(_ dir: URL, _ rule: String) throws -> String {
    let path = dir.appendingPathComponent("a.policy").path
    try (LimitsTests.header + rule).write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  func filing(_ dir: URL, x: String, xs: String = "[]", date: String = "2023-06-30") throws
    -> String
  {
    let path = dir.appendingPathComponent("f.jsonl").path
    let line =
      #"{"kind":"f","id":"F-1","region":"r","department":"d","report_date":"\#(date)","x":\#(x),"xs":\#(xs),"t":"t"}"#
    try (line + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  @Test(arguments: [
    ("let zero = x - x\n  forbid x / zero > 0", "1", "R001", "division by zero in `x / zero`"),
    ("forbid x * x > 0", "9223372036854775807", "R002", "arithmetic overflow in `x * x`"),
    ("forbid x + 1 > 0", "9223372036854775807", "R002", "arithmetic overflow in `x + 1`"),
    ("forbid -x < 0", "-9223372036854775808", "R002", "arithmetic overflow in `-x`"),
    ("forbid sum(xs) > 0", "1", "R002", "arithmetic overflow in `sum(xs)`"),
    (
      "forbid report_date + 1 days > report_date", "1", "R003",
      "`report_date + 1 days` gives a date outside the years 1 to 9999"
    ),
    (
      "forbid report_date + x days > report_date", "1000000000000", "R003",
      "`report_date + x days` gives a date outside the years 1 to 9999"
    ),
    (
      "forbid report_date + x years > report_date", "9223372036854775807", "R002",
      "arithmetic overflow in `x years`"
    ),
  ])
  func arithmeticErrorsAreFilingErrors(
    _ rule: String, _ x: String, _ code: String, _ message: String
  ) throws {
    let dir = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let policy = try customPolicy(dir, "rule r \"t\" on f severity warning\n  \(rule)\n")
    let date = code == "R003" && !rule.contains("x days") ? "9999-12-31" : "2023-06-30"
    let file = try filing(
      dir, x: x, xs: "[9223372036854775807, 1]", date: date)
    let r = try check(["--policy", policy, file])
    #expect(r.status == 3, "\(r.out)\(r.err)")
    #expect(r.out.contains("error[\(code)] \(file):1:1 (F-1): rule `r` could not be evaluated"))
    #expect(r.out.contains(message), "\(r.out)")
  }

  // MARK: - output and interruption

  @Test func outputIsWrittenWholeAndNoTemporaryFileIsLeft() throws {
    let dir = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    // JSON is rendered whole; JSON Lines stream into the temporary file.
    for format in ["json", "jsonl"] {
      let out = dir.appendingPathComponent("report.\(format)").path
      let printed = try check(["--format", format, "examples/filings"])
      let written = try check(["--format", format, "--output", out, "examples/filings"])
      #expect(written.status == printed.status)
      #expect(written.out.isEmpty)
      #expect(try String(contentsOfFile: out, encoding: .utf8) == printed.out)
      #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["report.\(format)"])
      #expect(printed.out.hasPrefix(format == "json" ? "{" : "{\"type\":\"violation\""))
      try FileManager.default.removeItem(atPath: out)
    }

    let nowhere = dir.appendingPathComponent("missing/report.json").path
    let failed = try check(["--output", nowhere, "examples/filings"])
    #expect(failed.status == 2)
    #expect(failed.err.contains("cannot create a temporary file in"))
    #expect(!FileManager.default.fileExists(atPath: nowhere))
  }

  /// 300,000 generated filings (117 MB), made once and kept in .build/.
  static let largeCorpus: String? = {
    let path = TestSupport.path(".build/interrupt-corpus-300000.jsonl")
    if FileManager.default.fileExists(atPath: path) { return path }
    let partial = path + ".part"
    let gen = try? TestSupport.run(
      "/usr/bin/env",
      [
        "python3", TestSupport.path("Scripts/gen_corpus.py"), "--seed", "1", "--count", "300000",
        "--format", "jsonl", "--out", partial,
      ])
    guard gen?.status == 0, rename(partial, path) == 0 else { return nil }
    return path
  }()

  func interrupt(_ sig: Int32, after delay: Double, format: String = "json") throws -> (
    Int32, String, URL
  ) {
    let corpus = try #require(Self.largeCorpus)
    let dir = try TestSupport.temporaryDirectory()
    let p = Process()
    p.executableURL = URL(fileURLWithPath: TestSupport.policyBinary)
    p.arguments = [
      "check", "--lang", "en", "--format", format, "--output",
      dir.appendingPathComponent("out.\(format)").path, corpus,
    ]
    p.currentDirectoryURL = TestSupport.root
    let err = Pipe()
    p.standardError = err
    p.standardOutput = FileHandle.nullDevice
    try p.run()
    Thread.sleep(forTimeInterval: delay)
    kill(p.processIdentifier, sig)
    let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    p.waitUntilExit()
    if p.terminationReason == .uncaughtSignal && delay < 2 {
      // On a loaded machine the signal came before the process had started
      // handling it (the default action killed it): try again, later.
      try? FileManager.default.removeItem(at: dir)
      return try interrupt(sig, after: delay * 3, format: format)
    }
    #expect(p.terminationReason == .exit)
    return (p.terminationStatus, text, dir)
  }

  @Test func sigintLeavesNoOutputAndExits130() throws {
    let (status, err, dir) = try interrupt(SIGINT, after: 0.3)
    defer { try? FileManager.default.removeItem(at: dir) }
    #expect(status == 130)
    #expect(err.contains("interrupted after "), "\(err)")
    #expect(err.contains("was not written"))
    // Neither the report nor a temporary file.
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == [])
  }

  @Test func sigintWhileStreamingJSONLinesLeavesNoFile() throws {
    let (status, err, dir) = try interrupt(SIGINT, after: 0.3, format: "jsonl")
    defer { try? FileManager.default.removeItem(at: dir) }
    #expect(status == 130)
    #expect(err.contains("interrupted after "), "\(err)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == [])
  }

  @Test func sigtermExits143() throws {
    let (status, err, dir) = try interrupt(SIGTERM, after: 0.5)
    defer { try? FileManager.default.removeItem(at: dir) }
    #expect(status == 143)
    #expect(err.contains("interrupted after "))
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == [])
  }
}
