/// One rule broken by one filing, with everything an official needs to act:
/// the rule, the article and its text, the filing and where it is, the
/// message, the consequences, and whether it is mitigated (四（四）).
public struct Violation: Sendable {
  /// The rule version that applied: one object shared by all its violations.
  public var rule: RuleFacts
  public var severity: Severity
  public var message: LocalText
  public var mitigated: Bool
  public var filing: FilingRef
  /// Why it fired: filled in when explanations are asked for.
  public var evidence: Evidence?

  public init(
    rule: RuleFacts, severity: Severity, message: LocalText, mitigated: Bool, filing: FilingRef,
    evidence: Evidence? = nil
  ) {
    self.rule = rule
    self.severity = severity
    self.message = message
    self.mitigated = mitigated
    self.filing = filing
    self.evidence = evidence
  }

  public init(
    ruleID: String, title: LocalText, severity: Severity, articles: [String], quote: String?,
    consequences: [LocalText], message: LocalText, mitigated: Bool, policyID: String?,
    ruleEffective: Period, filing: FilingRef, evidence: Evidence? = nil,
    ruleLocation: SourceLocation? = nil
  ) {
    self.init(
      rule: RuleFacts(
        RuleParts(
          id: ruleID, title: title, articles: articles, quote: quote,
          consequences: consequences, policyID: policyID, effective: ruleEffective,
          location: ruleLocation)),
      severity: severity, message: message, mitigated: mitigated, filing: filing,
      evidence: evidence)
  }

  public var ruleID: String {
    get { rule.parts.id }
    set { rule = rule.with { $0.id = newValue } }
  }
  public var title: LocalText {
    get { rule.parts.title }
    set { rule = rule.with { $0.title = newValue } }
  }
  public var articles: [String] {
    get { rule.parts.articles }
    set { rule = rule.with { $0.articles = newValue } }
  }
  public var quote: String? {
    get { rule.parts.quote }
    set { rule = rule.with { $0.quote = newValue } }
  }
  public var consequences: [LocalText] {
    get { rule.parts.consequences }
    set { rule = rule.with { $0.consequences = newValue } }
  }
  public var policyID: String? {
    get { rule.parts.policyID }
    set { rule = rule.with { $0.policyID = newValue } }
  }
  /// The period of the rule version that applied.
  public var ruleEffective: Period {
    get { rule.parts.effective }
    set { rule = rule.with { $0.effective = newValue } }
  }
  /// Where the version of the rule that applied is written.
  public var ruleLocation: SourceLocation? {
    get { rule.parts.location }
    set { rule = rule.with { $0.location = newValue } }
  }

  public var cites: String { rule.parts.cites }
}

/// What a violation says about the rule version that applied, made once
/// per version (`CheckedRule.facts`) and shared by all its violations (see
/// `Frozen`).
public typealias RuleFacts = Frozen<RuleParts>

public struct RuleParts: Sendable, Equatable {
  public var id: String
  public var title: LocalText
  public var articles: [String]
  public var quote: String?
  public var consequences: [LocalText]
  public var policyID: String?
  public var effective: Period
  public var location: SourceLocation?

  public var cites: String { articles.joined(separator: "、") }
}

/// A filing that could not be checked (or a rule that could not be evaluated
/// against it): file, line, the filing's id when known, and why.
public struct FilingError: Sendable {
  public var code: DiagnosticCode
  public var message: String
  public var file: String
  public var line: Int
  public var column: Int
  public var index: Int
  public var filingID: String?
  /// The rule being evaluated, for evaluation errors.
  public var ruleID: String?
  /// Where in the policy the evaluation failed.
  public var policyLocation: SourceLocation?

  public init(_ e: DataError, index: Int, filingID: String?) {
    code = e.code
    message = e.message
    file = e.file
    line = e.line
    column = e.column
    self.index = index
    self.filingID = filingID
  }

  public init(
    code: DiagnosticCode, message: String, file: String, line: Int, column: Int, index: Int,
    filingID: String?, ruleID: String? = nil, policyLocation: SourceLocation? = nil
  ) {
    self.code = code
    self.message = message
    self.file = file
    self.line = line
    self.column = column
    self.index = index
    self.filingID = filingID
    self.ruleID = ruleID
    self.policyLocation = policyLocation
  }
}

/// A rule that applied to a filing and did not fire (`--show-passes`,
/// `explain`), or, for `explain`, a rule of the filing's kind that did not
/// apply to it.
public struct RulePass: Sendable {
  public enum Status: String, Sendable {
    /// The rule's condition did not call for a violation.
    case passed
    /// It did, but an `unless` exception held.
    case excused
    /// The rule's `where` left the filing out.
    case notApplicable = "not_applicable"
    /// No version of the rule was in force on the filing's `report_date`.
    case notInForce = "not_in_force"
  }

  public var ruleID: String
  public var filing: FilingRef
  /// Set when the condition held but an exception excused it.
  public var excusedBy: String?
  public var evidence: Evidence?
  public var status: Status = .passed
  public var title = LocalText(zh: "")
  /// The period of the rule version that applied (or, when none was in
  /// force, of the latest version).
  public var ruleEffective: Period = .always
  public var policyID: String? = nil
  public var ruleLocation: SourceLocation? = nil
}

/// Everything that happened to one filing.
public struct FilingOutcome: Sendable {
  public var filing: FilingRef
  public var valid: Bool
  public var violations: [Violation] = []
  public var errors: [FilingError] = []
  public var passes: [RulePass] = []
}
