/// The words of `policy test` output, in Chinese and English, shared by the
/// text, JSON and JUnit reports so that they say the same thing.
struct TestLabels {
  let language: Language

  private func t(_ zh: String, _ en: String) -> String { language == .zh ? zh : en }

  var ok: String { t("通过", "ok") }
  var fail: String { t("失败", "FAIL") }
  var error: String { t("错误", "ERROR") }
  var expected: String { t("预期", "expected") }
  var actual: String { t("实际", "actual") }
  var failures: String { t("失败的测试", "failures") }
  var firedInstead: String { t("触发的规则", "fired instead") }
  var coverage: String { t("覆盖率", "coverage") }
  var notCovered: String { t("未覆盖", "not covered") }
  var columns: [String] {
    language == .zh
      ? ["规则", "触发", "不触发", "例外", "分级", "版本"]
      : ["rule", "fires", "passes", "exceptions", "grades", "versions"]
  }

  func status(_ s: PolicyTestResult.Status) -> String {
    switch s {
    case .passed: ok
    case .failed: fail
    case .error: error
    }
  }

  func period(_ p: Period) -> String { p.text(language) }

  func summary(_ run: PolicyTestRun) -> String {
    let n = run.results.count
    if language == .zh {
      var s = "\(n) 个测试：\(run.passed) 个通过"
      if run.failed > 0 { s += "，\(run.failed) 个失败" }
      if run.errored > 0 { s += "，\(run.errored) 个有错误" }
      return s
    }
    var s = "\(n) test\(n == 1 ? "" : "s"): \(run.passed) passed"
    if run.failed > 0 { s += ", \(run.failed) failed" }
    if run.errored > 0 { s += ", \(run.errored) with errors" }
    return s
  }

  func coverageSummary(_ c: TestCoverage) -> String {
    t(
      "覆盖 \(c.covered)/\(c.total) 项（\(c.percent)%）",
      "\(c.covered) of \(c.total) items covered (\(c.percent)%)")
  }

  func belowThreshold(_ c: TestCoverage, _ threshold: Dec) -> String {
    t(
      "覆盖率 \(c.percent)% 低于要求的 \(threshold)%",
      "coverage \(c.percent)% is below the threshold of \(threshold)%")
  }

  func severity(_ s: Severity) -> String {
    switch (s, language) {
    case (.critical, .zh): "严重（critical）"
    case (.major, .zh): "重要（major）"
    case (.warning, .zh): "警示（warning）"
    default: s.rawValue
    }
  }

  /// What actually happened, in one line.
  func actual(_ p: TestFailure.Problem) -> String {
    switch p {
    case .notFired(let rule, let pass, _):
      if let x = pass?.excusedBy {
        return t("`\(rule)` 的例外成立，未触发：\(x)", "`\(rule)` was excused by an exception: \(x)")
      }
      return t("`\(rule)` 适用但未触发", "`\(rule)` applied and did not fire")
    case .notApplied(let rule, let reason, _):
      switch reason {
      case .otherKind(let k):
        return t(
          "`\(rule)` 检查 `\(k)` 类填报，不适用于本填报",
          "`\(rule)` checks `\(k)` filings, not this one")
      case .notInForce(let d):
        let day = d.map { "\($0)" } ?? "?"
        return t(
          "`\(rule)` 没有在 report_date \(day) 有效的版本",
          "no version of `\(rule)` is in force on the report_date \(day)")
      case .outOfScope:
        return t(
          "`\(rule)` 不适用于本填报（`on … where` 不成立）",
          "`\(rule)` does not apply to this filing (its `on … where` is false)")
      }
    case .wrongSeverity(let expected, let v):
      return t(
        "`\(v.ruleID)` 以 \(severity(v.severity)) 触发，而非 \(severity(expected))",
        "`\(v.ruleID)` fired as \(v.severity.rawValue), not \(expected.rawValue)")
    case .notMitigated(let v):
      return t(
        "`\(v.ruleID)` 触发但未标记可从轻（填报没有 `remedied: true`）",
        "`\(v.ruleID)` fired but is not mitigated (the filing is not `remedied: true`)")
    case .fired(let vs):
      return t("触发了 ", "fired: ") + list(vs)
    case .valid(let vs):
      return vs.isEmpty
        ? t("填报有效，没有触发任何规则", "the filing is valid and no rule fired")
        : t("填报有效，触发了 ", "the filing is valid; fired: ") + list(vs)
    case .invalid(let ds):
      return t(
        "填报无效（\(ds.count) 个数据错误）",
        "the filing is invalid (\(ds.count) data error\(ds.count == 1 ? "" : "s"))")
    case .evaluationFailed(let es):
      return t(
        "\(es.count) 条规则无法计算",
        "\(es.count) rule evaluation\(es.count == 1 ? "" : "s") failed")
    }
  }

  func list(_ vs: [Violation]) -> String {
    vs.map { "`\($0.ruleID)` \($0.severity.rawValue)\($0.mitigated ? " mitigated" : "")" }
      .joined(separator: t("，", ", "))
  }

  /// What an uncovered item is missing.
  func missing(_ item: CoverageItem) -> String {
    let d = item.detail ?? ""
    let ver = item.version.map { t("（版本 \(period($0))）", " (version \(period($0)))") } ?? ""
    switch item.kind {
    case .fires: return t("没有测试使它触发", "no test makes it fire")
    case .passes:
      return t("没有测试使它适用而不触发", "no test where it applies and does not fire")
    case .exceptionApplies:
      return t("例外“\(d)”从未成立\(ver)", "the exception “\(d)” never excuses a filing\(ver)")
    case .exceptionDoesNotApply:
      return t(
        "例外“\(d)”从未在规则命中时不成立\(ver)",
        "the exception “\(d)” never fails to excuse a filing the rule caught\(ver)")
    case .grade(let s):
      return t("从未以 \(s.rawValue) 触发", "never fires as \(s.rawValue)")
    case .version:
      return t("版本 \(d) 从未适用", "version \(d) never applies")
    }
  }
}

extension Period {
  /// The period as a reader says it: `2019-12-12 起`, `from 2019-12-12`.
  public func text(_ language: Language) -> String {
    guard language == .zh else { return description }
    switch (from, until) {
    case (nil, nil): return "始终有效"
    case (let f?, nil): return "\(f) 起"
    case (nil, let u?): return "至 \(u)"
    case (let f?, let u?): return "\(f) 至 \(u)"
    }
  }
}
