/// What one `test "…" { … }` did: its filing's outcome and every expectation
/// that did not hold.
public struct PolicyTestResult: Sendable {
  public enum Status: String, Sendable {
    case passed, failed
    /// The test itself is wrong: its filing or a param could not be built.
    case error
  }

  public var name: String
  /// The test's name in its file.
  public var location: SourceLocation
  public var status: Status
  public var failures: [TestFailure] = []
  /// Why the test could not run (status `error`).
  public var diagnostics: [Diagnostic] = []
  /// Whether the filing passed validation.
  public var valid = false
  public var reportDate: CivilDate?
  public var violations: [Violation] = []
  public var passes: [RulePass] = []
  /// Data errors (invalid filing) or rules that could not be evaluated.
  public var errors: [FilingError] = []
  /// The data errors with code frames into the test's file.
  public var errorDiagnostics: [Diagnostic] = []
}

/// One expectation that did not hold, or a problem that fails the test
/// whatever it expects (a rule that could not be evaluated).
public struct TestFailure: Sendable {
  /// `expect excessive-debt-ratio warning`, as written; nil for problems of the whole test.
  public var expectation: String?
  public var location: SourceLocation?
  public var problem: Problem

  public enum Problem: Sendable {
    /// The rule applied and did not fire; the pass says why (and which
    /// exception excused it, if one did).
    case notFired(rule: String, pass: RulePass?, others: [Violation])
    /// The rule was not applied to the filing at all.
    case notApplied(rule: String, reason: NotApplied, others: [Violation])
    case wrongSeverity(expected: Severity, Violation)
    case notMitigated(Violation)
    /// `expect no RULE` or `expect nothing`, and these fired.
    case fired([Violation])
    /// `expect invalid`, and the filing was valid.
    case valid([Violation])
    /// The filing was invalid and the test expected it to be checked.
    case invalid([Diagnostic])
    /// Rules that could not be evaluated against the filing.
    case evaluationFailed([FilingError])
  }

  public enum NotApplied: Sendable, Equatable {
    /// The rule checks filings of another kind.
    case otherKind(String)
    /// No version of the rule is in force on the filing's `report_date`.
    case notInForce(CivilDate?)
    /// The rule's `on KIND where …` excludes the filing.
    case outOfScope
  }
}

/// Every test of a run, in the order of their files and declarations.
public struct PolicyTestRun: Sendable {
  public var results: [PolicyTestResult] = []

  public var passed: Int { results.count { $0.status == .passed } }
  public var failed: Int { results.count { $0.status == .failed } }
  public var errored: Int { results.count { $0.status == .error } }
  public var allPassed: Bool { results.allSatisfy { $0.status == .passed } }
}
