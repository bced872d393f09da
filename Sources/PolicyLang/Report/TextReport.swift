/// Human-readable output: one block per violation, then the errors, then a
/// summary. Coloured only when asked (the CLI asks on a terminal without
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
        for p in o.passes where p.status == .passed || p.status == .excused { out += pass(p) }
      }
    }
    if passes, report.outcomes.contains(where: { !$0.passes.isEmpty }) { out += "\n" }
    for e in report.errors { out += error(e) + "\n" }
    out += summary(report, passes: passes)
    return out
  }

  // MARK: - Layout

  /// `  LABEL  text`, labels padded so the texts line up.
  func field(_ label: String?, _ text: String) -> String {
    let l = label ?? ""
    let pad = String(repeating: " ", count: max(0, labels.labelWidth - DisplayWidth.of(l)))
    return "  " + paint(l, "2") + pad + "  " + text + "\n"
  }

  var indent: String { String(repeating: " ", count: labels.labelWidth + 4) }

  func location(_ s: String) -> String { paint(s, "4") }

  func lines(_ ls: [EvidenceLines.Line]) -> String {
    var s = ""
    for l in ls {
      var text = l.text
      if let loc = l.location { text += "  " + location(loc) }
      if l.depth == 0 {
        s += field(l.label, text)
      } else {
        s += indent + String(repeating: "  ", count: l.depth) + text + "\n"
      }
    }
    return s
  }

  // MARK: - Parts

  public func violation(_ v: Violation) -> String {
    let l = labels
    var s = paint(severityName(v.severity), severityColor(v.severity))
    s += "  " + paint(v.ruleID, "1") + "  " + v.title.text(language) + "\n"
    s += field(l.article, article(v.cites, v.quote))
    s += field(l.filing, filing(v.filing))
    s += field(l.message, v.message.text(language))
    if showEvidence, let e = v.evidence { s += evidence(e) }
    if v.ruleEffective != .always { s += field(l.version, l.period(v.ruleEffective)) }
    for c in v.consequences { s += field(l.consequence, c.text(language)) }
    if v.mitigated { s += field(l.mitigated, l.mitigatedText) }
    return s
  }

  /// `严重 critical` in Chinese, so the English word can be searched for; `critical` in English.
  func severityName(_ s: Severity) -> String {
    language == .zh ? "\(labels.severity(s)) \(s.rawValue)" : s.rawValue
  }

  func article(_ cites: String, _ quote: String?) -> String {
    guard let q = quote else { return cites }
    return cites + (language == .zh ? "「\(q)」" : " “\(q)”")
  }

  func filing(_ f: FilingRef) -> String {
    var who = f.id ?? "?"
    let meta = [f.kind, f.region, f.department].compactMap { $0 }
    if !meta.isEmpty {
      who +=
        language == .zh ? "（\(meta.joined(separator: "，"))）" : " (\(meta.joined(separator: ", ")))"
    }
    return who + " " + location("\(f.file):\(f.line):\(f.column)")
  }

  public func evidence(_ e: Evidence, includeScope: Bool = false) -> String {
    lines(EvidenceLines(language: language, includeScope: includeScope).lines(e))
  }

  /// The evidence without colour or the block's two-space margin, for
  /// messages embedded in other formats (SARIF, GitHub, Markdown).
  public func evidenceBlock(_ e: Evidence) -> String {
    var plain = self
    plain.color = false
    return plain.evidence(e).split(separator: "\n").map {
      $0.hasPrefix("  ") ? String($0.dropFirst(2)) : String($0)
    }.joined(separator: "\n")
  }

  /// One line of the audit trail: the rule passed (or was excused), and the
  /// deciding facts when evidence was recorded.
  public func pass(_ p: RulePass) -> String {
    var s =
      paint(labels.status(p.status), "32") + "  \(p.ruleID)  \(p.filing.id ?? "?")  "
      + location("\(p.filing.file):\(p.filing.line):\(p.filing.column)")
    if let x = p.excusedBy {
      s += "  " + labels.exception + (language == .zh ? "：" : ": ") + x
    } else if let e = p.evidence, !e.facts.isEmpty {
      s +=
        "  "
        + e.facts.map { $0.text.text(language) }.joined(separator: language == .zh ? "；" : "; ")
    }
    return s + "\n"
  }

  public func error(_ e: FilingError) -> String {
    var s =
      paint("\(labels.error)[\(e.code.rawValue)]", "31;1") + " \(e.file):\(e.line):\(e.column)"
    if let id = e.filingID { s += " (\(id))" }
    s += ": \(e.message)\n"
    if let p = e.policyLocation { s += "  --> \(p)\n" }
    return s
  }

  // MARK: - Summary

  /// The counts by severity and by rule, then the one-line verdict.
  public func summary(_ report: CheckReport, passes: Bool = false) -> String {
    let sum = RunSummary(report)
    let l = labels
    let colon = language == .zh ? "：" : ": "
    var s = ""
    if sum.violations > 0 {
      s += paint(l.summaryTitle, "1") + "\n"
      let sep = language == .zh ? "，" : ", "
      s +=
        "  " + l.bySeverity + colon
        + sum.bySeverity.map { "\(l.severity($0.0)) \($0.1)" }.joined(separator: sep) + "\n"
      s += "  " + l.byRule + (language == .zh ? "：" : ":") + "\n"
      let width = sum.byRule.map { DisplayWidth.of($0.rule) }.max() ?? 0
      let sevWidth = Severity.allCases.map { DisplayWidth.of(l.severity($0)) }.max() ?? 0
      for r in sum.byRule {
        let pad = String(repeating: " ", count: width - DisplayWidth.of(r.rule))
        let sev = l.severity(r.severity)
        let sevPad = String(repeating: " ", count: sevWidth - DisplayWidth.of(sev))
        var row = "    \(r.rule)\(pad)  \(sev)\(sevPad)  \(r.count)"
        if r.mitigated > 0 {
          row += language == .zh ? "（\(r.mitigated) 项可从轻）" : " (\(r.mitigated) mitigated)"
        }
        s += row + "\n"
      }
    }
    s += line(sum, passes: passes) + "\n"
    return s
  }

  public func line(_ sum: RunSummary, passes: Bool = false) -> String {
    var text = labels.summary(
      checked: sum.filingsChecked, invalid: sum.filingsInvalid, violations: sum.violations,
      bySeverity: sum.bySeverity.filter { $0.1 > 0 }, mitigated: sum.mitigated,
      errors: sum.errors)
    if passes {
      text +=
        language == .zh
        ? "；\(sum.passes) 项规则检查通过"
        : "; \(sum.passes) rule check\(sum.passes == 1 ? "" : "s") passed"
    }
    return paint(text, "1")
  }
}
