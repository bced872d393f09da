/// How much of each rule the tests exercise. For every rule: that it fired
/// in some test, that it applied and did not fire in some test, each `unless`
/// both excusing and not excusing a filing the rule caught, each severity of a
/// graded rule, and each version of a rule amended over time.
public struct TestCoverage: Sendable {
  public var rules: [RuleCoverage]

  public var covered: Int { rules.reduce(0) { $0 + $1.covered } }
  public var total: Int { rules.reduce(0) { $0 + $1.items.count } }

  /// Covered items as a percentage, rounded down to one decimal place so that
  /// 100 means everything.
  public var percent: Dec {
    guard total > 0 else { return Dec(100) }
    let q = (try? Dec(covered * 100).dividing(by: Dec(total))) ?? .zero
    return (try? q.rounded(places: 1, rule: .down)) ?? q
  }

  /// Whether `percent` of the items, computed exactly, are covered.
  public func meets(_ threshold: Dec) -> Bool {
    guard let need = try? threshold.multiplying(Dec(total)) else { return false }
    return Dec(covered * 100) >= need
  }

  public var uncovered: [CoverageItem] { rules.flatMap { $0.items.filter { !$0.covered } } }
}

public struct RuleCoverage: Sendable {
  public var rule: String
  /// The rule's versions (effective periods), oldest first.
  public var versions: [Period]
  public var items: [CoverageItem]
  public var covered: Int { items.count { $0.covered } }
}

public struct CoverageItem: Sendable {
  public enum Kind: Sendable, Hashable {
    /// The rule fired in some test.
    case fires
    /// The rule applied and its condition did not hold.
    case passes
    /// The `unless` at this index excused a filing the rule caught…
    case exceptionApplies(Int)
    /// …and failed to excuse one.
    case exceptionDoesNotApply(Int)
    /// A graded rule fired with this severity.
    case grade(Severity)
    /// The version at this index applied (fired or passed).
    case version(Int)
  }

  public var rule: String
  public var kind: Kind
  /// The version an exception belongs to, when the rule has several.
  public var version: Period?
  /// The exception's label or condition; the version's period.
  public var detail: String?
  /// The tests that covered it, in run order.
  public var tests: [String] = []
  public var covered: Bool { !tests.isEmpty }
}

extension TestCoverage {
  /// Measures the coverage of `program`'s rules by the tests of `run`.
  public static func measure(_ program: Program, _ run: PolicyTestRun) -> TestCoverage {
    var byID: [(String, [CheckedRule])] = []
    for r in program.rules {
      if byID.last?.0 == r.id {
        byID[byID.count - 1].1.append(r)
      } else {
        byID.append((r.id, [r]))
      }
    }
    var rules: [RuleCoverage] = []
    for (id, versions) in byID {
      var items = [
        CoverageItem(rule: id, kind: .fires), CoverageItem(rule: id, kind: .passes),
      ]
      let several = versions.count > 1
      for (vi, v) in versions.enumerated() {
        for (i, ex) in v.exceptions.enumerated() {
          let detail = ex.label?.zh ?? v.source.slice(ex.span)
          let period = several ? versions[vi].effective : nil
          items.append(
            CoverageItem(rule: id, kind: .exceptionApplies(i), version: period, detail: detail))
          items.append(
            CoverageItem(
              rule: id, kind: .exceptionDoesNotApply(i), version: period, detail: detail))
        }
      }
      var severities: [Severity] = []
      for v in versions where v.isGraded {
        for g in v.grades where !severities.contains(g.severity) { severities.append(g.severity) }
      }
      items += severities.map { CoverageItem(rule: id, kind: .grade($0)) }
      if several {
        for (vi, v) in versions.enumerated() {
          items.append(
            CoverageItem(rule: id, kind: .version(vi), detail: v.effective.description))
        }
      }
      var cov = RuleCoverage(rule: id, versions: versions.map(\.effective), items: items)
      for result in run.results where result.status != .error && result.valid {
        record(result, versions, into: &cov)
      }
      rules.append(cov)
    }
    return TestCoverage(rules: rules)
  }

  static func record(
    _ result: PolicyTestResult, _ versions: [CheckedRule], into cov: inout RuleCoverage
  ) {
    func mark(_ kind: CoverageItem.Kind, version: Period? = nil) {
      for i in cov.items.indices where cov.items[i].kind == kind {
        if version != nil, cov.items[i].version != nil, cov.items[i].version != version {
          continue
        }
        if cov.items[i].tests.last != result.name { cov.items[i].tests.append(result.name) }
      }
    }
    func versionIndex(_ p: Period) -> Int? { versions.firstIndex { $0.effective == p } }
    func exceptions(_ e: Evidence?, _ vi: Int) {
      guard let e else { return }
      let rule = versions[vi]
      for x in e.exceptions where x.index < rule.exceptions.count && x.status != .notEvaluated {
        mark(
          x.status == .applied ? .exceptionApplies(x.index) : .exceptionDoesNotApply(x.index),
          version: rule.effective)
      }
    }
    for v in result.violations where v.ruleID == cov.rule {
      guard let vi = versionIndex(v.ruleEffective) else { continue }
      mark(.fires)
      mark(.grade(v.severity))
      mark(.version(vi))
      exceptions(v.evidence, vi)
    }
    for p in result.passes where p.ruleID == cov.rule {
      guard let vi = versionIndex(p.ruleEffective) else { continue }
      if p.excusedBy == nil { mark(.passes) }
      mark(.version(vi))
      exceptions(p.evidence, vi)
    }
  }
}
