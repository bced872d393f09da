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
    // Every fixed run of bytes between two values is one copy: the key
    // before a value comes with the end of the value before it.
    let r = ruleBytes(v.rule)
    out += r.head
    JSONLinesWriter.optional(v.filing.id, into: &out)
    out += r.kind(v.filing.kind)
    JSONLinesWriter.optional(v.filing.region, into: &out)
    JSON.put(JSONLinesWriter.departmentKey, into: &out)
    JSONLinesWriter.optional(v.filing.department, into: &out)
    out += r.citation(v.severity)
    JSONLinesWriter.message(v.message, report.language, into: &out)
    out += v.mitigated ? r.mitigated : r.unmitigated
    out += fileBytes(v.filing.file)
    JSON.digits(v.filing.line, into: &out)
    JSON.put(JSONLinesWriter.columnKey, into: &out)
    JSON.digits(v.filing.column, into: &out)
    out += r.tail
    if report.includeEvidence, let e = v.evidence {
      JSON.put(JSONLinesWriter.evidenceKey, into: &out)
      JSONBytes.writing(into: &out) { report.json.write(e, to: &$0) }
    }
    JSON.put("}\n", into: &out)
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

  /// `"<file>","line":`
  private mutating func fileBytes(_ name: String) -> [UInt8] {
    if let f = file, f.name == name { return f.bytes }
    var bytes: [UInt8] = []
    JSON.escape(name, into: &bytes)
    JSON.put(JSONLinesWriter.lineKey, into: &bytes)
    file = (name, bytes)
    return bytes
  }

  /// A message in the report's language: bytes made on the fast path are
  /// escaped as they are, without a `String` made of them.
  static func message(_ m: LocalText, _ language: Language, into out: inout [UInt8]) {
    if let bytes = m.madeBytes(language) {
      bytes.withUnsafeBufferPointer { JSON.escape(utf8: $0, into: &out) }
    } else {
      JSON.escape(m.text(language), into: &out)
    }
  }

  static func optional(_ s: String?, into out: inout [UInt8]) {
    if let s { JSON.escape(s, into: &out) } else { JSON.put("null", into: &out) }
  }

  static let departmentKey: StaticString = ",\"department\":"
  static let locationKey: StaticString = ",\"location\":{\"file\":"
  static let lineKey: StaticString = ",\"line\":"
  static let columnKey: StaticString = ",\"column\":"
  static let evidenceKey: StaticString = ",\"evidence\":"
}

/// A rule version's part of its violation lines, escaped once. A class:
/// the lookup hands out one reference, not a copy of every field; and the
/// pieces that depend on a violation's kind or severity are kept as made.
private final class RuleBytes {
  let facts: RuleFacts
  /// `{"type":"violation","rule":…,"title":…,"filing":`
  let head: [UInt8]
  /// `,"cites":…,"quote":…,"message":`
  private let cites: [UInt8]
  /// `,"consequences":[…],"mitigated":true,"location":{"file":`, and with false.
  let mitigated: [UInt8]
  let unmitigated: [UInt8]
  /// `},"policy":…,"rule_version":…`: the end of the location, then each
  /// part the rule has.
  let tail: [UInt8]
  /// `,"kind":…,"region":` for the last kind asked for (the rule's own, for
  /// every violation the runner makes).
  private var kindText: String??
  private var kindBytes: [UInt8] = []
  /// `,"severity":…` and `cites`, by severity (`Severity.rank`).
  private var citations: [[UInt8]?] = Array(filled: nil, count: Severity.allCases.count)

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
    cites = c
    var q = Array(",\"consequences\":".utf8)
    JSON.array(v.consequences.map { .string($0.text(lang)) }).writeCompact(to: &q)
    q += ",\"mitigated\":".utf8
    var yes = q + "true".utf8
    var no = q + "false".utf8
    JSON.put(JSONLinesWriter.locationKey, into: &yes)
    JSON.put(JSONLinesWriter.locationKey, into: &no)
    mitigated = yes
    unmitigated = no
    var t: [UInt8] = [0x7D]
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

  func kind(_ kind: String?) -> [UInt8] {
    if let known = kindText, known == kind { return kindBytes }
    var b = Array(",\"kind\":".utf8)
    JSONLinesWriter.optional(kind, into: &b)
    b += ",\"region\":".utf8
    kindText = .some(kind)
    kindBytes = b
    return b
  }

  func citation(_ severity: Severity) -> [UInt8] {
    if let c = citations[severity.rank] { return c }
    let c = Array(",\"severity\":\"".utf8) + severity.rawValue.utf8 + [0x22] + cites
    citations[severity.rank] = c
    return c
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
