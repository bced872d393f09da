import Foundation
import Testing

@testable import PolicyLang

/// The tests shipped with the Liaoning pack, the amended-rule fixture pack
/// (rules in time), and coverage.
@Suite struct PolicyPackTestsTests {
  func shippedPack() throws -> Program {
    let (program, diagnostics) = PolicyLoader.load(paths: [repositoryRoot + "/policies"])
    #expect(!diagnostics.hasErrors, "\(diagnostics)")
    return try #require(program)
  }

  @Test func everyTestOfTheShippedPackPasses() throws {
    let program = try shippedPack()
    let run = PolicyTestRunner(program: program).run()
    #expect(run.results.count >= 180)
    for r in run.results where r.status != .passed {
      Issue.record(
        "\(r.location) \(r.name): \(TestTextReport(language: .en).failure(r))")
    }
  }

  @Test func theShippedPackIsFullyCovered() throws {
    let program = try shippedPack()
    let coverage = TestCoverage.measure(program, PolicyTestRunner(program: program).run())
    #expect(coverage.rules.count == 20)
    #expect(coverage.percent == Dec(100))
    #expect(coverage.meets(Dec(100)))
    for item in coverage.uncovered {
      Issue.record("\(item.rule): \(TestLabels(language: .en).missing(item))")
    }
    // The graded rule is covered at both grades; the one exception both ways.
    let ratio = try #require(coverage.rules.first { $0.rule == "excessive-debt-ratio" })
    #expect(ratio.items.map(\.kind).contains(.grade(.major)))
    #expect(ratio.items.map(\.kind).contains(.grade(.warning)))
    let breach = try #require(coverage.rules.first { $0.rule == "commitment-breach" })
    #expect(breach.items.count == 4)
  }

  /// What the pack's explanations say for some of its own tests (domain.md
  /// asks for these; `expect` cannot say them).
  @Test func explanationsOfTheShippedPack() throws {
    let run = PolicyTestRunner(program: try shippedPack()).run()
    func message(_ test: String, _ rule: String) -> String? {
      run.results.first { $0.name == test }?.violations.first { $0.ruleID == rule }?.message.zh
    }
    let breach = "commitment-breach"
    let cases: [(String, String, String)] = [
      ("not honoured and no change recorded", breach, "未记录任何依法改变承诺的情况"),
      (
        "government turnover (政府换届) is never a ground, even with procedure and compensation",
        breach, "以政府换届为由不履行承诺"
      ),
      ("a change of the person responsible (相关责任人更替) is never a ground", breach, "以相关责任人更替为由"),
      ("a local policy adjustment (当地政策调整) is never a ground", breach, "以当地政策调整为由"),
      ("national interest without the lawful procedure", breach, "因国家利益改变承诺，但未依照法定权限和程序进行"),
      ("public interest without compensation", breach, "因公共利益改变承诺，但未对企业和投资人的损失依法补偿"),
      (
        "a statutory ground with neither procedure nor compensation", breach,
        "既未依照法定权限和程序进行，也未对企业和投资人的损失依法补偿"
      ),
      ("an unlisted reason excuses nothing", breach, "不是国家利益、公共利益或其他法定事由"),
      ("one fen more than 5% over: over-reported", "data-falsification", "虚报地区生产总值"),
      ("one fen more than 5% under: under-reported", "data-falsification", "瞒报地区生产总值"),
      ("one fen more than 5% over: over-reported", "data-falsification", "偏差 5%"),
      ("no mechanism at all", "debt-risk-mechanisms", "未建立风险评估、预警机制、应急处置机制"),
      ("ratio one fen above 120%: major", "excessive-debt-ratio", "高于 120% 的重度警戒线"),
      ("ratio exactly 120%: warning, not major", "excessive-debt-ratio", "为 120%，高于 100% 的警戒线"),
      (
        "an overdue unpaid payable due after the cutoff is new arrears", "no-new-arrears",
        "土建工程款 未付 385万元，逾期 76 天"
      ),
      (
        "paid in full one day after the due date: a default, although paid since",
        "procurement-payment-default", "到期仅付 0元，差额 236万元，逾期 31 天"
      ),
    ]
    for (test, rule, text) in cases {
      let m = message(test, rule)
      #expect(m?.contains(text) == true, "\(test): \(m ?? "did not fire")")
    }
    // verified 0: no percentage of 0.
    let zero = message(
      "verified 0, anything else reported deviates by more than 5% of 0", "data-falsification")
    #expect(zero?.contains("，偏差 ") == false, "\(zero ?? "")")
  }

  @Test func everyRuleOfThePackHasATestFile() throws {
    let program = try shippedPack()
    let testFiles = Set(program.tests.map { $0.source.path })
    #expect(testFiles.count == 8)
    #expect(testFiles.allSatisfy { $0.contains("/liaoning-2019-24/tests/") })
  }

