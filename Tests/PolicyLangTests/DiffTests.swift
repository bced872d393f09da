import Foundation
import Testing

@testable import PolicyLang

/// `policy diff`: the impact of a draft on a corpus, in one pass.
@Suite struct DiffTests {
  static let base = "Tests/Fixtures/diff/base"
  static let draft = "Tests/Fixtures/diff/draft"
  static let filings = "Tests/Fixtures/diff/filings.jsonl"

  static func load(_ paths: [String]) throws -> Program {
    let (p, ds) = PolicyLoader.load(paths: paths.map(TestSupport.path))
    guard let p else { throw SetupError(DiagnosticRenderer().render(ds)) }
    return p
  }

  static func run(
    base: [String] = [DiffTests.base], draft: [String] = [DiffTests.draft],
    inputs: [String] = [DiffTests.filings], examples: Int = 10
  ) throws -> (DiffSummary, [DiffChange]) {
    let d = DiffRun(base: try load(base), draft: try load(draft))
    var changes: [DiffChange] = []
    let s = d.run(paths: inputs.map(TestSupport.path), exampleLimit: examples) {
      changes.append($0)
    }
    return (s, changes)
  }

  @Test func raisedThresholdsMeanFilingsNoLongerViolate() throws {
    let (s, changes) = try Self.run()
    let resolved = changes.filter { $0.kind == .resolved }
    #expect(resolved.map(\.filing.id) == ["D-1", "D-7"])
    #expect(resolved.allSatisfy { $0.ruleID == "excessive-debt-ratio" && $0.before == .warning })
    #expect(s.noLongerViolating == 1)  // D-7 still breaks the debt limit
    #expect(s.byRule["excessive-debt-ratio"]?.counts.resolved == 2)
    #expect(s.byRegion["沈阳市"]?.resolved == 2)
    #expect(s.byKind["debt"]?.resolved == 2)
  }

  @Test func aNewRuleMeansFilingsNewlyViolate() throws {
    let (s, changes) = try Self.run()
    let new = changes.filter { $0.kind == .new }
    #expect(new.map(\.filing.id) == ["D-4"])
    #expect(new.first?.ruleID == "debt-near-limit")
    #expect(new.first?.after == .warning)
    #expect(new.first?.message?.zh == "债务余额 95元 已超过限额 100元 的 90%")
    #expect(s.newlyViolating == 1)
    #expect(s.byRegion["大连市"]?.new == 1)
  }

  @Test func severityChangesAreRaisedOrLowered() throws {
    let (s, changes) = try Self.run()
    let raised = changes.filter { $0.kind == .raised }
    let lowered = changes.filter { $0.kind == .lowered }
    #expect(raised.map(\.filing.id) == ["P-1"])
    #expect(raised.first?.before == .major && raised.first?.after == .critical)
    #expect(lowered.map(\.filing.id) == ["D-2"])
    #expect(lowered.first?.before == .major && lowered.first?.after == .warning)
    #expect(s.changedViolating == 3)
    #expect(s.total.raised == 1 && s.total.lowered == 1)
  }

  @Test func filingsTheDraftRejectsAreCounted() throws {
    let (s, changes) = try Self.run()
    let invalid = changes.filter { $0.kind == .invalid }
    #expect(invalid.map(\.filing.id) == ["D-6"])
    #expect(invalid.first?.ruleID == nil)
    #expect(s.becameInvalid == 1 && s.becameValid == 0)
    #expect(s.filings == 9 && s.unchanged == 3)
    #expect((s.violationsBase, s.violationsDraft) == (7, 5))
    #expect((s.violatingBase, s.violatingDraft) == (6, 5))
  }

  @Test func examplesAreCappedButEveryChangeIsSeen() throws {
    let (s, changes) = try Self.run(examples: 1)
    let g = try #require(s.byRule["excessive-debt-ratio"])
    #expect(g.examples[.resolved]?.map(\.filing.id) == ["D-1"])
    #expect(g.counts.resolved == 2)
    #expect(changes.count == s.total.total)
    #expect(changes.count == 6)
  }

  @Test func theSameDraftChangesNothing() throws {
    let (s, changes) = try Self.run(draft: [Self.base])
    #expect(changes.isEmpty)
    #expect(s.unchanged == s.filings)
  }

  @Test func everyFormatGivesTheSameDiff() throws {
    let dir = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let lines = try String(contentsOfFile: TestSupport.path(Self.filings), encoding: .utf8)
      .split(separator: "\n")
    let array = "[\n" + lines.joined(separator: ",\n") + "\n]\n"
    let json = dir.appendingPathComponent("filings.json")
    try array.write(to: json, atomically: true, encoding: .utf8)
    let d = DiffRun(base: try Self.load([Self.base]), draft: try Self.load([Self.draft]))
    let fromJSON = d.run(paths: [json.path])
    let (fromLines, _) = try Self.run()
    #expect(fromJSON.total == fromLines.total)
    #expect(fromJSON.byRegion == fromLines.byRegion)
  }

