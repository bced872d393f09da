import Foundation
import Testing

@testable import PolicyLang

/// The repository's root, for the shipped pack and the fixture packs.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .deletingLastPathComponent().deletingLastPathComponent().path

/// Loads a fixture pack's file under its repository-relative path, so that
/// output naming it is the same on every machine.
func loadFixturePack(_ relativePath: String) throws -> Program {
  let data = try #require(FileManager.default.contents(atPath: repositoryRoot + "/" + relativePath))
  let text = try #require(String(data: data, encoding: .utf8))
  let (program, diagnostics) = PolicyLoader.load(text: text, path: relativePath)
  #expect(!diagnostics.hasErrors, "\(diagnostics)")
  return try #require(program)
}

/// Loads policy text given inline, failing the test on any error.
func loadPolicy(_ text: String, path: String = "t.policy") throws -> Program {
  let (program, diagnostics) = PolicyLoader.load(text: text, path: path)
  #expect(!diagnostics.hasErrors, "\(diagnostics)")
  return try #require(program)
}

@Suite struct PolicyTestRunnerTests {
  static let failingPack = "Tests/Fixtures/failing/failing.policy"

  func results() throws -> [String: PolicyTestResult] {
    let run = PolicyTestRunner(program: try loadFixturePack(Self.failingPack)).run()
    return Dictionary(run.results.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
  }

  func problem(_ r: PolicyTestResult?) -> TestFailure.Problem? { r?.failures.first?.problem }

  @Test func aPassingTest() throws {
    let r = try #require(try results()["within the cap"])
    #expect(r.status == .passed)
    #expect(r.failures.isEmpty)
    #expect(r.valid)
    #expect(r.reportDate == CivilDate("2024-06-30"))
    #expect(r.location.line == 68)
    // The rules that applied and passed are recorded with their evidence.
    #expect(r.passes.map(\.ruleID).sorted() == ["grant-note", "grant-over-cap", "grant-ratio"])
    #expect(r.passes.allSatisfy { $0.evidence != nil })
  }

  @Test func aRuleThatAppliedAndDidNotFire() throws {
    let rs = try results()
    guard
      case .notFired(let rule, let pass, let others)? = problem(
        rs["expects a rule that applies and does not fire"])
    else {
      Issue.record("expected notFired")
      return
    }
    #expect(rule == "grant-over-cap")
    #expect(pass?.excusedBy == nil)
    #expect(pass?.evidence?.facts.first?.expression == "amount > grant_cap_factor * cap")
    #expect(others.isEmpty)
  }

  @Test func aRuleAnExceptionExcused() throws {
    let rs = try results()
    guard case .notFired(_, let pass, _)? = problem(rs["expects a rule an exception excuses"])
    else {
      Issue.record("expected notFired")
      return
    }
    #expect(pass?.excusedBy == "经批准")
    #expect(pass?.evidence?.exceptions.first?.applied == true)
  }

  @Test func rulesThatDidNotApply() throws {
    let rs = try results()
    guard case .notApplied(_, let kind, _)? = problem(rs["expects a rule of another kind"]),
      case .notApplied(_, let date, _)? = problem(rs["expects a rule not in force"]),
      case .notApplied(_, let scope, _)? = problem(rs["expects a rule whose where is false"])
    else {
      Issue.record("expected notApplied three times")
      return
    }
    #expect(kind == .otherKind("audit"))
    #expect(date == .notInForce(CivilDate("2024-06-30")))
    #expect(scope == .outOfScope)
  }

  @Test func wrongSeverityAndMitigation() throws {
    let rs = try results()
    guard case .wrongSeverity(let expected, let v)? = problem(rs["expects the wrong severity"]),
      case .notMitigated(let w)? = problem(rs["expects mitigation of a filing not remedied"])
    else {
      Issue.record("expected wrongSeverity and notMitigated")
      return
    }
    #expect(expected == .critical)
    #expect(v.severity == .major)
    #expect(!w.mitigated)
  }

  @Test func rulesThatShouldNotHaveFired() throws {
    let rs = try results()
    guard case .fired(let one)? = problem(rs["expects a rule not to fire"]),
      case .fired(let all)? = problem(rs["expects nothing of a filing that breaks a rule"]),
      case .valid(let none)? = problem(rs["expects a valid filing to be invalid"])
    else {
      Issue.record("expected fired, fired and valid")
      return
    }
    #expect(one.map(\.ruleID) == ["grant-over-cap"])
    #expect(one.first?.severity == .critical)
    #expect(all.map(\.ruleID) == ["grant-over-cap"])
    #expect(none.isEmpty)
  }

  @Test func invalidFilings() throws {
    let rs = try results()
    let checked = try #require(rs["expects an invalid filing to be checked"])
    // Two expectations, one reason: the filing is invalid, said once.
    #expect(checked.failures.count == 1)
    guard case .invalid(let ds)? = checked.failures.first?.problem else {
      Issue.record("expected invalid")
      return
    }
    #expect(ds.map(\.code) == [.wrongType, .wrongType])
    #expect(ds.first?.location?.line == 125)
    #expect(ds.allSatisfy { $0.source != nil })
    guard case .invalid(let inv)? = problem(rs["a filing its invariant makes invalid"]) else {
      Issue.record("expected invalid")
      return
    }
    #expect(inv.map(\.message) == ["`cap`: 上限不能为负"])
  }

  @Test func aRuleThatCannotBeEvaluated() throws {
    let r = try #require(try results()["a rule that cannot be evaluated"])
    #expect(r.status == .failed)
    guard case .evaluationFailed(let es)? = r.failures.first?.problem else {
      Issue.record("expected evaluationFailed")
      return
    }
    #expect(es.map(\.ruleID) == ["grant-ratio"])
    #expect(es.first?.code == .divisionByZero)
  }

  @Test func testsThatCannotRun() throws {
    let rs = try results()
    for name in [
      "an unknown fixture", "a param of the wrong type", "a fixture defined in terms of itself",
      "a list with a condition",
    ] {
      let r = try #require(rs[name])
      #expect(r.status == .error, "\(name)")
      #expect(!r.diagnostics.isEmpty, "\(name)")
    }
    #expect(rs["an unknown fixture"]?.diagnostics.first?.hint == "did you mean `base_grant`?")
    #expect(rs["a param of the wrong type"]?.diagnostics.first?.code == .badParamValue)
  }

  @Test func counts() throws {
    let run = PolicyTestRunner(program: try loadFixturePack(Self.failingPack)).run()
    #expect(run.results.count == 18)
    #expect(run.passed == 1)
    #expect(run.failed == 13)
    #expect(run.errored == 4)
    #expect(!run.allPassed)
    let some = PolicyTestRunner(program: try loadFixturePack(Self.failingPack)).run {
      $0.hasPrefix("expects a rule")
    }
    #expect(some.results.count == 6)
  }

  @Test func failureOutputMatchesGoldenFiles() throws {
    let program = try loadFixturePack(Self.failingPack)
    let run = PolicyTestRunner(program: program).run()
    let coverage = TestCoverage.measure(program, run)
    GoldenFile.check(
      TestTextReport(language: .en).render(run, coverage: coverage, threshold: Dec(90)),
      "policy-test-failures.en.txt")
    GoldenFile.check(
      TestTextReport(language: .zh).render(run, coverage: coverage),
      "policy-test-failures.zh.txt")
    GoldenFile.check(
      TestJSONReport(language: .en).render(run, coverage: coverage, threshold: Dec(90)),
      "policy-test-failures.json")
    GoldenFile.check(
      TestJUnitReport(language: .en).render(run, coverage: coverage, threshold: Dec(90)),
      "policy-test-failures.junit.xml")
  }

  @Test func colourOnlyWhenAsked() throws {
    let program = try loadFixturePack(Self.failingPack)
    let run = PolicyTestRunner(program: program).run()
    #expect(!TestTextReport(language: .en, color: false).render(run).contains("\u{1B}["))
    #expect(TestTextReport(language: .en, color: true).render(run).contains("\u{1B}[31;1mFAIL"))
  }
}
