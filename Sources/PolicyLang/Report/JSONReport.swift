/// `--format json`: the contract at the end of domain.md, plus the evidence,
/// the titles and a summary.
public struct JSONReport: Sendable {
  public var language: Language

  public init(language: Language = .zh) { self.language = language }

  public func render(_ report: CheckReport, includeEvidence: Bool = true, passes: Bool = false)
    -> String
  {
    var fields: [(String, JSON)] = [
      ("filings_checked", .int(report.filingsChecked)),
      ("filings_invalid", .int(report.filingsInvalid)),
      ("violations", .array(report.violations.map { violation($0, includeEvidence) })),
      ("errors", .array(report.errors.map(error))),
    ]
    if passes {
      fields.append(("passes", .array(report.outcomes.flatMap(\.passes).map(pass))))
    }
    fields.append(("summary", summary(report)))
    return JSON.object(fields).serialized(pretty: true) + "\n"
  }

  public func violation(_ v: Violation, _ includeEvidence: Bool = true) -> JSON {
    var f: [(String, JSON)] = [
      ("rule", .string(v.ruleID)),
      ("title", .string(v.title.text(language))),
      ("filing", .optional(v.filing.id)),
      ("kind", .optional(v.filing.kind)),
      ("region", .optional(v.filing.region)),
      ("department", .optional(v.filing.department)),
      ("severity", .string(v.severity.rawValue)),
      ("cites", .string(v.cites)),
      ("quote", .optional(v.quote)),
      ("message", .string(v.message.text(language))),
      ("consequences", .array(v.consequences.map { .string($0.text(language)) })),
      ("mitigated", .bool(v.mitigated)),
      ("location", location(v.filing.file, v.filing.line, v.filing.column)),
    ]
    if let p = v.policyID { f.append(("policy", .string(p))) }
    if v.ruleEffective != .always {
      f.append(("rule_version", .string(v.ruleEffective.description)))
    }
    if includeEvidence, let e = v.evidence { f.append(("evidence", evidence(e))) }
    return .object(f)
  }

  func location(_ file: String, _ line: Int, _ column: Int) -> JSON {
    .object([("file", .string(file)), ("line", .int(line)), ("column", .int(column))])
  }

  public func error(_ e: FilingError) -> JSON {
    var f: [(String, JSON)] = [
      ("file", .string(e.file)), ("line", .int(e.line)), ("column", .int(e.column)),
      ("filing", .optional(e.filingID)), ("code", .string(e.code.rawValue)),
      ("message", .string(e.message)),
    ]
    if let r = e.ruleID { f.append(("rule", .string(r))) }
    if let p = e.policyLocation { f.append(("policy_location", .string(p.description))) }
    return .object(f)
  }

  func pass(_ p: RulePass) -> JSON {
    var f: [(String, JSON)] = [
      ("rule", .string(p.ruleID)), ("filing", .optional(p.filing.id)),
      ("location", location(p.filing.file, p.filing.line, p.filing.column)),
    ]
    if let x = p.excusedBy { f.append(("excused_by", .string(x))) }
    if p.ruleEffective != .always {
      f.append(("rule_version", .string(p.ruleEffective.description)))
    }
    if let e = p.evidence { f.append(("evidence", evidence(e))) }
    return .object(f)
  }

  public func evidence(_ e: Evidence) -> JSON {
    var f: [(String, JSON)] = [("facts", .array(e.facts.map(fact)))]
    if !e.bindings.isEmpty {
      f.append(
        (
          "bindings",
          .array(
            e.bindings.map {
              .object([
                ("name", .string($0.name)), ("value", .string($0.value.text(language))),
                ("elements", .array($0.elements.map(element))),
              ])
            })
        ))
    }
    if !e.exceptions.isEmpty {
      f.append(
        (
          "exceptions",
          .array(
            e.exceptions.map {
              .object([
                ("label", .optional($0.label)), ("condition", .string($0.expression)),
                ("applied", .bool($0.applied)), ("facts", .array($0.facts.map(fact))),
              ])
            })
        ))
    }
    if let g = e.grade { f.append(("grade", fact(g))) }
    return .object(f)
  }

  func fact(_ x: Fact) -> JSON {
    var f: [(String, JSON)] = [
      ("expression", .string(x.expression)), ("holds", .bool(x.holds)),
      (
        "operands",
        .array(
          x.operands.map { o in
            var of: [(String, JSON)] = [
              ("expression", .string(o.expression)), ("value", .string(o.value.text(language))),
            ]
            if let field = o.field { of.append(("field", .string(field))) }
            if let l = o.line { of.append(("line", .int(l))) }
            if let c = o.column { of.append(("column", .int(c))) }
            return .object(of)
          })
      ),
    ]
    if let d = x.difference { f.append(("difference", .string(d.text(language)))) }
    if !x.elements.isEmpty { f.append(("elements", .array(x.elements.map(element)))) }
    return .object(f)
  }

  func element(_ e: ElementRef) -> JSON {
    .object([
      ("index", .int(e.index)), ("line", .int(e.line)), ("column", .int(e.column)),
      ("value", .string(e.summary.text(language))),
    ])
  }

  func summary(_ r: CheckReport) -> JSON {
    let vs = r.violations
    var bySev: [(String, JSON)] = []
    for s in Severity.allCases { bySev.append((s.rawValue, .int(vs.count { $0.severity == s }))) }
    var byRule: [String: Int] = [:]
    for v in vs { byRule[v.ruleID, default: 0] += 1 }
    return .object([
      ("files_read", .int(r.filesRead)),
      ("violations", .int(vs.count)),
      ("mitigated", .int(vs.count { $0.mitigated })),
      ("by_severity", .object(bySev)),
      ("by_rule", .object(byRule.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })),
    ])
  }
}