  @Test func unreadableLinesAreErrorsAndTheRestIsCompared() throws {
    let dir = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let text = try String(contentsOfFile: TestSupport.path(Self.filings), encoding: .utf8)
    let file = dir.appendingPathComponent("broken.jsonl")
    try ("{\"kind\": \n" + text).write(to: file, atomically: true, encoding: .utf8)
    let d = DiffRun(base: try Self.load([Self.base]), draft: try Self.load([Self.draft]))
    let s = d.run(paths: [file.path])
    #expect(s.errors == 1)
    #expect(s.filings == 9)
    #expect(s.total.total == 6)
    let r = try TestSupport.run(
      TestSupport.policyBinary, ["diff", "--base", Self.base, "--draft", Self.draft, file.path])
    #expect(r.status == 3)
  }

  /// The diff reads JSON Lines in chunks; it must see the lines, indexes and
  /// errors the whole-file reader sees, across chunk boundaries too.
  @Test func streamedLinesAreTheLinesTheReaderSees() throws {
    let dir = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    var text =
      "\u{FEFF}{\"a\": 1}\r\n\n   \n{\"b\": \n{\"long\": \"" + String(repeating: "x", count: 300)
    text += "\"}\n"
    // Enough lines to cross several chunk boundaries.
    for i in 0..<15_000 {
      text += "{\"id\": \"F-\(i)\", \"pad\": \"\(String(repeating: "y", count: i % 97))\"}\n"
    }
    text += "{\"last\": true}"
    let file = dir.appendingPathComponent("lines.jsonl")
    try text.write(to: file, atomically: true, encoding: .utf8)
    let limits = LoaderLimits(maxLineBytes: 200, maxErrorsPerFile: 1_000)
    let whole = FilingReader.read(path: file.path, limits: limits)
    var filings: [(Int, Int32)] = []
    var errors: [(Int, DiagnosticCode)] = []
    let failure = JSONLinesStream.forEach(path: file.path, limits: limits) { item in
      switch item {
      case .success(let raw): filings.append((raw.index, raw.node.line))
      case .failure(let e): errors.append((e.line, e.code))
      }
    }
    #expect(failure == nil)
    #expect(filings.count == whole.filings.count)
    #expect(filings.map(\.0) == whole.filings.map(\.index))
    #expect(filings.map(\.1) == whole.filings.map(\.node.line))
    #expect(errors.map(\.0) == whole.errors.map(\.line))
    #expect(errors.map(\.1) == whole.errors.map(\.code))
    #expect(whole.errors.count == 2)
  }

  /// The diff reads a JSON array in chunks too: the same filings, indexes
  /// and errors as the whole-file reader, across chunk boundaries, up to
  /// the document's first syntax error.
  @Test func streamedArraysAreTheArraysTheReaderSees() throws {
    let dir = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    var parts: [String] = []
    for i in 0..<30_000 {
      let pad = String(repeating: "y", count: i % 97)
      parts.append(i % 1000 == 7 ? "\(i)" : "{\"id\": \"F-\(i)\",\n \"pad\": \"\(pad)\"}")
    }
    let text = "\u{FEFF}[" + parts.joined(separator: ", ") + ", {\"broken\": tru}, {}]"
    let file = dir.appendingPathComponent("array.json")
    try text.write(to: file, atomically: true, encoding: .utf8)
    #expect(text.utf8.count > 2 * JSONLinesStream.chunk)
    let limits = LoaderLimits(maxErrorsPerFile: 1_000)
    let whole = FilingReader.read(path: file.path, limits: limits)
    var filings: [(Int, Int32, Int32)] = []
    var errors: [String] = []
    let outcome = JSONArrayStream.forEach(path: file.path, limits: limits) { item in
      switch item {
      case .success(let raw): filings.append((raw.index, raw.node.line, raw.node.column))
      case .failure(let e): errors.append("\(e.line):\(e.column): \(e.message)")
      }
    }
    guard case .streamed = outcome else {
      Issue.record("not streamed: \(outcome)")
      return
    }
    // Compared whole, and reported by count: the lists are long.
    let expected = whole.filings.map { ($0.index, $0.node.line, $0.node.column) }
    let same = filings.elementsEqual(expected) { $0 == $1 }
    #expect(same, "\(filings.count) filings streamed, \(expected.count) read whole")
    #expect(filings.count == 29_970)
    let sameErrors = errors == whole.errors.map { "\($0.line):\($0.column): \($0.message)" }
    #expect(sameErrors, "\(errors.prefix(3)) … against \(whole.errors.prefix(3).map(\.message))")
    #expect(errors.count == 31 && errors.last?.hasSuffix("expected a value, found `tru`") == true)
  }

