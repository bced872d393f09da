/// `policy explain`: the derivation for one filing, as text or JSON. Every
/// rule of the filing's kind is listed, fired or not, with the version that
/// applied and the deciding values, so an analyst can see why a rule did
/// *not* fire as well as why one did.
public struct ExplainReport: Sendable {
  public var language: Language
  public var color: Bool

  public init(language: Language = .zh, color: Bool = false) {
    self.language = language
    self.color = color
  }

  var labels: Labels { Labels(language: language) }
  var text: TextReport { TextReport(language: language, color: color) }
  func t(_ zh: String, _ en: String) -> String { language == .zh ? zh : en }

  func word(_ s: FilingExplanation.Status) -> String {
    switch s {
    case .violated: labels.violated
    case .passed: labels.passed
    case .excused: labels.excused
    case .notApplicable: labels.notApplicable
    case .notInForce: labels.notInForce
    case .error: labels.error
    }
  }

  func color(_ s: FilingExplanation.Status) -> String {
    switch s {
    case .violated, .error: "31;1"
    case .passed, .excused: "32"
    case .notApplicable, .notInForce: "2"
    }
  }

  // MARK: - Text

  public func renderText(_ explanations: [FilingExplanation]) -> String {
    explanations.map(text).joined(separator: "\n")
  }

  func text(_ x: FilingExplanation) -> String {
    let tr = text
    let l = labels
    var s = tr.field(l.filing, tr.filing(x.filing))
    if let d = x.filing.reportDate {
      s += tr.field(
        t("日期", "date"),
        t("报告日期 \(d)：按此日期选取规则版本和参数", "report date \(d): rule versions and params in force on it"))
    }
    guard x.outcome.valid else {
      s += tr.field(
        t("结论", "verdict"), t("填报无效，未检查任何规则", "the filing is invalid; no rule was checked"))
      for e in x.outcome.errors { s += tr.error(e) }
      return s
    }
    s += tr.field(t("结论", "verdict"), verdict(x))
    for r in x.rules { s += "\n" + rule(r) }
    let other = x.outcome.errors.filter { $0.ruleID == nil }
    if !other.isEmpty {
      s += "\n"
      for e in other { s += tr.error(e) }
    }
    return s
  }

  func verdict(_ x: FilingExplanation) -> String {
    let counts: [(FilingExplanation.Status, Int)] = [
      .violated, .passed, .excused, .notApplicable, .notInForce, .error,
    ].map { ($0, x.count($0)) }.filter { $0.1 > 0 }
    let kind = x.filing.kind ?? "?"
    let parts = counts.map { "\(word($0.0)) \($0.1)" }.joined(separator: t("，", ", "))
    let n = x.rules.count
    return t("\(kind) 类填报的 \(n) 条规则：", "\(n) rule\(n == 1 ? "" : "s") for \(kind) filings: ")
      + parts
  }

  func rule(_ r: FilingExplanation.RuleResult) -> String {
    let tr = text
    let l = labels
    var head =
      tr.paint(word(r.status), color(r.status)) + "  " + tr.paint(r.ruleID, "1") + "  "
      + r.title.text(language)
    if let v = r.violation {
      head += "  " + tr.paint(tr.severityName(v.severity), tr.severityColor(v.severity))
    }
    var s = head + "\n"
    s += tr.field(l.version, version(r))
    s += tr.field(l.article, tr.article(r.rule.citation, r.rule.quote))
    if let v = r.violation { s += tr.field(l.message, v.message.text(language)) }
    if let e = r.evidence { s += tr.evidence(e, includeScope: true) }
    if r.status == .notInForce, let d = r.pass?.filing.reportDate {
      s += tr.field(
        l.because,
        t("报告日期 \(d) 不在本规则任何版本的施行期内", "no version of the rule is in force on the report date \(d)"))
    }
    if let e = r.error { s += tr.error(e) }
    if let v = r.violation {
      for c in v.consequences { s += tr.field(l.consequence, c.text(language)) }
      if v.mitigated { s += tr.field(l.mitigated, l.mitigatedText) }
    }
    return s
  }

  func version(_ r: FilingExplanation.RuleResult) -> String {
    var parts: [String] = []
    if let p = r.policyID { parts.append(p) }
    parts.append(labels.period(r.rule.effective))
    parts.append(r.rule.location.description)
    return parts.joined(separator: " · ")
  }

  // MARK: - JSON

  public func renderJSON(_ explanations: [FilingExplanation]) -> String {
    JSON.object([("filings", .array(explanations.map(json)))]).serialized(pretty: true) + "\n"
  }

  func json(_ x: FilingExplanation) -> JSON {
    let jr = JSONReport(language: language)
    let f = x.filing
    let filing: JSON = .object([
      ("id", .optional(f.id)),
      ("kind", .optional(f.kind)),
      ("region", .optional(f.region)),
      ("department", .optional(f.department)),
      ("report_date", .optional(f.reportDate?.description)),
      ("location", JSONReport.location(f.file, f.line, f.column)),
    ])
    let statuses: [FilingExplanation.Status] = [
      .violated, .passed, .excused, .notApplicable, .notInForce, .error,
    ]
    return .object([
      ("filing", filing),
      ("valid", .bool(x.outcome.valid)),
      ("errors", .array(x.outcome.errors.map(jr.error))),
      ("rules", .array(x.rules.map { rule($0, jr) })),
      (
        "summary",
        .object(
          [("rules", .int(x.rules.count))] + statuses.map { ($0.rawValue, .int(x.count($0))) })
      ),
    ])
  }

  func rule(_ r: FilingExplanation.RuleResult, _ jr: JSONReport) -> JSON {
    let rule = r.rule
    let effective: JSON = .object([
      ("from", .optional(rule.effective.from?.description)),
      ("until", .optional(rule.effective.until?.description)),
    ])
    return .object([
      ("rule", .string(r.ruleID)),
      ("title", .string(r.title.text(language))),
      ("status", .string(r.status.rawValue)),
      (
        "version",
        .object([
          ("policy", .optional(r.policyID)), ("effective", effective),
          ("source", .string(rule.location.description)),
        ])
      ),
      ("cites", .string(rule.citation)),
      ("quote", .optional(rule.quote)),
      ("severity", .optional(r.violation?.severity.rawValue)),
      ("message", .optional(r.violation?.message.text(language))),
      ("mitigated", r.violation.map { .bool($0.mitigated) } ?? .null),
      ("excused_by", .optional(r.pass?.excusedBy)),
      ("evidence", r.evidence.map(jr.evidence) ?? .null),
      ("error", r.error.map(jr.error) ?? .null),
    ])
  }
}
