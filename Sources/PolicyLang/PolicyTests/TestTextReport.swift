/// `policy test` for people: a line per test, then each failure with what was
/// expected, what happened and the evidence, then the coverage table.
public struct TestTextReport: Sendable {
  public var language: Language
  public var color: Bool

  public init(language: Language = .zh, color: Bool = false) {
    self.language = language
    self.color = color
  }

  var labels: TestLabels { TestLabels(language: language) }

  func paint(_ s: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }

  func statusColor(_ s: PolicyTestResult.Status) -> String {
    switch s {
    case .passed: "32"
    case .failed: "31;1"
    case .error: "35;1"
    }
  }

  public func render(_ run: PolicyTestRun, coverage: TestCoverage? = nil, threshold: Dec? = nil)
    -> String
  {
    var out = ""
    let width = run.results.map { DisplayWidth.of(labels.status($0.status)) }.max() ?? 0
    for r in run.results {
      let s = labels.status(r.status)
      out +=
        paint(s, statusColor(r.status)) + String(repeating: " ", count: width - DisplayWidth.of(s))
        + "  " + paint("\(r.location.file):\(r.location.line)", "2") + "  " + r.name + "\n"
    }
    let bad = run.results.filter { $0.status != .passed }
    if !bad.isEmpty {
      out += "\n" + paint(labels.failures, "1") + "\n\n"
      for r in bad { out += failure(r) + "\n" }
    }
    if let coverage { out += "\n" + table(coverage) }
    out += "\n" + paint(labels.summary(run), "1") + "\n"
    if let coverage, let threshold, !coverage.meets(threshold) {
      out += paint(labels.belowThreshold(coverage, threshold), "31;1") + "\n"
    }
    return out
  }

  /// One failed test: every expectation that did not hold, with its evidence.
  public func failure(_ r: PolicyTestResult) -> String {
    var s = paint(labels.status(r.status), statusColor(r.status)) + "  " + paint(r.name, "1") + "\n"
    s += "  --> \(r.location)\n"
    if r.status == .error {
      s += indent(DiagnosticRenderer(color: color).render(r.diagnostics), 2)
      return s
    }
    let w = max(DisplayWidth.of(labels.expected), DisplayWidth.of(labels.actual))
    func head(_ label: String) -> String {
      "  " + paint(label, "2") + String(repeating: " ", count: w - DisplayWidth.of(label) + 2)
    }
    for f in r.failures {
      if let e = f.expectation {
        s += head(labels.expected) + e
        if let l = f.location { s += "  " + paint("(\(l))", "2") }
        s += "\n"
      }
      s += head(labels.actual) + labels.actual(f.problem) + "\n"
      // Evidence lines carry their own indent of 2; blocks start at the margin.
      var evidenceOnly = false
      if case .notFired = f.problem { evidenceOnly = true }
      s += indent(details(f.problem), evidenceOnly ? 2 : 4)
    }
    return s
  }

  func details(_ p: TestFailure.Problem) -> String {
    let report = TextReport(language: language, color: color)
    switch p {
    case .notFired(_, let pass, let others):
      var s = pass?.evidence.map { report.evidence($0) } ?? ""
      if !others.isEmpty { s += labels.firedInstead + "  " + labels.list(others) + "\n" }
      return s
    case .notApplied(_, _, let others):
      return others.isEmpty ? "" : labels.firedInstead + "  " + labels.list(others) + "\n"
    case .wrongSeverity(_, let v), .notMitigated(let v):
      return report.violation(v)
    case .fired(let vs), .valid(let vs):
      return vs.map(report.violation).joined(separator: "\n")
    case .invalid(let ds):
      // Errors at the same place (the missing fields of one record) share one code frame.
      let renderer = DiagnosticRenderer(color: color)
      var s = ""
      for (i, d) in ds.enumerated() {
        if i > 0, ds[i - 1].location == d.location, ds[i - 1].span == d.span {
          s += paint("\(d.severity.rawValue)[\(d.code.rawValue)]", "31;1") + ": \(d.message)\n"
        } else {
          s += (i > 0 ? "\n" : "") + renderer.render(d)
        }
      }
      return s
    case .evaluationFailed(let es):
      return es.map(report.error).joined()
    }
  }

  func indent(_ text: String, _ n: Int) -> String {
    let pad = String(repeating: " ", count: n)
    return text.split(separator: "\n", omittingEmptySubsequences: false).map {
      $0.isEmpty ? "" : pad + $0
    }.joined(separator: "\n")
  }

  /// One row per rule: ✓ or ✗ for firing and passing, covered/total for its
  /// exceptions, grades and versions; then what is missing.
  public func table(_ c: TestCoverage) -> String {
    var rows: [[String]] = [labels.columns]
    for r in c.rules {
      func cell(_ match: (CoverageItem.Kind) -> Bool) -> String {
        let items = r.items.filter { match($0.kind) }
        if items.isEmpty { return "-" }
        let n = items.count { $0.covered }
        if items.count == 1 { return n == 1 ? "✓" : "✗" }
        return "\(n)/\(items.count)"
      }
      rows.append([
        r.rule,
        cell { $0 == .fires },
        cell { $0 == .passes },
        cell {
          switch $0 {
          case .exceptionApplies, .exceptionDoesNotApply: true
          default: false
          }
        },
        cell {
          if case .grade = $0 { return true }
          return false
        },
        cell {
          if case .version = $0 { return true }
          return false
        },
      ])
    }
    var widths = [Int](repeating: 0, count: rows[0].count)
    for row in rows {
      for (i, cell) in row.enumerated() { widths[i] = max(widths[i], DisplayWidth.of(cell)) }
    }
    var out = paint(labels.coverage, "1") + "\n"
    for (n, row) in rows.enumerated() {
      var line = "  "
      for (i, cell) in row.enumerated() {
        let padded =
          i == row.count - 1
          ? cell : cell + String(repeating: " ", count: widths[i] - DisplayWidth.of(cell) + 2)
        line += n == 0 ? paint(padded, "2") : padded
      }
      out += line.trimmingTrailingSpaces() + "\n"
    }
    out += "  " + labels.coverageSummary(c) + "\n"
    let missing = c.uncovered
    if !missing.isEmpty {
      out += "  " + paint(labels.notCovered, "33;1") + "\n"
      for item in missing { out += "    \(item.rule): \(labels.missing(item))\n" }
    }
    return out
  }
}

extension String {
  func trimmingTrailingSpaces() -> String {
    var s = self
    while s.hasSuffix(" ") { s.removeLast() }
    return s
  }
}
