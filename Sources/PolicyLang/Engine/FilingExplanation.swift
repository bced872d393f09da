/// The full derivation for one filing (`policy explain`): every rule of its
/// kind, whether it was violated, passed, excused, left out by its `where`,
/// not in force on the filing's date, or could not be evaluated, with the
/// version that applied and the evidence.
public struct FilingExplanation: Sendable {
  public enum Status: String, Sendable {
    case violated, passed, excused, error
    case notApplicable = "not_applicable"
    case notInForce = "not_in_force"
  }

  public struct RuleResult: Sendable {
    public var ruleID: String
    public var title: LocalText
    public var status: Status
    public var violation: Violation?
    public var pass: RulePass?
    public var error: FilingError?
    /// The version that applied (or, when none was in force, the latest).
    public var rule: CheckedRule
    /// The policy the rule belongs to: its own, or the program's only one.
    public var policyID: String?
    public var evidence: Evidence? { violation?.evidence ?? pass?.evidence }
  }

  public var outcome: FilingOutcome
  public var rules: [RuleResult]

  public var filing: FilingRef { outcome.filing }

  /// Pairs a filing's outcome (checked with explanations, passes and the
  /// rules that did not apply recorded) with the rules of its kind.
  public init(_ outcome: FilingOutcome, program: Program, rule only: String? = nil) {
    self.outcome = outcome
    var results: [RuleResult] = []
    guard outcome.valid, let kind = outcome.filing.kind else {
      rules = []
      return
    }
    var done = Set<String>()
    for i in program.rulesByKind[kind] ?? [] {
      let r = program.rules[i]
      guard only == nil || only == r.id, !done.contains(r.id) else { continue }
      let date = outcome.filing.reportDate
      // The version in force on the filing's date, else the latest.
      let versions = (program.rulesByKind[kind] ?? []).map { program.rules[$0] }.filter {
        $0.id == r.id
      }
      let applied = versions.last { v in date.map { v.effective.contains($0) } ?? false }
      let rule = applied ?? versions.last ?? r
      done.insert(r.id)
      let policy = rule.policyID ?? (program.policies.count == 1 ? program.policies[0].id : nil)
      if let v = outcome.violations.first(where: { $0.ruleID == r.id }) {
        results.append(
          RuleResult(
            ruleID: r.id, title: rule.title, status: .violated, violation: v, pass: nil,
            error: nil, rule: rule, policyID: policy))
      } else if let e = outcome.errors.first(where: { $0.ruleID == r.id }) {
        results.append(
          RuleResult(
            ruleID: r.id, title: rule.title, status: .error, violation: nil, pass: nil, error: e,
            rule: rule, policyID: policy))
      } else if let p = outcome.passes.first(where: { $0.ruleID == r.id }) {
        let status: Status =
          switch p.status {
          case .passed: .passed
          case .excused: .excused
          case .notApplicable: .notApplicable
          case .notInForce: .notInForce
          }
        results.append(
          RuleResult(
            ruleID: r.id, title: rule.title, status: status, violation: nil, pass: p, error: nil,
            rule: rule, policyID: policy))
      }
    }
    rules = results
  }

  public func count(_ s: Status) -> Int { rules.count { $0.status == s } }
}