  // MARK: The shipped pack

  @Test func theShippedPackWithARaisedThresholdResolvesViolations() throws {
    let r = try TestSupport.run(
      TestSupport.policyBinary,
      [
        "diff", "--base", "policies", "--draft", "policies", "--param",
        "debt_ratio_warning=125%", "--format", "json", "examples/filings",
      ])
    #expect(r.status == 1, "\(r.err)")
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
    let changes = try #require(object["changes"] as? [[String: Any]])
    #expect(!changes.isEmpty)
    #expect(changes.allSatisfy { $0["kind"] as? String == "resolved" })
    #expect(changes.allSatisfy { $0["rule"] as? String == "excessive-debt-ratio" })
  }

  @Test func aRuleAddedToTheShippedPackIsAssessed() throws {
    let (s, changes) = try Self.run(
      base: ["policies"], draft: ["policies", "Tests/Fixtures/diff/extra-rule.policy"],
      inputs: ["examples/filings"])
    #expect(!changes.isEmpty)
    #expect(changes.allSatisfy { $0.kind == .new && $0.ruleID == "procurement-sme-terms" })
    #expect(s.byKind.keys.sorted() == ["procurement"])
  }

  // MARK: Output

  static func cli(_ extra: [String]) throws -> (out: String, err: String, status: Int32) {
    try TestSupport.run(
      TestSupport.policyBinary,
      ["diff", "--base", Self.base, "--draft", Self.draft] + extra + [Self.filings])
  }

  @Test func textOutputMatchesTheGoldenFile() throws {
    let r = try Self.cli(["--examples", "1"])
    #expect(r.status == 1)
    assertSnapshot(r.out, named: "diff-text.txt")
    let en = try Self.cli(["--lang", "en"])
    assertSnapshot(en.out, named: "diff-text-en.txt")
  }

  @Test func markdownOutputMatchesTheGoldenFile() throws {
    let r = try Self.cli(["--format", "markdown", "--examples", "1"])
    #expect(r.status == 1)
    #expect(r.out.hasPrefix("# 政策制定前评估报告\n"))
    #expect(r.out.contains("… 及其余 1 份"))
    assertSnapshot(r.out, named: "diff-report.md")
  }

  @Test func jsonOutputListsEveryChangeWithAStableShape() throws {
    let r = try Self.cli(["--format", "json", "--examples", "0"])
    #expect(r.status == 1)
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
    #expect(
      Set(object.keys) == [
        "base", "draft", "changes", "summary", "by_rule", "by_region", "by_kind",
      ])
    let changes = try #require(object["changes"] as? [[String: Any]])
    #expect(changes.count == 6)
    for c in changes {
      #expect(Set(c.keys) == ["kind", "rule", "filing", "before", "after", "message"])
      let f = try #require(c["filing"] as? [String: Any])
      #expect(Set(f.keys) == ["id", "kind", "region", "department", "file", "line"])
    }
    #expect(
      changes.map { $0["kind"] as? String } == [
        "resolved", "lowered", "new", "invalid", "raised", "resolved",
      ])
    let summary = try #require(object["summary"] as? [String: Any])
    #expect(summary["filings"] as? Int == 9)
    #expect(summary["newly_violating"] as? Int == 1)
    #expect(summary["no_longer_violating"] as? Int == 1)
    let rules = try #require(object["by_rule"] as? [[String: Any]])
    #expect(rules.first?["rule"] as? String == "excessive-debt-ratio")
    #expect(rules.first?["resolved"] as? Int == 2)
  }

  @Test func exitCodesSayWhetherAnythingChanges() throws {
    let same = try TestSupport.run(
      TestSupport.policyBinary,
      ["diff", "--base", Self.base, "--draft", Self.base, "--lang", "en", Self.filings])
    #expect(same.status == 0)
    #expect(same.out.hasSuffix("the draft changes no filing's outcome\n"))
    let bad = try TestSupport.run(
      TestSupport.policyBinary,
      ["diff", "--base", Self.base, "--draft", "no-such-dir", Self.filings])
    #expect(bad.status == 2)
    let badParam = try Self.cli(["--param", "nope=1"])
    #expect(badParam.status == 2)
    #expect(badParam.err.contains("unknown param `nope`"))
  }
}
