import Testing

@testable import PolicyLang

/// The summary's rows by rule and severity, counted as outcomes stream
/// past, whether the rows are few (looked through) or many (indexed).
@Suite struct RunSummaryTests {
  static func violation(_ rule: String, _ severity: Severity, mitigated: Bool) -> Violation {
    Violation(
      ruleID: rule, title: LocalText(zh: "标题 \(rule)"), severity: severity, articles: [],
      quote: nil, consequences: [], message: LocalText(zh: ""), mitigated: mitigated,
      policyID: nil, ruleEffective: .always,
      filing: FilingRef(file: "f.jsonl", index: 0, line: 1, column: 1))
  }

  /// Rule ids are texts, equal when canonically equivalent (as the checker
  /// takes them): 가 written as one character or as two jamo is one row,
  /// and merging two summaries keeps it one.
  @Test func canonicallyEquivalentRuleIdsShareARow() {
    var a = RunSummary()
    var b = RunSummary()
    var o = FilingOutcome(filing: FilingRef(file: "f", index: 0, line: 1, column: 1), valid: true)
    o.violations = [Self.violation("\u{AC00}", .major, mitigated: false)]
    a.add(o)
    o.violations = [Self.violation("\u{1100}\u{1161}", .major, mitigated: true)]
    a.add(o)
    b.add(o)
    a.merge(b)
    #expect(a.byRule.count == 1)
    #expect(a.byRule.first?.count == 3)
    #expect(a.byRule.first?.mitigated == 2)
    #expect(a.byRule.first?.title.zh == "标题 \u{AC00}")
  }

  @Test(arguments: [3, 40])
  func rowsCountEveryRuleAndSeverity(rules: Int) {
    var summary = RunSummary()
    var expected: [String: (Int, Int)] = [:]
    // A deterministic mix: rules repeat out of order, one rule at two severities.
    for i in 0..<(rules * 7) {
      let r = (i * 13) % rules
      let severity: Severity = r == 1 && i % 2 == 0 ? .critical : [.major, .warning][r % 2]
      let mitigated = i % 3 == 0
      var o = FilingOutcome(filing: FilingRef(file: "f", index: i, line: i, column: 1), valid: true)
      // A fresh id for each violation: rows must match by value, not storage.
      o.violations = [
        Self.violation(
          String("rule-\(r)-long-enough-to-be-on-the-heap"), severity, mitigated: mitigated)
      ]
      summary.add(o)
      let key = "\(severity.rank) rule-\(r)-long-enough-to-be-on-the-heap"
      let (c, m) = expected[key] ?? (0, 0)
      expected[key] = (c + 1, m + (mitigated ? 1 : 0))
    }
    #expect(summary.violations == rules * 7)
    let rows = summary.byRule
    #expect(rows.count == expected.count)
    for row in rows {
      let want = expected["\(row.severity.rank) \(row.rule)"]
      #expect(want?.0 == row.count, "\(row.rule) \(row.severity)")
      #expect(want?.1 == row.mitigated, "\(row.rule) \(row.severity)")
    }
    #expect(
      rows.map { "\($0.severity.rank) \($0.rule)" }
        == expected.keys.sorted {
          let (a, b) = ($0.split(separator: " "), $1.split(separator: " "))
          return (a[0], a[1]) < (b[0], b[1])
        })
  }

  /// The violations of one rule version share its facts, and are counted by
  /// them: one row per severity, and another rule's facts never take it.
  @Test func sharedFactsCountPerSeverity() {
    let a = Self.violation("rule-a", .major, mitigated: false)
    let b = Self.violation("rule-b", .major, mitigated: true)
    var summary = RunSummary()
    for (i, severity) in [Severity.major, .critical, .major, .major, .critical].enumerated() {
      var v = i == 3 ? b : a
      v.severity = severity
      var o = FilingOutcome(filing: FilingRef(file: "f", index: i, line: i, column: 1), valid: true)
      o.violations = [v]
      summary.add(o)
    }
    #expect(
      summary.byRule.map { "\($0.rule) \($0.severity) \($0.count) \($0.mitigated)" } == [
        "rule-a critical 2 0", "rule-a major 2 0", "rule-b major 1 1",
      ])
  }
}