  // MARK: rules in time

  static let amended = "Tests/Fixtures/amended-rule/amended.policy"

  @Test func amendedRulesAndParamsApplyByReportDate() throws {
    let program = try loadFixturePack(Self.amended)
    let run = PolicyTestRunner(program: program).run()
    #expect(run.allPassed, "\(run.results.filter { $0.status != .passed }.map(\.name))")
    let byName = Dictionary(run.results.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    let before = try #require(byName["101% on the last day of the first version: major"])
    let after = try #require(
      byName["95% on the first day of the amended version: above 90%, critical"])
    #expect(before.violations.first?.ruleEffective.until == CivilDate("2022-12-31"))
    #expect(before.violations.first?.title.zh == "借款不得超过限额")
    #expect(after.violations.first?.ruleEffective.from == CivilDate("2023-01-01"))
    #expect(after.violations.first?.message.en == "loan ¥95 exceeds 90% of the limit ¥100")
    let excused = try #require(byName["approval excuses under the amended version"])
    #expect(excused.passes.first?.excusedBy == "经人大批准")
    #expect(excused.passes.first?.ruleEffective.from == CivilDate("2023-01-01"))
  }

  @Test func theVersionThatAppliedIsShown() throws {
    let program = try loadFixturePack(Self.amended)
    let run = PolicyTestRunner(program: program).run()
    let vs = run.results.flatMap(\.violations)
    let text = vs.map { TextReport(language: .zh).violation($0) }.joined()
    #expect(text.contains(/版本 +2019-12-12 至 2022-12-31/))
    #expect(text.contains(/版本 +2023-01-01 起/))
    let en = vs.map { TextReport(language: .en).violation($0) }.joined()
    #expect(en.contains(/version +2019-12-12 to 2022-12-31/))
    let json = vs.map { JSONReport().violation($0).serialized() }.joined()
    #expect(json.contains(#""rule_version":"from 2023-01-01""#))
  }

  @Test func versionsAreCoverageItems() throws {
    let program = try loadFixturePack(Self.amended)
    let all = TestCoverage.measure(program, PolicyTestRunner(program: program).run())
    #expect(all.covered == 6)
    #expect(all.total == 6)
    let old = TestCoverage.measure(
      program, PolicyTestRunner(program: program).run { $0.contains("first version") })
    let missing = old.uncovered.map(\.kind)
    #expect(missing.contains(.version(1)))
    #expect(missing.contains(.exceptionApplies(0)))
    #expect(!missing.contains(.version(0)))
  }

  @Test func paramValuesBetweenAndBeforeVersions() throws {
    let program = try loadPolicy(
      """
      param p: int = 1 effective 2020-01-01 until 2020-12-31
      param p: int = 2 effective 2022-01-01
      """)
    let p = program.params[0]
    func v(_ d: String) -> Int? {
      if case .int(let i) = p.value(on: CivilDate(d)) { return i }
      return nil
    }
    #expect(v("2019-06-01") == 1)  // before any version: the first
    #expect(v("2020-12-31") == 1)
    #expect(v("2021-06-01") == 1)  // in the gap: the one last in force
    #expect(v("2022-01-01") == 2)
    if case .int(let i) = p.value(on: nil) { #expect(i == 2) } else { Issue.record("no value") }
  }

  @Test func overlappingVersionsAreRejected() {
    let (_, ds) = PolicyLoader.load(
      text: """
        filing f { a: int }
        rule r "r" on f severity major forbid a > 1 effective 2020-01-01 until 2021-01-01
        rule r "r" on f severity major forbid a > 2 effective 2021-01-01
        param p: int = 1 effective 2020-01-01
        param p: int = 2 effective 2020-06-01
        """)
    #expect(ds.map(\.code).contains(.duplicateRule))
    #expect(ds.map(\.code).contains(.duplicateDeclaration))
  }

  // MARK: coverage arithmetic

  @Test func coveragePercentIsRoundedDownAndThresholdsAreExact() {
    var items = (0..<7).map { CoverageItem(rule: "r", kind: .version($0)) }
    for i in 0..<4 { items[i].tests = ["t"] }
    let c = TestCoverage(rules: [RuleCoverage(rule: "r", versions: [], items: items)])
    #expect(c.covered == 4)
    #expect(c.percent == Dec("57.1"))  // 57.142…
    #expect(c.meets(Dec("57.14")!))
    #expect(!c.meets(Dec("57.15")!))
    items[4].tests = ["t"]
    items[5].tests = ["t"]
    let almost = TestCoverage(rules: [RuleCoverage(rule: "r", versions: [], items: items)])
    #expect(almost.percent == Dec("85.7"))
    #expect(!almost.meets(Dec(100)))
    #expect(TestCoverage(rules: []).percent == Dec(100))
  }
}
