/// Human-readable output: one block per violation, then the errors, then a
/// summary line. Coloured only when asked (the CLI asks on a terminal without
/// `NO_COLOR`).
public struct TextReport: Sendable {
  public var language: Language
  public var color: Bool
  public var showEvidence: Bool

  public init(language: Language = .zh, color: Bool = false, showEvidence: Bool = true) {
    self.language = language
    self.color = color
    self.showEvidence = showEvidence
  }

  var labels: Labels { Labels(language: language) }

  func paint(_ s: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }

  func severityColor(_ s: Severity) -> String {
    switch s {
    case .critical: "31;1"
    case .major: "33;1"
    case .warning: "36"
    }
  }

  public func render(_ report: CheckReport, passes: Bool = false) -> String {
    var out = ""
    for o in report.outcomes {
      for v in o.violations { out += violation(v) + "\n" }
      if passes {
        for p in o.passes { out += pass(p) }
      }
    }
    for e in report.errors { out += error(e) + "\n" }
    out += summary(report) + "\n"
    return out
  }

  public func summary(_ report: CheckReport) -> String {
    let vs = report.violations
    return paint(
      labels.summary(
        checked: report.filingsChecked, invalid: report.filingsInvalid, violations: vs.count,
        bySeverity: Severity.allCases.map { s in (s, vs.count { $0.severity == s }) }.filter {
          $0.1 > 0
        },
        mitigated: vs.count { $0.mitigated }, errors: report.errors.count), "1")
  }

  func field(_ label: String, _ text: String) -> String {
    "  " + paint(label, "2") + "  " + text + "\n"
  }

  public func violation(_ v: Violation) -> String {
    let l = labels
    let sev =
      language == .zh ? "\(l.severity(v.severity)) \(v.severity.rawValue)" : v.severity.rawValue
    var s = paint(sev, severityColor(v.severity))
    s += "  " + paint(v.ruleID, "1") + "  " + v.title.text(language) + "\n"
    var art = v.cites
    if let q = v.quote { art += language == .zh ? "「\(q)」" : " “\(q)”" }
    s += field(l.article, art)
    var who = v.filing.id ?? "?"
    let meta = [v.filing.kind, v.filing.region, v.filing.department].compactMap { $0 }
    if !meta.isEmpty {
      who +=
        language == .zh ? "（\(meta.joined(separator: "，"))）" : " (\(meta.joined(separator: ", ")))"
    }
    s += field(
      l.filing, who + " " + paint("\(v.filing.file):\(v.filing.line):\(v.filing.column)", "4"))
    s += field(l.message, v.message.text(language))
    if showEvidence, let e = v.evidence { s += evidence(e) }
    if v.ruleEffective != .always { s += field(l.version, v.ruleEffective.text(language)) }
    for c in v.consequences { s += field(l.consequence, c.text(language)) }
    if v.mitigated { s += field(l.mitigated, l.mitigatedText) }
    return s
  }

  public func evidence(_ e: Evidence) -> String {
    var s = ""
    for f in e.facts { s += fact(f, label: labels.because) }
    if let g = e.grade { s += fact(g, label: labels.grade) }
    for x in e.exceptions {
      let head = x.applied ? labels.exceptionApplied : labels.exceptionNotApplied
      s += field(head, x.label ?? x.expression)
      for f in x.facts { s += fact(f, label: "  ") }
    }
    return s
  }

  func fact(_ f: Fact, label: String) -> String {
    var line = f.expression
    // Literals (`0`, `"current"`) speak for themselves in the expression.
    let ops = f.operands.filter {
      !$0.isLiteral && ($0.expression != f.expression || f.operands.count == 1)
    }
    if !ops.isEmpty {
      line += language == .zh ? "：" : ": "
      line += ops.map { o in
        var t = "\(o.expression) = \(o.value.text(language))"
        if let l = o.line, let c = o.column { t += " (\(l):\(c))" }
        return t
      }.joined(separator: language == .zh ? "，" : ", ")
    }
    if let d = f.difference {
      line += language == .zh ? "，\(d.text(language))" : ", \(d.text(language))"
    }
    var s = field(label, line)
    for el in f.elements where !f.operands.isEmpty {
      s +=
        "        " + paint("[\(el.index)]", "2") + " \(el.summary.text(language)) "
        + paint("line \(el.line)", "4") + "\n"
    }
    return s
  }

  public func pass(_ p: RulePass) -> String {
    let head = p.excusedBy == nil ? labels.passed : labels.excused
    var s =
      paint(head, "32") + "  \(p.ruleID)  \(p.filing.id ?? "?") \(p.filing.file):\(p.filing.line)\n"
    if let x = p.excusedBy { s += field(labels.exceptionApplied, x) }
    return s
  }

  public func error(_ e: FilingError) -> String {
    var s =
      paint("\(labels.error)[\(e.code.rawValue)]", "31;1") + " \(e.file):\(e.line):\(e.column)"
    if let id = e.filingID { s += " (\(id))" }
    s += ": \(e.message)\n"
    if let p = e.policyLocation { s += "  --> \(p)\n" }
    return s
  }
}
