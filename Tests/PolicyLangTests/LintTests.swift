import Foundation
import Testing

@testable import PolicyLang

/// `policy lint`: one test per finding, each with cases that must be found
/// and cases a sound analysis must leave alone.
@Suite struct LintTests {
  static let schema = """
    filing thing {
      x: decimal
      y: decimal
      n: int
      d: date
      opt: decimal?
      tags: list of text
      f: text
      ok: bool
      capacity: money
      invalid when capacity <= 0 because "capacity must be positive"
    }

    """

  /// Lint findings (not the checker's warnings) for rules written against `schema`.
  static func lint(_ text: String, schema: String = LintTests.schema) throws -> [Diagnostic] {
    let (program, ds) = PolicyLoader.load(text: schema + text, path: "t.policy")
    guard let program else { throw SetupError(DiagnosticRenderer().render(ds)) }
    return Linter(program: program).run()
  }

  static func rule(
    scope: String? = nil, lets: [String] = [], _ condition: String, mode: String = "forbid",
    severity: String = "major", unless: [String] = [], extra: String = ""
  ) -> String {
    rule(
      "r", scope: scope, lets: lets, condition, mode: mode, severity: severity, unless: unless,
      extra: extra)
  }

  static func rule(
    _ id: String, scope: String? = nil, lets: [String] = [], _ condition: String,
    mode: String = "forbid", severity: String = "major", unless: [String] = [],
    extra: String = ""
  ) -> String {
    var s = "rule \(id) \"t\" cites 一（一） quote \"q\"\n  on thing"
    if let scope { s += " where \(scope)" }
    s += "\n  severity \(severity)\n"
    for l in lets { s += "  let \(l)\n" }
    s += "  \(mode) \(condition)\n"
    for u in unless { s += "  unless \(u)\n" }
    return s + extra + "\n"
  }

  static func codes(_ ds: [Diagnostic]) -> [String] { ds.map(\.code.rawValue) }

  // MARK: W001

