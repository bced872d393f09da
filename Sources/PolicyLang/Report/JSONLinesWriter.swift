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
  /// `rules`, unretained: `rules` holds them for as long as the writer.
  private var ruleRefs: [Unmanaged<RuleBytes>] = []
  private var file: (name: String, bytes: [UInt8])?
  /// Where a line is assembled: dozens of short pieces, each appended to an
  /// array with a uniqueness check and a generic copy (see `RawBytes`).
  /// Made at the first line (`JSONLinesReport.bytes` makes a writer per
  /// outcome); copies of the writer share it, as they share `rules`.
  private var lineBuffer: LineBuffer?

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
    buffer().writing(into: &out) { line in
      head(r, v.severity, RefTexts(ref: v.filing), into: &line)
      JSONLinesWriter.message(v.message, report.language, into: &line)
      tail(
        r, mitigated: v.mitigated, file: v.filing.file, line: v.filing.line,
        column: v.filing.column, evidence: v.evidence, into: &line)
    }
  }

  /// The lines of violations found and not made (`RuleRunner.findingsInPlace`),
  /// all of one filing, whose messages are in `text`: the same bytes as the
  /// lines of the `Violation`s that would have been made, the filing's parts
  /// read from its record as `RuleRunner.reference` reads them.
  /// The lines are kept in the writer's buffer until `flush`: copied into
  /// the batch's bytes one filing at a time, each copy (an array's append)
  /// cost as much as writing a fifth of the line.
  mutating func violations(
    _ vs: UnsafeBufferPointer<PlacedViolation>, _ text: UnsafeBufferPointer<UInt8>,
    record: RecordValue, file: String
  ) {
    let (line, column) = (Int(record.position.line), Int(record.position.column))
    let texts = RecordTexts(record)
    buffer().appending { out in
      for k in vs.indices {
        let known = ruleIndex(vs[k].facts)
        // Lent, not copied out of the array: a retain and a release per line.
        ruleRefs[known]._withUnsafeGuaranteedRef { r in
          head(r, vs[k].severity, texts, into: &out)
          JSON.escape(utf8: UnsafeBufferPointer(rebasing: text[vs[k].message]), into: &out)
          tail(
            r, mitigated: vs[k].mitigated, file: file, line: line, column: column, evidence: nil,
            into: &out)
        }
      }
    }
  }

  /// Appends the lines `violations` kept to `out`: before anything else is
  /// written there, and at the end of a batch.
  mutating func flush(into out: inout [UInt8]) {
    lineBuffer?.flush(into: &out)
  }

  private mutating func buffer() -> LineBuffer {
    if let b = lineBuffer { return b }
    let b = LineBuffer()
    lineBuffer = b
    return b
  }

  /// A violation line up to its message. Every fixed run of bytes between
  /// two values is one copy: the key before a value comes with the end of
  /// the value before it.
  private func head<T: FilingTexts, O: ByteOutput>(
    _ r: RuleBytes, _ severity: Severity, _ filing: T, into out: inout O
  ) {
    out.append(r.head)
    filing.write(CommonSlot.id, into: &out)
    r.writeKind(filing.kind, into: &out)
    filing.write(CommonSlot.region, into: &out)
    JSON.put(JSONLinesWriter.departmentKey, into: &out)
    filing.write(CommonSlot.department, into: &out)
    r.writeCitation(severity, into: &out)
  }

  /// A violation line after its message.
  private mutating func tail<O: ByteOutput>(
    _ r: RuleBytes, mitigated: Bool, file: String, line: Int, column: Int, evidence: Evidence?,
    into out: inout O
  ) {
    out.append(mitigated ? r.mitigated : r.unmitigated)
    writeFile(file, into: &out)
    JSON.digits(line, into: &out)
    JSON.put(JSONLinesWriter.columnKey, into: &out)
    JSON.digits(column, into: &out)
    out.append(r.tail)
    if report.includeEvidence, let e = evidence {
      JSON.put(JSONLinesWriter.evidenceKey, into: &out)
      JSONBytes.writing(into: &out) { report.json.write(e, to: &$0) }
    }
    JSON.put("}\n", into: &out)
  }

  /// The escaped texts of the rule (version) that made `v`: found by the
  /// identity of its `RuleFacts` (one per rule version), else by what they
  /// say (violations made one by one, with facts of their own).
  private mutating func ruleBytes(_ rule: RuleFacts) -> RuleBytes { rules[ruleIndex(rule)] }

  /// Where in `rules` the rule's texts are, made if they are not yet.
  private mutating func ruleIndex(_ rule: RuleFacts) -> Int {
    // Through the buffer: no retain of each entry looked at.
    let known = ruleRefs.withUnsafeBufferPointer { rs in
      var i = 0
      while i < rs.count, rs[i]._withUnsafeGuaranteedRef({ $0.facts !== rule }) { i += 1 }
      return i
    }
    if known < rules.count { return known }
    for i in rules.indices where rules[i].facts.parts.sameText(rule.parts) { return i }
    let r = RuleBytes(rule, report)
    rules.append(r)
    ruleRefs.append(Unmanaged.passUnretained(r))
    return rules.count - 1
  }

  /// `"<file>","line":`
  private mutating func writeFile<O: ByteOutput>(_ name: String, into out: inout O) {
    if file?.name != name {
      var bytes: [UInt8] = []
      JSON.escape(name, into: &bytes)
      JSON.put(JSONLinesWriter.lineKey, into: &bytes)
      file = (name, bytes)
    }
    if let f = file { out.append(f.bytes) }
  }

  /// A message in the report's language: bytes made on the fast path are
  /// escaped as they are, without a `String` made of them.
  static func message<O: ByteOutput>(_ m: LocalText, _ language: Language, into out: inout O) {
    if let bytes = m.madeBytes(language) {
      bytes.withUnsafeBufferPointer { JSON.escape(utf8: $0, into: &out) }
    } else {
      JSON.escape(m.text(language), into: &out)
    }
  }

  static func optional<O: ByteOutput>(_ s: String?, into out: inout O) {
    if let s { JSON.escape(s, into: &out) } else { JSON.put("null", into: &out) }
  }

  static let departmentKey: StaticString = ",\"department\":"
  static let locationKey: StaticString = ",\"location\":{\"file\":"
  static let lineKey: StaticString = ",\"line\":"
  static let columnKey: StaticString = ",\"column\":"
  static let evidenceKey: StaticString = ",\"evidence\":"
}

