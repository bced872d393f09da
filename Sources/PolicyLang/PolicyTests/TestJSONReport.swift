/// `policy test --format json`: every test with its status and failures, a
/// summary, and the coverage when it was measured.
public struct TestJSONReport: Sendable {
  public var language: Language

  public init(language: Language = .zh) { self.language = language }

  var labels: TestLabels { TestLabels(language: language) }

  public func render(_ run: PolicyTestRun, coverage: TestCoverage? = nil, threshold: Dec? = nil)
    -> String
  {
    var fields: [(String, JSON)] = [
      ("tests", .array(run.results.map(test))),
      (
        "summary",
        .object([
          ("tests", .int(run.results.count)), ("passed", .int(run.passed)),
          ("failed", .int(run.failed)), ("errors", .int(run.errored)),
        ])
      ),
    ]
    if let coverage { fields.append(("coverage", self.coverage(coverage, threshold))) }
    return JSON.object(fields).serialized(pretty: true) + "\n"
  }

  func location(_ l: SourceLocation) -> JSON {
    .object([("file", .string(l.file)), ("line", .int(l.line)), ("column", .int(l.column))])
  }

  public func test(_ r: PolicyTestResult) -> JSON {
    var f: [(String, JSON)] = [
      ("name", .string(r.name)),
      ("location", location(r.location)),
      ("status", .string(r.status.rawValue)),
    ]
    if r.status == .error {
      f.append(("errors", .array(r.diagnostics.map(diagnostic))))
      return .object(f)
    }
    f.append(("valid", .bool(r.valid)))
    f.append(
      (
        "fired",
        .array(
          r.violations.map {
            .object([
              ("rule", .string($0.ruleID)), ("severity", .string($0.severity.rawValue)),
              ("mitigated", .bool($0.mitigated)),
            ])
          })
      ))
    if !r.failures.isEmpty { f.append(("failures", .array(r.failures.map(failure)))) }
    return .object(f)
  }

  func failure(_ x: TestFailure) -> JSON {
    var f: [(String, JSON)] = [
      ("expectation", .optional(x.expectation)),
      ("location", x.location.map(location) ?? .null),
      ("problem", .string(TestJSONReport.code(x.problem))),
      ("message", .string(labels.actual(x.problem))),
    ]
    let report = JSONReport(language: language)
    switch x.problem {
    case .notFired(_, let pass, _):
      if let e = pass?.evidence { f.append(("evidence", report.evidence(e))) }
      if let by = pass?.excusedBy { f.append(("excused_by", .string(by))) }
    case .notApplied: break
    case .wrongSeverity(_, let v), .notMitigated(let v):
      f.append(("violations", .array([report.violation(v)])))
    case .fired(let vs), .valid(let vs):
      f.append(("violations", .array(vs.map { report.violation($0) })))
    case .invalid(let ds):
      f.append(("errors", .array(ds.map(diagnostic))))
    case .evaluationFailed(let es):
      f.append(("errors", .array(es.map(report.error))))
    }
    return .object(f)
  }

  static func code(_ p: TestFailure.Problem) -> String {
    switch p {
    case .notFired(_, let pass, _): pass?.excusedBy == nil ? "not_fired" : "excused"
    case .notApplied: "not_applied"
    case .wrongSeverity: "wrong_severity"
    case .notMitigated: "not_mitigated"
    case .fired: "fired"
    case .valid: "valid"
    case .invalid: "invalid"
    case .evaluationFailed: "evaluation_failed"
    }
  }

  func diagnostic(_ d: Diagnostic) -> JSON {
    var f: [(String, JSON)] = [
      ("code", .string(d.code.rawValue)), ("message", .string(d.message)),
    ]
    if let l = d.location { f.append(("location", location(l))) }
    if let h = d.hint { f.append(("hint", .string(h))) }
    return .object(f)
  }

  public func coverage(_ c: TestCoverage, _ threshold: Dec? = nil) -> JSON {
    var f: [(String, JSON)] = [
      ("percent", .number(c.percent.description)),
      ("covered", .int(c.covered)),
      ("total", .int(c.total)),
    ]
    if let threshold {
      f.append(("threshold", .number(threshold.description)))
      f.append(("meets_threshold", .bool(c.meets(threshold))))
    }
    f.append(
      (
        "rules",
        .array(
          c.rules.map { r in
            .object([
              ("rule", .string(r.rule)),
              ("covered", .int(r.covered)),
              ("total", .int(r.items.count)),
              ("items", .array(r.items.map(item))),
            ])
          })
      ))
    return .object(f)
  }

  func item(_ i: CoverageItem) -> JSON {
    var f: [(String, JSON)] = []
    switch i.kind {
    case .fires: f.append(("item", .string("fires")))
    case .passes: f.append(("item", .string("passes")))
    case .exceptionApplies(let n):
      f += [("item", .string("exception_applies")), ("exception", .int(n))]
    case .exceptionDoesNotApply(let n):
      f += [("item", .string("exception_does_not_apply")), ("exception", .int(n))]
    case .grade(let s): f += [("item", .string("grade")), ("severity", .string(s.rawValue))]
    case .version(let n): f += [("item", .string("version")), ("version", .int(n))]
    }
    if let d = i.detail { f.append(("detail", .string(d))) }
    if let v = i.version { f.append(("rule_version", .string(v.description))) }
    f.append(("covered", .bool(i.covered)))
    f.append(("tests", .array(i.tests.map(JSON.string))))
    return .object(f)
  }
}
