/// Runs the `test "…" { … }` declarations of a program. Each test's filing
/// takes the same path as a filing read from a file: `FilingValidator`, then
/// `RuleRunner` with explanations, so a test passes only if a real filing
/// with the same fields would be judged the same way.
public struct PolicyTestRunner: Sendable {
  public let program: Program
  public var budget = Evaluator.defaultBudget

  public init(program: Program) { self.program = program }

  /// Runs the tests whose names `include` accepts, in declaration order.
  public func run(where include: (String) -> Bool = { _ in true }) -> PolicyTestRun {
    var run = PolicyTestRun()
    for test in program.tests where include(PolicyTestRunner.name(of: test)) {
      run.results.append(self.run(test))
    }
    return run
  }

  public static func name(of test: CheckedTest) -> String {
    test.decl.name.plain ?? test.source.slice(test.decl.name.span)
  }

  public func run(_ test: CheckedTest) -> PolicyTestResult {
    let decl = test.decl
    var result = PolicyTestResult(
      name: PolicyTestRunner.name(of: test),
      location: test.source.location(of: decl.name.span.start), status: .passed)
    var builder = TestDataBuilder(program: program, testSource: test.source)
    var raw: RawFiling? = nil
    if let file = decl.file {
      raw = builder.filing(from: file, of: test)
    } else if let node = builder.filing(for: test) {
      raw = RawFiling(file: test.source.path, index: 0, node: node)
    }
    var overrides: [String: Value] = [:]
    for (name, expr) in decl.params {
      guard let i = program.paramIndex[name.text] else { continue }
      switch Checker.testParamValue(expr, for: program.params[i], source: test.source) {
      case .success(let v): overrides[name.text] = v
      case .failure(let d): builder.diagnostics.append(d)
      }
    }
    guard let raw, builder.diagnostics.isEmpty else {
      result.status = .error
      result.diagnostics = builder.diagnostics
      return result
    }
    let program = overrides.isEmpty ? self.program : self.program.with(overrides: overrides)
    var record: RecordValue? = nil
    switch FilingValidator(program: program).validate(raw) {
    case .success(let r):
      record = r
      var runner = RuleRunner(program: program, explain: true, recordPasses: true, budget: budget)
      let outcome = runner.check(r, file: raw.file, index: raw.index)
      result.valid = true
      result.violations = outcome.violations
      result.passes = outcome.passes
      result.errors = outcome.errors
      if case .date(let d)? = r["report_date"] { result.reportDate = d }
    case .failure(let invalid):
      result.errors = invalid.errors.map {
        FilingError($0, index: 0, filingID: invalid.filingID)
      }
      result.errorDiagnostics = invalid.errors.map { e in
        let pos = DataPos(line: Int32(clamping: e.line), column: Int32(clamping: e.column))
        if e.file == test.source.path, let span = builder.spans[pos] {
          return Diagnostic(e.code, e.message, source: test.source, span: span)
        }
        return Diagnostic(
          e.code, e.message, at: SourceLocation(file: e.file, line: e.line, column: e.column))
      }
    }
    result.failures = failures(of: decl, test.source, result, record)
    if !result.failures.isEmpty { result.status = .failed }
    return result
  }

  func failures(
    of decl: TestDecl, _ source: SourceFile, _ r: PolicyTestResult, _ record: RecordValue?
  ) -> [TestFailure] {
    var out: [TestFailure] = []
    func add(_ span: SourceSpan?, _ problem: TestFailure.Problem) {
      out.append(
        TestFailure(
          expectation: span.map { source.slice($0) },
          location: span.map { source.location(of: $0.start) }, problem: problem))
    }
    guard let record else {
      // Only `expect invalid` can hold of an invalid filing; say why once.
      if let (_, span) = decl.expectations.first(where: {
        if case .invalid = $0.0 { return false }
        return true
      }) {
        add(span, .invalid(r.errorDiagnostics))
      }
      return out
    }
    for (e, span) in decl.expectations {
      switch e {
      case .fires(let rule, let sev, let mitigated):
        let others = r.violations.filter { $0.ruleID != rule.text }
        guard let v = r.violations.first(where: { $0.ruleID == rule.text }) else {
          if let pass = r.passes.first(where: { $0.ruleID == rule.text }) {
            add(span, .notFired(rule: rule.text, pass: pass, others: others))
          } else {
            add(
              span,
              .notApplied(rule: rule.text, reason: notApplied(rule.text, record), others: others))
          }
          continue
        }
        if let sev, let expected = Severity(rawValue: sev.text), v.severity != expected {
          add(span, .wrongSeverity(expected: expected, v))
        } else if mitigated && !v.mitigated {
          add(span, .notMitigated(v))
        }
      case .doesNotFire(let rule):
        let vs = r.violations.filter { $0.ruleID == rule.text }
        if !vs.isEmpty { add(span, .fired(vs)) }
      case .nothing:
        if !r.violations.isEmpty { add(span, .fired(r.violations)) }
      case .invalid:
        add(span, .valid(r.violations))
      }
    }
    if !r.errors.isEmpty { add(nil, .evaluationFailed(r.errors)) }
    return out
  }

  /// Why no version of `rule` was applied to the filing.
  func notApplied(_ rule: String, _ record: RecordValue) -> TestFailure.NotApplied {
    let versions = program.rules.filter { $0.id == rule }
    let ofKind = versions.filter { $0.kind.name == record.type.name }
    guard !ofKind.isEmpty else { return .otherKind(versions.first?.kind.name ?? "?") }
    guard case .date(let date)? = record["report_date"],
      ofKind.contains(where: { $0.effective.contains(date) })
    else {
      if case .date(let date)? = record["report_date"] { return .notInForce(date) }
      return .notInForce(nil)
    }
    return .outOfScope
  }
}