  @Test func unusedParamsAndDefinitionsAreFound() throws {
    let ds = try Self.lint(
      """
      param unused: decimal = 5%
      param in_message: decimal = 7%
      param in_invariant: int = 0
      param in_grade: decimal = 10
      param in_exception: decimal = 3
      define lone = [1, 2]
      define inner = [3]
      define outer = inner
      define used = [4]
      filing other {
        v: int
        invalid when v < in_invariant because "v"
      }

      """
        + Self.rule(
          "r", "x > 1 and n in used", severity: "major when x > in_grade else warning",
          unless: ["y < in_exception"], extra: "  because \"{in_message}\"\n"))
    let unused = ds.filter { $0.code == .unusedDeclaration }.map(\.message)
    #expect(
      unused == [
        "param `unused` is never used", "definition `lone` is never used",
        "definition `inner` is never used", "definition `outer` is never used",
      ])
    let inner = ds.first { $0.message.contains("`inner`") }
    #expect(inner?.hint?.contains("only definitions that are themselves unused") == true)
    #expect(inner?.severity == .warning)
    #expect(inner?.location?.line == 19)
  }

  // MARK: W002

  @Test(arguments: [
    "x > 5 and x < 3",
    "count(tags) < 0",
    "abs(x) < 0",
    "n > 5 and n < 6",
    "x > 5 and not (x > 4)",
    "x == 3 and x != 3",
    "f == \"a\" and f == \"b\"",
    "f in [\"a\", \"b\"] and f not in [\"a\", \"b\"]",
    "ok and not ok",
    "d < 2019-01-01 and d > 2020-01-01 + 3 days",
    "x + 1 > y and y > x + 1",
    "capacity < 0",
    "length(f) < 0",
    "month(d) > 12",
    "any(tags, it == \"a\" and it == \"b\")",
    "count(tags where length(it) < 0) > 0",
    "x > 200% and x < 120%",
    "if ok then x < 0 and x > 0 else false",
  ])
  func contradictionsNeverFire(_ condition: String) throws {
    let ds = try Self.lint(Self.rule(condition))
    #expect(Self.codes(ds) == ["W002"], "\(condition)")
    #expect(ds.first?.location?.line == 16)
  }

  @Test(arguments: [
    "x > 5 and x < 10",
    "x > 5 and x < 6",
    "n > 5 and n < 7",
    "x >= 5 and x <= 5",
    "x > y and y > 3",
    "f == \"a\" or f == \"b\"",
    "abs(x) <= 0",
    "count(tags) > 1000000",
    "opt is present and opt < 0",
    "x * y < 0",
    "x / capacity > 120%",
    "d > 2019-01-01 and d < 2019-01-03",
    "sum(each(tags, length(it))) > 0",
    "ok and f == \"a\"",
  ])
  func satisfiableConditionsAreNotFlagged(_ condition: String) throws {
    let ds = try Self.lint(Self.rule(condition))
    #expect(ds.isEmpty, "\(condition): \(ds.map(\.message))")
  }

  @Test func aContradictoryScopeNeverFires() throws {
    let ds = try Self.lint(Self.rule(scope: "x > 10 and x < 0", "ok"))
    #expect(Self.codes(ds) == ["W002"])
    #expect(ds.first?.message == "rule `r` can never fire: its `where` never holds")
    // The condition, not the scope, contradicts: reported on the condition.
    let within = try Self.lint(Self.rule(scope: "x > 10", "x < 3"))
    #expect(
      within.first?.message == "rule `r` can never fire: `x < 3` is never true within its `where`")
  }

  @Test func aRequirementThatAlwaysHoldsNeverFires() throws {
    let ds = try Self.lint(Self.rule("count(tags) >= 0", mode: "require"))
    #expect(Self.codes(ds) == ["W002"])
    #expect(ds.first?.message.contains("always holds") == true)
  }

  @Test func paramsAreTakenAtTheirValuesAndNamedInTheHint() throws {
    let ds = try Self.lint("param limit: decimal = 120%\n\n" + Self.rule("x > limit and x < 1"))
    #expect(Self.codes(ds) == ["W002"])
    #expect(ds.first?.hint?.contains("`limit` = 1.2") == true)
    // Versions with different values are a range, not a constant.
    let versions = try Self.lint(
      """
      param limit: decimal = 120% effective 2019-01-01 until 2019-12-31
      param limit: decimal = 80% effective 2020-01-01

      """ + Self.rule("x > limit and x < 1"))
    #expect(versions.isEmpty)
  }

  @Test func letsAndDefinitionsAreSeenThrough() throws {
    let ds = try Self.lint(
      "define low(v: decimal) = v < 0\n\n"
        + Self.rule(lets: ["big = x > 10"], "big and low(x)"))
    #expect(Self.codes(ds) == ["W002"])
  }

  // MARK: W003

  @Test(arguments: [
    "x >= 0 or x < 0",
    "count(tags) >= 0",
    "not ok or ok",
    "abs(x) >= 0",
    "f != \"a\" or f != \"b\"",
    "opt is present or opt is absent",
  ])
  func tautologiesAlwaysFire(_ condition: String) throws {
    let ds = try Self.lint(Self.rule(condition))
    #expect(Self.codes(ds) == ["W003"], "\(condition)")
  }

  @Test func aTautologyUnderAScopeOrWithAnExceptionIsNotAlwaysFiring() throws {
    #expect(try Self.lint(Self.rule(scope: "ok", "x >= 0 or x < 0")).isEmpty)
    #expect(try Self.lint(Self.rule("x >= 0 or x < 0", unless: ["y > 3"])).isEmpty)
    #expect(try Self.lint(Self.rule("x >= 0 or y < 0")).isEmpty)
    // An optional value may be absent: `opt >= 0 or opt < 0` cannot be written unchecked.
    #expect(try Self.lint(Self.rule("opt is present and (opt >= 0 or opt < 0)")).isEmpty)
  }

  // MARK: W004

  @Test func exceptionsThatCannotApplyAreFound() throws {
    let ds = try Self.lint(Self.rule("x > 10", unless: ["x < 5"]))
    #expect(Self.codes(ds) == ["W004"])
    #expect(ds.first?.location?.line == 17)
    #expect(try Self.lint(Self.rule("x > 10", unless: ["x > 20"])).isEmpty)
    #expect(try Self.lint(Self.rule("x > 10", unless: ["y < 5"])).isEmpty)
    // The invariant (capacity > 0) holds for every filing checked.
    #expect(Self.codes(try Self.lint(Self.rule("x > 10", unless: ["capacity <= 0"]))) == ["W004"])
    // With `require`, the rule fires when its condition fails.
    #expect(
      Self.codes(try Self.lint(Self.rule("x <= 10", mode: "require", unless: ["x < 5"])))
        == ["W004"])
  }

  @Test func anExceptionThatAlwaysAppliesMeansTheRuleNeverFires() throws {
    let ds = try Self.lint(Self.rule("x > 10", unless: ["\"大\": x > 3"]))
    #expect(Self.codes(ds) == ["W002"])
    #expect(ds.first?.message.contains("this exception applies whenever") == true)
  }

  // MARK: W005

  @Test func duplicatesUpToLayoutAndNamesAreFound() throws {
    let ds = try Self.lint(
      Self.rule("a", "ok and x > 1")
        + Self.rule("b", lets: ["big = x > 1"], "big\n    and ok"))
    #expect(Self.codes(ds) == ["W005"])
    #expect(ds.first?.message == "rule `b` duplicates rule `a`")
  }

  @Test func aRuleImpliedByAnotherIsShadowed() throws {
    let ds = try Self.lint(Self.rule("a", "x > 1") + Self.rule("b", "x > 2 and ok"))
    #expect(ds.map(\.message) == ["rule `b` is shadowed by rule `a`"])
    let equivalent = try Self.lint(Self.rule("a", "x > 1") + Self.rule("b", "not (x <= 1)"))
    #expect(equivalent.map(\.message) == ["rule `b` duplicates rule `a`"])
  }

  @Test func distinctRulesAreNotShadowed() throws {
    // Another severity, an exception on the wider rule, other filings, other dates.
    #expect(
      try Self.lint(Self.rule("a", "x > 1") + Self.rule("b", "x > 2", severity: "critical"))
        .isEmpty)
    #expect(
      try Self.lint(Self.rule("a", "x > 1", unless: ["ok"]) + Self.rule("b", "x > 2")).isEmpty)
    #expect(try Self.lint(Self.rule("a", "x > 1 and ok") + Self.rule("b", "x > 2")).isEmpty)
    #expect(try Self.lint(Self.rule("a", "x > 2") + Self.rule("b", "x > 1")).count == 1)
    let versions = try Self.lint(
      Self.rule("a", "x > 1", extra: "  effective 2019-01-01 until 2019-12-31\n")
        + Self.rule("b", "x > 1", extra: "  effective 2020-01-01\n"))
    #expect(versions.isEmpty)
  }

  // MARK: W006 and W007

  @Test func rulesWithoutCitationOrQuoteAreFound() throws {
    let ds = try Self.lint(
      """
      rule bare "t"
        on thing
        severity major
        forbid x > 1

      rule unquoted "t" cites 一（一）
        on thing
        severity major
        forbid y > 1

      """)
    #expect(
      ds.map(\.message) == [
        "rule `bare` cites no article", "rule `unquoted` cites 一（一） but quotes nothing",
      ])
    #expect(Self.codes(ds) == ["W006", "W006"])
  }

  static func lintWithSource(_ quotes: [(String, String)], source: String) throws -> [Diagnostic] {
    let dir = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    try source.write(to: dir.appendingPathComponent("text.txt"), atomically: true, encoding: .utf8)
    var text = "policy \"p\" source \"text.txt\"\n\n" + schema
    for (i, (article, quote)) in quotes.enumerated() {
      text += "rule r\(i) \"t\" cites \(article) quote \"\(quote)\"\n  on thing\n  severity major\n"
      text += "  forbid n == \(i)\n\n"
    }
    let file = dir.appendingPathComponent("p.policy")
    try text.write(to: file, atomically: true, encoding: .utf8)
    let (program, ds) = PolicyLoader.load(paths: [file.path])
    guard let program else { throw SetupError(DiagnosticRenderer().render(ds)) }
    return Linter(program: program).run()
  }

  static let sourceText = """
    一、总体要求

    （一）政府债务要规模适度、风险可控，不准违法违规过度

    举债。

    （二）数据统计要科学有效、真实准确，不准虚报、瞒报经济数据。
    二、其他
    （一）其他内容 "ASCII" 引号。
    """

  @Test func quotesAreFoundAcrossLineBreaksAndPunctuationForms() throws {
    let ds = try Self.lintWithSource(
      [
        ("一（一）", "不准违法违规过度举债。"),
        ("一(一)", "风险可控,不准违法违规过度"),
        ("一（二）", "数据统计要科学有效……不准虚报"),
        ("二（一）", "其他内容“ASCII”引号．"),
        ("一", "不准虚报、瞒报经济数据"),
      ], source: Self.sourceText)
    #expect(ds.isEmpty, "\(ds.map(\.message))")
  }

  @Test func quotesNotInTheTextOrUnderAnotherArticleAreFound() throws {
    let ds = try Self.lintWithSource(
      [
        ("一（一）", "政府债务要规模适当"),
        ("一（二）", "不准违法违规过度举债"),
        ("一（九）", "不准违法违规过度举债"),
        ("一（一）", "规模适度……瞒报政府数据"),
      ], source: Self.sourceText)
    #expect(Self.codes(ds) == ["W007", "W007", "W007", "W007"])
    #expect(ds[0].message == "the quote of rule `r0` is not in the source text `text.txt`")
    #expect(ds[0].hint?.contains("the text agrees up to `政府债务要规模适`") == true)
    #expect(ds[1].message == "the quote of rule `r1` is not under `一（二）` in the source text")
    #expect(ds[1].hint?.contains("under `一（一）`") == true)
    #expect(ds[2].message.contains("cites `一（九）`, which the source text `text.txt` lacks"))
    #expect(ds[3].message.contains("is not in the source text"))
  }

  @Test func anUnreadableSourceTextIsReportedOnce() throws {
    let ds = try Self.lintWithSource([("一（一）", "a"), ("一（一）", "b")], source: "")
    #expect(ds.isEmpty == false)
    let dir = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("p.policy")
    try
      ("policy \"p\" source \"missing.txt\"\n\n" + Self.schema + Self.rule("x > 1")
      + Self.rule("r2", "y > 1"))
      .write(to: file, atomically: true, encoding: .utf8)
    let (program, _) = PolicyLoader.load(paths: [file.path])
    let found = try #require(program.map { Linter(program: $0).run() })
    #expect(found.map(\.message) == ["cannot read the source text `missing.txt`"])
  }

  // MARK: The pack, the report, the command

  @Test func theShippedPackLintsClean() throws {
    let (program, ds) = PolicyLoader.load(paths: [TestSupport.path("policies")])
    let p = try #require(program)
    #expect(ds.isEmpty, "\(DiagnosticRenderer().render(ds))")
    let findings = Linter(program: p).run()
    #expect(findings.isEmpty, "\(DiagnosticRenderer().render(findings))")
  }

  static let sample = "Tests/Fixtures/lint/sample.policy"

  @Test func textOutputMatchesTheGoldenFile() throws {
    let r = try TestSupport.run(TestSupport.policyBinary, ["lint", "--lang", "en", Self.sample])
    #expect(r.status == 1)
    assertSnapshot(r.out, named: "lint-sample.txt")
    let zh = try TestSupport.run(TestSupport.policyBinary, ["lint", Self.sample])
    #expect(
      zh.out.hasSuffix("检查 1 个策略文件，发现 8 处问题（W001 2，W002 1，W003 1，W004 1，W005 1，W006 1，W007 1）\n"))
  }

  @Test func jsonOutputHasAStableShape() throws {
    let r = try TestSupport.run(
      TestSupport.policyBinary, ["lint", "--format", "json", Self.sample])
    #expect(r.status == 1)
    let object = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any]
    let findings = try #require(object?["findings"] as? [[String: Any]])
    #expect(object?["count"] as? Int == findings.count)
    #expect(findings.count == 8)
    for f in findings {
      #expect(
        Set(f.keys) == ["code", "severity", "message", "file", "line", "column", "hint"])
      #expect(f["severity"] as? String == "warning")
      #expect(f["file"] as? String == Self.sample)
    }
    #expect(findings.first?["code"] as? String == "W001")
    #expect(findings.first?["line"] as? Int == 6)
    #expect(findings.first?["column"] as? Int == 7)
  }

  @Test func exitCodesSayCleanFindingsOrErrors() throws {
    let clean = try TestSupport.run(TestSupport.policyBinary, ["lint", "--lang", "en", "policies"])
    #expect(clean.status == 0)
    #expect(clean.out.hasSuffix(" policy files linted: no findings\n"))
    let dir = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let broken = dir.appendingPathComponent("broken.policy")
    try "rule r \"t\" on nothing severity major forbid x".write(
      to: broken, atomically: true, encoding: .utf8)
    let bad = try TestSupport.run(TestSupport.policyBinary, ["lint", broken.path])
    #expect(bad.status == 2)
    #expect(bad.out.isEmpty)
    #expect(bad.err.contains("error["))
  }
}
