/// Counts kept while outcomes stream past, so that a run over millions of
/// filings can print its summary and choose its exit code without holding them.
public struct RunTotals: Sendable, Equatable {
  public var filesRead = 0
  public var filingsChecked = 0
  public var filingsInvalid = 0
  public var errors = 0
  public var violations = 0
  public var mitigated = 0
  public var bySeverity: [Severity: Int] = [:]
  public var byRule: [String: Int] = [:]

  public init() {}

  public mutating func add(_ o: FilingOutcome) {
    if o.valid { filingsChecked += 1 } else { filingsInvalid += 1 }
    errors += o.errors.count
    for v in o.violations {
      violations += 1
      if v.mitigated { mitigated += 1 }
      bySeverity[v.severity, default: 0] += 1
      byRule[v.ruleID, default: 0] += 1
    }
  }

  /// Whether some violation is at or above `severity`.
  public func hasViolation(atLeast severity: Severity) -> Bool {
    bySeverity.contains { $0.key <= severity && $0.value > 0 }
  }
}