/// The filing's texts a violation line quotes: its id, region and
/// department (`CommonSlot`), each written as `JSONLinesWriter.optional`
/// writes it, and its kind.
private protocol FilingTexts {
  var kind: String? { get }
  func write<O: ByteOutput>(_ slot: Int, into out: inout O)
}

/// The texts of a violation made whole (`Violation.filing`).
private struct RefTexts: FilingTexts {
  let ref: FilingRef
  var kind: String? { ref.kind }

  func write<O: ByteOutput>(_ slot: Int, into out: inout O) {
    let text =
      switch slot {
      case CommonSlot.id: ref.id
      case CommonSlot.region: ref.region
      default: ref.department
      }
    JSONLinesWriter.optional(text, into: &out)
  }
}

/// The texts of a placed violation, escaped where they are in its record,
/// as `RecordValue.commonText` reads them: copied out, each was retained
/// and released. Unretained: the record outlives the line being written.
private struct RecordTexts: FilingTexts {
  let record: Unmanaged<RecordValue>
  let isFiling: Bool
  let kind: String?

  init(_ record: RecordValue) {
    self.record = Unmanaged.passUnretained(record)
    isFiling = record.type.isFiling
    kind = record.type.name
  }

  func write<O: ByteOutput>(_ slot: Int, into out: inout O) {
    let written = record._withUnsafeGuaranteedRef { r in
      r.fields.withUnsafeBufferPointer { fields -> Bool in
        guard isFiling, case .text(let s) = fields[slot] else { return false }
        JSON.escape(s, into: &out)
        return true
      }
    }
    if !written { JSON.put("null", into: &out) }
  }
}

/// A rule version's part of its violation lines, escaped once. A class:
/// the lookup hands out one reference, not a copy of every field; and the
/// pieces that depend on a violation's kind or severity are kept as made.
private final class RuleBytes {
  let facts: RuleFacts
  /// `{"type":"violation","rule":…,"title":…,"filing":`
  let head: [UInt8]
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
  /// `,"severity":…,"cites":…,"quote":…,"message":`, by severity (`Severity.rank`).
  private let citations: [[UInt8]]

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
    var cs = [[UInt8]](repeating: [], count: Severity.allCases.count)
    for s in Severity.allCases {
      cs[s.rank] = Array(",\"severity\":\"".utf8) + s.rawValue.utf8 + [0x22] + c
    }
    citations = cs
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

  /// `,"kind":…,"region":`
  func writeKind<O: ByteOutput>(_ kind: String?, into out: inout O) {
    if kindText != .some(kind) {
      var b = Array(",\"kind\":".utf8)
      JSONLinesWriter.optional(kind, into: &b)
      b += ",\"region\":".utf8
      kindText = .some(kind)
      kindBytes = b
    }
    out.append(kindBytes)
  }

  /// `,"severity":…,"cites":…,"quote":…,"message":`
  func writeCitation<O: ByteOutput>(_ severity: Severity, into out: inout O) {
    citations.withUnsafeBufferPointer { out.append($0[severity.rank]) }
  }
}

/// The buffer a writer assembles its lines in, kept from one to the next.
/// A class, so that its storage is freed with the last writer that shares it.
private final class LineBuffer {
  private var bytes = RawBytes(capacity: LineBuffer.room)
  /// What it keeps between lines: a line with evidence is a few KB, a
  /// batch's lines kept for one copy (`appending`) a few hundred; past four
  /// megabytes (a huge text quoted) the room is not kept for the rest of a run.
  private static let room = 4096
  private static let kept = 4 << 20

  deinit { bytes.free() }

  /// What `body` writes, appended to `out` in one copy. Lines kept by
  /// `appending` stay kept, for their own `flush`.
  func writing(into out: inout [UInt8], _ body: (inout RawBytes) -> Void) {
    let start = bytes.count
    body(&bytes)
    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes.bytes[start...]))
    cut(to: start)
  }

  /// What `body` writes, kept after the lines already kept, for `flush`.
  func appending(_ body: (inout RawBytes) -> Void) { body(&bytes) }

  /// The lines kept, appended to `out`; the buffer is empty again.
  func flush(into out: inout [UInt8]) {
    guard bytes.count > 0 else { return }
    out.append(contentsOf: bytes.bytes)
    cut(to: 0)
  }

  private func cut(to n: Int) {
    if n == 0, bytes.capacity > LineBuffer.kept {
      bytes.free()
      bytes = RawBytes(capacity: LineBuffer.room)
    } else {
      bytes.truncate(to: n)
    }
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
