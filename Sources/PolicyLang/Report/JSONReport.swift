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
    var tree = JSONTree()
    write(e, to: &tree)
    return tree.value
  }

  /// The evidence of a violation or a pass, written to `s`: the one
  /// description of its shape, for the tree and for the bytes of JSON Lines.
  func write<S: JSONSink>(_ e: Evidence, to s: inout S) {
    s.beginObject()
    s.key("facts")
    s.array(e.facts) { s, x in write(x, to: &s) }
    s.key("bindings")
    s.array(e.bindings) { s, x in write(x, to: &s) }
    s.key("exceptions")
    s.array(e.exceptions) { s, x in write(x, to: &s) }
    s.key("grade")
    if let g = e.grade { write(g, to: &s) } else { s.null() }
    s.key("scope")
    s.array(e.scope) { s, x in write(x, to: &s) }
    s.endObject()
  }

  func write<S: JSONSink>(_ x: Fact, to s: inout S) {
    let (kind, op): (StaticString, StaticString?) =
      switch x.kind {
      case .comparison: ("comparison", nil)
      case .membership(let n): ("membership", n ? "not in" : "in")
      case .presence(let p): ("presence", p ? "is present" : "is absent")
      case .test: ("test", nil)
      }
    s.beginObject()
    s.key("expression")
    s.string(x.expression)
    s.key("holds")
    s.bool(x.holds)
    s.key("kind")
    s.string(kind.description)
    s.key("operator")
    if case .comparison(let o) = x.kind {
      s.string(o)
    } else if let op {
      s.string(op.description)
    } else {
      s.null()
    }
    s.key("text")
    s.string(x.text.text(language))
    s.key("operands")
    s.array(x.operands) { s, o in write(o, to: &s) }
    s.key("inputs")
    s.array(x.inputs) { s, o in write(o, to: &s) }
    s.key("difference")
    if let d = x.difference, let v = x.differenceValue, let u = x.differenceUnit {
      s.beginObject()
      s.key("value")
      s.decimal(v)
      s.key("unit")
      s.string(u.rawValue)
      s.key("text")
      s.string(d.text(language))
      s.endObject()
    } else {
      s.null()
    }
    s.key("elements")
    s.array(x.elements) { s, e in write(e, to: &s) }
    s.endObject()
  }

  func write<S: JSONSink>(_ o: Operand, to s: inout S) {
    s.beginObject()
    s.key("expression")
    s.string(o.expression)
    s.key("type")
    s.string(o.unit.rawValue)
    s.key("value")
    JSONReport.writeEvidenceValue(o.raw, to: &s)
    s.key("text")
    s.string(o.value.text(language))
    s.key("exact")
    s.string(o.exact.text(language))
    s.key("field")
    s.optional(o.field)
    s.key("location")
    if let file = o.file, let l = o.line, let c = o.column {
      JSONReport.writeLocation(file, l, c, to: &s)
    } else {
      s.null()
    }
    s.key("literal")
    s.bool(o.isLiteral)
    s.key("param")
    s.bool(o.isParam)
    s.endObject()
  }

  func write<S: JSONSink>(_ b: Binding, to s: inout S) {
    s.beginObject()
    s.key("name")
    s.string(b.name)
    s.key("expression")
    s.string(b.expression)
    s.key("type")
    s.string(b.unit.rawValue)
    s.key("value")
    JSONReport.writeEvidenceValue(b.raw, to: &s)
    s.key("text")
    s.string(b.value.text(language))
    s.key("inputs")
    s.array(b.inputs) { s, o in write(o, to: &s) }
    s.key("elements")
    s.array(b.elements) { s, e in write(e, to: &s) }
    s.endObject()
  }

  func write<S: JSONSink>(_ x: ExceptionOutcome, to s: inout S) {
    s.beginObject()
    s.key("label")
    s.optional(language == .en ? x.labelEn ?? x.label : x.label)
    s.key("condition")
    s.string(x.expression)
    s.key("status")
    s.string(x.status.rawValue)
    s.key("applied")
    s.bool(x.applied)
    s.key("facts")
    s.array(x.facts) { s, f in write(f, to: &s) }
    s.endObject()
  }

  func write<S: JSONSink>(_ e: ElementRef, to s: inout S) {
    s.beginObject()
    s.key("list")
    s.string(e.list)
    s.key("index")
    s.int(e.index)
    s.key("matched")
    s.bool(e.matched)
    s.key("location")
    if let file = e.file {
      JSONReport.writeLocation(file, e.line, e.column, to: &s)
    } else {
      s.null()
    }
    s.key("value")
    JSONReport.writeValue(e.raw, to: &s)
    s.key("text")
    s.string(e.summary.text(language))
    s.key("facts")
    s.array(e.facts) { s, f in write(f, to: &s) }
    s.endObject()
  }

  static func writeLocation<S: JSONSink>(_ file: String, _ line: Int, _ column: Int, to s: inout S)
  {
    s.beginObject()
    s.key("file")
    s.string(file)
    s.key("line")
    s.int(line)
    s.key("column")
    s.int(column)
    s.endObject()
  }

  /// Lists longer than this are left out of evidence values (`null`; the
  /// text gives their length): the elements that matter are listed apart.
  public static let evidenceListLimit = 50

  static func writeEvidenceValue<S: JSONSink>(_ v: Value, to s: inout S) {
    if case .list(let items) = v, items.count > evidenceListLimit {
      s.null()
    } else {
      writeValue(v, to: &s)
    }
  }

  /// A value as JSON: numbers exactly as decimals (never through a float),
  /// dates as `YYYY-MM-DD`, records as objects.
  public static func value(_ v: Value) -> JSON {
    var tree = JSONTree()
    writeValue(v, to: &tree)
    return tree.value
  }

  static func writeValue<S: JSONSink>(_ v: Value, to s: inout S) {
    switch v {
    case .null: s.null()
    case .bool(let b): s.bool(b)
    case .int(let i): s.int(i)
    case .dec(let d): s.decimal(d)
    case .text(let t): s.string(t)
    case .date(let d): s.date(d)
    case .duration(let d): s.string(d.description)
    case .list(let items): s.array(items) { s, x in writeValue(x, to: &s) }
    case .record(let r):
      s.beginObject()
      for (f, x) in zip(r.type.fields, r.fields) {
        s.dataKey(f.name)
        writeValue(x, to: &s)
      }
      s.endObject()
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
