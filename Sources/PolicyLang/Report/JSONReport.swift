/// `--format json`: the contract at the end of domain.md, plus the evidence,
/// the titles and a summary. The shapes are documented in
/// docs/output-formats.md; fields are added, never renamed.
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
      let ps = report.outcomes.flatMap(\.passes).filter {
        $0.status == .passed || $0.status == .excused
      }
      fields.append(("passes", .array(ps.map { pass($0, includeEvidence) })))
    }
    fields.append(("summary", summary(report)))
    return JSON.object(fields).serialized(pretty: true) + "\n"
  }

  // MARK: - Violations, errors, passes

  public func violation(_ v: Violation, _ includeEvidence: Bool = true) -> JSON {
    .object(violationFields(v, includeEvidence))
  }

  func violationFields(_ v: Violation, _ includeEvidence: Bool = true) -> [(String, JSON)] {
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
      ("location", JSONReport.location(v.filing.file, v.filing.line, v.filing.column)),
    ]
    if let p = v.policyID { f.append(("policy", .string(p))) }
    if v.ruleEffective != .always {
      f.append(("rule_version", .string(v.ruleEffective.description)))
    }
    if includeEvidence, let e = v.evidence { f.append(("evidence", evidence(e))) }
    return f
  }

  static func location(_ file: String, _ line: Int, _ column: Int) -> JSON {
    .object([("file", .string(file)), ("line", .int(line)), ("column", .int(column))])
  }

  public func error(_ e: FilingError) -> JSON { .object(errorFields(e)) }

  func errorFields(_ e: FilingError) -> [(String, JSON)] {
    var f: [(String, JSON)] = [
      ("file", .string(e.file)), ("line", .int(e.line)), ("column", .int(e.column)),
      ("filing", .optional(e.filingID)), ("code", .string(e.code.rawValue)),
      ("message", .string(e.message)),
    ]
    if let r = e.ruleID { f.append(("rule", .string(r))) }
    if let p = e.policyLocation { f.append(("policy_location", .string(p.description))) }
    return f
  }

  public func pass(_ p: RulePass, _ includeEvidence: Bool = true) -> JSON {
    .object(passFields(p, includeEvidence))
  }

  func passFields(_ p: RulePass, _ includeEvidence: Bool = true) -> [(String, JSON)] {
    var f: [(String, JSON)] = [
      ("rule", .string(p.ruleID)), ("title", .string(p.title.text(language))),
      ("status", .string(p.status.rawValue)), ("filing", .optional(p.filing.id)),
      ("location", JSONReport.location(p.filing.file, p.filing.line, p.filing.column)),
    ]
    if let x = p.excusedBy { f.append(("excused_by", .string(x))) }
    if p.ruleEffective != .always {
      f.append(("rule_version", .string(p.ruleEffective.description)))
    }
    if includeEvidence, let e = p.evidence { f.append(("evidence", evidence(e))) }
    return f
  }

  // MARK: - Evidence

  public func evidence(_ e: Evidence) -> JSON {
    .object([
      ("facts", .array(e.facts.map(fact))),
      ("bindings", .array(e.bindings.map(binding))),
      ("exceptions", .array(e.exceptions.map(exception))),
      ("grade", e.grade.map(fact) ?? .null),
      ("scope", .array(e.scope.map(fact))),
    ])
  }

  func fact(_ x: Fact) -> JSON {
    let (kind, op): (String, String?) =
      switch x.kind {
      case .comparison(let o): ("comparison", o)
      case .membership(let n): ("membership", n ? "not in" : "in")
      case .presence(let p): ("presence", p ? "is present" : "is absent")
      case .test: ("test", nil)
      }
    var difference = JSON.null
    if let d = x.difference, let v = x.differenceValue, let u = x.differenceUnit {
      difference = .object([
        ("value", .number(v.description)), ("unit", .string(u.rawValue)),
        ("text", .string(d.text(language))),
      ])
    }
    return .object([
      ("expression", .string(x.expression)),
      ("holds", .bool(x.holds)),
      ("kind", .string(kind)),
      ("operator", .optional(op)),
      ("text", .string(x.text.text(language))),
      ("operands", .array(x.operands.map(operand))),
      ("inputs", .array(x.inputs.map(operand))),
      ("difference", difference),
      ("elements", .array(x.elements.map(element))),
    ])
  }

  func operand(_ o: Operand) -> JSON {
    var loc = JSON.null
    if let file = o.file, let l = o.line, let c = o.column { loc = JSONReport.location(file, l, c) }
    return .object([
      ("expression", .string(o.expression)),
      ("type", .string(o.unit.rawValue)),
      ("value", JSONReport.evidenceValue(o.raw)),
      ("text", .string(o.value.text(language))),
      ("exact", .string(o.exact.text(language))),
      ("field", .optional(o.field)),
      ("location", loc),
      ("literal", .bool(o.isLiteral)),
      ("param", .bool(o.isParam)),
    ])
  }

  func binding(_ b: Binding) -> JSON {
    .object([
      ("name", .string(b.name)),
      ("expression", .string(b.expression)),
      ("type", .string(b.unit.rawValue)),
      ("value", JSONReport.evidenceValue(b.raw)),
      ("text", .string(b.value.text(language))),
      ("inputs", .array(b.inputs.map(operand))),
      ("elements", .array(b.elements.map(element))),
    ])
  }

  func exception(_ x: ExceptionOutcome) -> JSON {
    .object([
      ("label", .optional(language == .en ? x.labelEn ?? x.label : x.label)),
      ("condition", .string(x.expression)),
      ("status", .string(x.status.rawValue)),
      ("applied", .bool(x.applied)),
      ("facts", .array(x.facts.map(fact))),
    ])
  }

  func element(_ e: ElementRef) -> JSON {
    var loc = JSON.null
    if let file = e.file { loc = JSONReport.location(file, e.line, e.column) }
    return .object([
      ("list", .string(e.list)),
      ("index", .int(e.index)),
      ("matched", .bool(e.matched)),
      ("location", loc),
      ("value", JSONReport.value(e.raw)),
      ("text", .string(e.summary.text(language))),
      ("facts", .array(e.facts.map(fact))),
    ])
  }

  /// Lists longer than this are left out of evidence values (`null`; the
  /// text gives their length): the elements that matter are listed apart.
  public static let evidenceListLimit = 50

  static func evidenceValue(_ v: Value) -> JSON {
    if case .list(let items) = v, items.count > evidenceListLimit { return .null }
    return value(v)
  }

  /// A value as JSON: numbers exactly as decimals (never through a float),
  /// dates as `YYYY-MM-DD`, records as objects.
  public static func value(_ v: Value) -> JSON {
    switch v {
    case .null: .null
    case .bool(let b): .bool(b)
    case .int(let i): .int(i)
    case .dec(let d): .number(d.description)
    case .text(let s): .string(s)
    case .date(let d): .string(d.description)
    case .duration(let d): .string(d.description)
    case .list(let items): .array(items.map(value))
    case .record(let r):
      .object(zip(r.type.fields, r.fields).map { f, x in (f.name, value(x)) })
    }
  }

  // MARK: - Summary

  public func summary(_ r: CheckReport) -> JSON { summary(RunSummary(r)) }

  public func summary(_ s: RunSummary) -> JSON {
    var byRule: [String: Int] = [:]
    for row in s.byRule { byRule[row.rule, default: 0] += row.count }
    return .object([
      ("files_read", .int(s.filesRead)),
      ("filings_checked", .int(s.filingsChecked)),
      ("filings_invalid", .int(s.filingsInvalid)),
      ("violations", .int(s.violations)),
      ("mitigated", .int(s.mitigated)),
      ("errors", .int(s.errors)),
      ("by_severity", .object(s.bySeverity.map { ($0.0.rawValue, .int($0.1)) })),
      ("by_rule", .object(byRule.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })),
      (
        "by_rule_severity",
        .array(
          s.byRule.map {
            .object([
              ("rule", .string($0.rule)), ("severity", .string($0.severity.rawValue)),
              ("count", .int($0.count)), ("mitigated", .int($0.mitigated)),
            ])
          })
      ),
    ])
  }
}
