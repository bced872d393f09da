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

  public var filesRead = 0
  public var filingsChecked = 0
  public var filingsInvalid = 0
  public var violations = 0
  public var mitigated = 0
  public var errors = 0
  /// Rules applied and passed (or excused), when passes were recorded.
  public var passes = 0
  private var severityCounts: [Int] = Array(repeating: 0, count: Severity.allCases.count)
  private var rows: [RuleCount] = []
  /// Where each (severity, rule) row is, once there are too many rows to
  /// look through. Hashing a rule id per violation cost more than the
  /// comparisons of a short look, which a rule's own violations make cheap
  /// (they share its id's storage).
  private var rowIndex: [RowKey: Int] = [:]
  private static let linearRows = 32
  /// The row of each rule version's violations at each severity, found by
  /// the identity of the version's facts: looking through the rows compared
  /// the rule's id with that of every other row of its severity. At most
  /// `remembered` (violations made one by one have facts of their own).
  private var versionRows: [(facts: RuleFacts, rank: Int, row: Int)] = []
  private static let remembered = 64

  private struct RowKey: Hashable {
    var rank: Int
    var rule: String
  }

  public init() {}

  /// Counts kept as outcomes stream past, so that a run over millions of
  /// filings can print its summary and choose its exit code without keeping them.
  public mutating func add(_ o: FilingOutcome) {
    if o.valid { filingsChecked += 1 } else { filingsInvalid += 1 }
    errors += o.errors.count
    passes += o.passes.count { $0.status == .passed || $0.status == .excused }
    // Through a buffer: `for v in` copies each violation, retaining all its texts.
    o.violations.withUnsafeBufferPointer { vs in
      for k in vs.indices { addViolation(vs[k].rule, vs[k].severity, mitigated: vs[k].mitigated) }
    }
  }

  /// One violation of the rule (version) with these facts.
  mutating func addViolation(_ rule: RuleFacts, _ severity: Severity, mitigated: Bool) {
    violations += 1
    if mitigated { self.mitigated += 1 }
    severityCounts[severity.rank] += 1
    // Counted on the thread that emits outcomes in order, so no text is
    // built per violation.
    let i = versionRow(rule, severity)
    rows[i].count += 1
    if mitigated { rows[i].mitigated += 1 }
  }

  /// Adds counts made of other outcomes (a batch's, on its worker). Merged
  /// in input order, each row keeps the title of its first violation, as
  /// when every outcome is added here.
  public mutating func merge(_ o: RunSummary) {
    filesRead += o.filesRead
    filingsChecked += o.filingsChecked
    filingsInvalid += o.filingsInvalid
    violations += o.violations
    mitigated += o.mitigated
    errors += o.errors
    passes += o.passes
    for k in severityCounts.indices { severityCounts[k] += o.severityCounts[k] }
    for r in o.rows {
      let i = row(r.severity, r.rule, r.title)
      rows[i].count += r.count
      rows[i].mitigated += r.mitigated
    }
  }

  private mutating func versionRow(_ facts: RuleFacts, _ severity: Severity) -> Int {
    let rank = severity.rank
    for k in versionRows.indices where versionRows[k].facts === facts && versionRows[k].rank == rank
    {
      return versionRows[k].row
    }
    let i = row(severity, facts.parts.id, facts.parts.title)
    if versionRows.count < RunSummary.remembered { versionRows.append((facts, rank, i)) }
    return i
  }

  /// Takes the violation's parts, not the violation: passing an element of
  /// the caller's buffer to a mutating method copies it first.
  private mutating func row(
    _ severity: Severity, _ rule: String, _ title: @autoclosure () -> LocalText
  )
    -> Int
  {
    if rows.count <= RunSummary.linearRows {
      // `==`, not bytes: rule ids are equal when canonically equivalent.
      for i in rows.indices where rows[i].severity == severity && rows[i].rule == rule {
        return i
      }
    } else if let i = rowIndex[RowKey(rank: severity.rank, rule: rule)] {
      return i
    }
    rows.append(RuleCount(rule: rule, severity: severity, title: title(), count: 0, mitigated: 0))
    // Indexed once there are too many rows to look through, not before:
    // each batch of a run counts into a summary of its own, and hashing
    // every row of every batch cost more than all the lookups.
    if rows.count > RunSummary.linearRows {
      if rowIndex.isEmpty {
        for (k, r) in rows.enumerated() {
          rowIndex[RowKey(rank: r.severity.rank, rule: r.rule)] = k
        }
      } else {
        rowIndex[RowKey(rank: severity.rank, rule: rule)] = rows.count - 1
      }
    }
    return rows.count - 1
  }

  public init(_ report: CheckReport) {
    for o in report.outcomes { add(o) }
    filesRead = report.filesRead
    errors += report.fileErrors.count
  }

  /// Every severity, highest first, with its count (zeros included).
  public var bySeverity: [(Severity, Int)] {
    Severity.allCases.map { ($0, severityCounts[$0.rank]) }
  }

  /// One row per (rule, severity): highest severity first, then rule id.
  public var byRule: [RuleCount] {
    rows.sorted { ($0.severity, $0.rule) < ($1.severity, $1.rule) }
  }

  /// Whether some violation is at or above `severity`.
  public func hasViolation(atLeast severity: Severity) -> Bool {
    Severity.allCases.contains { $0 <= severity && severityCounts[$0.rank] > 0 }
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
