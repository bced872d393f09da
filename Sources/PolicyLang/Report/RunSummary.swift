/// The counts every output ends with: filings checked and invalid,
/// violations by severity and by rule.
public struct RunSummary: Sendable {
  public struct RuleCount: Sendable {
    public var rule: String
    public var severity: Severity
    public var title: LocalText
    public var count: Int
    public var mitigated: Int
  }

  public var filesRead: Int
  public var filingsChecked: Int
  public var filingsInvalid: Int
  public var violations: Int
  public var mitigated: Int
  public var errors: Int
  /// Rules applied and passed (or excused), when passes were recorded.
  public var passes: Int
  /// Every severity, highest first, with its count (zeros included).
  public var bySeverity: [(Severity, Int)]
  /// One row per (rule, severity): highest severity first, then rule id.
  public var byRule: [RuleCount]

  public init(_ report: CheckReport) {
    let vs = report.violations
    filesRead = report.filesRead
    filingsChecked = report.filingsChecked
    filingsInvalid = report.filingsInvalid
    violations = vs.count
    mitigated = vs.count { $0.mitigated }
    errors = report.errors.count
    passes = report.outcomes.reduce(0) { n, o in
      n + o.passes.count { $0.status == .passed || $0.status == .excused }
    }
    bySeverity = Severity.allCases.map { s in (s, vs.count { $0.severity == s }) }
    var rows: [String: RuleCount] = [:]
    for v in vs {
      let key = "\(v.severity.rank) \(v.ruleID)"
      rows[
        key,
        default: RuleCount(
          rule: v.ruleID, severity: v.severity, title: v.title, count: 0, mitigated: 0)
      ].count += 1
      if v.mitigated { rows[key]?.mitigated += 1 }
    }
    byRule = rows.values.sorted { ($0.severity, $0.rule) < ($1.severity, $1.rule) }
  }
}

extension Severity {
  /// The SARIF / CI level: critical is an error, major a warning, warning a note.
  public var sarifLevel: String {
    switch self {
    case .critical: "error"
    case .major: "warning"
    case .warning: "note"
    }
  }
}
