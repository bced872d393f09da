/// Makes the lines of `--format jsonl` for one batch of outcomes, on the
/// worker thread that checked them.
///
/// Most of a violation line is its rule's: the title, the article, its
/// quoted text and the consequences are the same bytes on every line the
/// rule writes. They are escaped once per batch and copied after that; only
/// the filing's own fields, the message and the location are written per
/// line. Measured with callgrind on the Liaoning corpus: ~19,000 instructions
/// per violation line through the `JSON` fields, ~7,000 this way. The
/// bytes are the same as `JSONLinesReport.lineBytes` of
/// `JSONReport.violationFields` (tests compare the two).
public struct JSONLinesWriter {
  public let report: JSONLinesReport
  private var rules: [RuleBytes] = []
  private var file: (name: String, bytes: [UInt8])?

  public init(_ report: JSONLinesReport) { self.report = report }

  /// The lines for one filing's outcome, as `JSONLinesReport.bytes` makes them.
  public mutating func bytes(_ o: FilingOutcome) -> [UInt8] {
    var out: [UInt8] = []
    write(o, into: &out)
    return out
  }

  /// Appends the lines for one filing's outcome to `out`.
  public mutating func write(_ o: FilingOutcome, into out: inout [UInt8]) {
    guard !o.violations.isEmpty || !o.errors.isEmpty || report.passes else { return }
    for e in o.errors {
      out += JSONLinesReport.lineBytes("error", report.json.errorFields(e))
    }
    // Through a buffer: `for v in` copies each violation, retaining all its texts.
    o.violations.withUnsafeBufferPointer { vs in
      for i in vs.indices { violation(vs[i], into: &out) }
    }
    if report.passes {
      for p in o.passes where p.status == .passed || p.status == .excused {
        out += JSONLinesReport.lineBytes("pass", report.json.passFields(p, report.includeEvidence))
      }
    }
  }

  mutating func violation(_ v: Violation, into out: inout [UInt8]) {
    let r = ruleBytes(v.rule)
    out += r.head
    JSONLinesWriter.optional(v.filing.id, into: &out)
    JSON.put(JSONLinesWriter.kindKey, into: &out)
    JSONLinesWriter.optional(v.filing.kind, into: &out)
    JSON.put(JSONLinesWriter.regionKey, into: &out)
    JSONLinesWriter.optional(v.filing.region, into: &out)
    JSON.put(JSONLinesWriter.departmentKey, into: &out)
    JSONLinesWriter.optional(v.filing.department, into: &out)
    JSON.put(JSONLinesWriter.severityKey, into: &out)
    out.append(0x22)
    out += v.severity.rawValue.utf8
    out.append(0x22)
    out += r.citation
    JSON.escape(v.message.text(report.language), into: &out)
    out += r.consequences
    JSON.put(v.mitigated ? "true" : "false", into: &out)
    JSON.put(JSONLinesWriter.locationKey, into: &out)
    out += fileBytes(v.filing.file)
    JSON.put(JSONLinesWriter.lineKey, into: &out)
    JSON.digits(v.filing.line, into: &out)
    JSON.put(JSONLinesWriter.columnKey, into: &out)
    JSON.digits(v.filing.column, into: &out)
    out.append(0x7D)
    out += r.tail
    if report.includeEvidence, let e = v.evidence {
      JSON.put(JSONLinesWriter.evidenceKey, into: &out)
      JSONBytes.writing(into: &out) { report.json.write(e, to: &$0) }
    }
    out.append(0x7D)
    out.append(0x0A)
  }

  /// The escaped texts of the rule (version) that made `v`: found by the
  /// identity of its `RuleFacts` (one per rule version), else by what they
  /// say (violations made one by one, with facts of their own).
  private mutating func ruleBytes(_ rule: RuleFacts) -> RuleBytes {
    for i in rules.indices where rules[i].facts === rule { return rules[i] }
    for i in rules.indices where rules[i].facts.parts.sameText(rule.parts) { return rules[i] }
    let r = RuleBytes(rule, report)
    rules.append(r)
    return r
  }

  private mutating func fileBytes(_ name: String) -> [UInt8] {
    if let f = file, f.name == name { return f.bytes }
    var bytes: [UInt8] = []
    JSON.escape(name, into: &bytes)
    file = (name, bytes)
    return bytes
  }

  static func optional(_ s: String?, into out: inout [UInt8]) {
    if let s { JSON.escape(s, into: &out) } else { JSON.put("null", into: &out) }
  }

  static let kindKey: StaticString = ",\"kind\":"
  static let regionKey: StaticString = ",\"region\":"
  static let departmentKey: StaticString = ",\"department\":"
  static let severityKey: StaticString = ",\"severity\":"
  static let locationKey: StaticString = ",\"location\":{\"file\":"
  static let lineKey: StaticString = ",\"line\":"
  static let columnKey: StaticString = ",\"column\":"
  static let evidenceKey: StaticString = ",\"evidence\":"
}

/// A rule version's part of its violation lines, escaped once. A class:
/// the lookup hands out one reference, not a copy of every field.
private final class RuleBytes {
  let facts: RuleFacts
  /// `{"type":"violation","rule":…,"title":…,"filing":`
  let head: [UInt8]
  /// `,"cites":…,"quote":…,"message":`
  let citation: [UInt8]
  /// `,"consequences":[…],"mitigated":`
  let consequences: [UInt8]
  /// `,"policy":…,"rule_version":…`, each when the rule has it.
  let tail: [UInt8]

  init(_ rule: RuleFacts, _ report: JSONLinesReport) {
    facts = rule
    let v = rule.parts
    let lang = report.language
    var h = Array("{\"type\":\"violation\",\"rule\":".utf8)
    JSON.escape(v.id, into: &h)
    h += ",\"title\":".utf8
    JSON.escape(v.title.text(lang), into: &h)
    h += ",\"filing\":".utf8
    head = h
    var c = Array(",\"cites\":".utf8)
    JSON.escape(v.cites, into: &c)
    c += ",\"quote\":".utf8
    JSONLinesWriter.optional(v.quote, into: &c)
    c += ",\"message\":".utf8
    citation = c
    var q = Array(",\"consequences\":".utf8)
    JSON.array(v.consequences.map { .string($0.text(lang)) }).writeCompact(to: &q)
    q += ",\"mitigated\":".utf8
    consequences = q
    var t: [UInt8] = []
    if let p = v.policyID {
      t += ",\"policy\":".utf8
      JSON.escape(p, into: &t)
    }
    if v.effective != .always {
      t += ",\"rule_version\":".utf8
      JSON.escape(v.effective.description, into: &t)
    }
    tail = t
  }
}

extension RuleParts {
  /// The same texts on a violation line (its location is not written there).
  func sameText(_ o: RuleParts) -> Bool {
    // The id first: it tells rules apart, the rest only versions of one.
    id == o.id && effective == o.effective && title == o.title && articles == o.articles
      && quote == o.quote && consequences == o.consequences && policyID == o.policyID
  }
}
