/// `--format sarif`: SARIF 2.1.0 for code-scanning tools. Each rule of the
/// program is a reporting descriptor whose help quotes its article; each
/// violation is a result at the filing's file, line and column, with the
/// values it read as related locations and the full evidence in its
/// properties. Filings that could not be checked are tool notifications.
public struct SARIFReport: Sendable {
  public var language: Language
  public var includeEvidence: Bool
  /// The directory relative paths are taken from; absolute inputs under it
  /// are made relative, as code scanning expects.
  public var baseDirectory: String?

  public init(language: Language = .zh, includeEvidence: Bool = true, baseDirectory: String? = nil)
  {
    self.language = language
    self.includeEvidence = includeEvidence
    self.baseDirectory = baseDirectory
  }

  static let schema = "https://json.schemastore.org/sarif-2.1.0.json"

  var labels: Labels { Labels(language: language) }

  public func render(_ report: CheckReport, program: Program) -> String {
    let descriptors = SARIFReport.ruleVersions(program)
    var index: [String: Int] = [:]
    for (i, r) in descriptors.enumerated() { index[r.id] = i }
    let run: JSON = .object([
      (
        "tool",
        .object([
          (
            "driver",
            .object([
              ("name", .string("policy")),
              ("fullName", .string("PolicyLang policy checker")),
              ("rules", .array(descriptors.map(rule))),
            ])
          )
        ])
      ),
      (
        "invocations",
        .array([
          .object([
            ("executionSuccessful", .bool(report.errors.isEmpty)),
            ("toolExecutionNotifications", .array(report.errors.map(notification))),
          ])
        ])
      ),
      // Filing columns count Unicode scalars, not UTF-16 units.
      ("columnKind", .string("unicodeCodePoints")),
      ("results", .array(report.violations.map { result($0, index[$0.ruleID]) })),
      ("properties", .object([("summary", JSONReport(language: language).summary(report))])),
    ])
    return JSON.object([
      ("$schema", .string(SARIFReport.schema)),
      ("version", .string("2.1.0")),
      ("runs", .array([run])),
    ]).serialized(pretty: true) + "\n"
  }

  /// One descriptor per rule id, from its latest version, in id order.
  static func ruleVersions(_ program: Program) -> [CheckedRule] {
    var latest: [String: CheckedRule] = [:]
    for r in program.rules { latest[r.id] = r }
    return latest.values.sorted { $0.id < $1.id }
  }

  // MARK: - Rules

  func rule(_ r: CheckedRule) -> JSON {
    let top = r.grades.map(\.severity).min() ?? .major
    var article = r.citation
    if let q = r.quote { article += language == .zh ? "「\(q)」" : " “\(q)”" }
    var help = article
    var markdown = "**\(r.citation)**"
    if let q = r.quote { markdown += "\n\n> \(MarkdownReport.escape(q))" }
    if !r.consequences.isEmpty {
      let cs = r.consequences.map { $0.text(language) }
      help +=
        "\n" + labels.consequence + (language == .zh ? "：" : ": ")
        + cs.joined(separator: language == .zh ? "；" : "; ")
      markdown +=
        "\n\n"
        + cs.map {
          "- \(labels.consequence)\(language == .zh ? "：" : ": ")\(MarkdownReport.escape($0))"
        }.joined(separator: "\n")
    }
    var props: [(String, JSON)] = [
      ("severity", .string(top.rawValue)),
      ("cites", .string(r.citation)),
      ("tags", .array(([r.kind.name] + r.articles).map(JSON.string))),
    ]
    if let p = r.policyID { props.append(("policy", .string(p))) }
    return .object([
      ("id", .string(r.id)),
      ("name", .string(SARIFReport.pascalCase(r.id))),
      ("shortDescription", .object([("text", .string(r.title.text(language)))])),
      ("fullDescription", .object([("text", .string(article))])),
      ("help", .object([("text", .string(help)), ("markdown", .string(markdown))])),
      ("defaultConfiguration", .object([("level", .string(top.sarifLevel))])),
      ("properties", .object(props)),
    ])
  }

  /// `debt-over-limit` → `DebtOverLimit`: SARIF's `name` is an identifier.
  static func pascalCase(_ id: String) -> String {
    id.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map {
      $0.prefix(1).uppercased() + $0.dropFirst()
    }.joined()
  }

  // MARK: - Results

  func result(_ v: Violation, _ ruleIndex: Int?) -> JSON {
    var text = (v.filing.id.map { "\($0): " } ?? "") + v.message.text(language)
    if v.mitigated { text += language == .zh ? "（可从轻：四（四））" : " (mitigated: 四（四）)" }
    if includeEvidence, let e = v.evidence {
      text += "\n" + TextReport(language: language).evidenceBlock(e)
    }
    var f: [(String, JSON)] = [("ruleId", .string(v.ruleID))]
    if let ruleIndex { f.append(("ruleIndex", .int(ruleIndex))) }
    f += [
      ("level", .string(v.severity.sarifLevel)),
      ("message", .object([("text", .string(text))])),
      (
        "locations",
        .array([
          location(
            v.filing.file, v.filing.line, v.filing.column,
            logical: v.filing.id.map { ($0, v.filing.kind) })
        ])
      ),
    ]
    if includeEvidence, let e = v.evidence {
      let related = relatedLocations(e)
      if !related.isEmpty { f.append(("relatedLocations", .array(related))) }
    }
    f.append(
      (
        "partialFingerprints",
        .object([
          ("policyFinding/v1", .string("\(v.ruleID)|\(v.filing.id ?? "#\(v.filing.index)")"))
        ])
      ))
    var props: [(String, JSON)] = [
      ("filing", .optional(v.filing.id)),
      ("kind", .optional(v.filing.kind)),
      ("region", .optional(v.filing.region)),
      ("department", .optional(v.filing.department)),
      ("severity", .string(v.severity.rawValue)),
      ("cites", .string(v.cites)),
      ("quote", .optional(v.quote)),
      ("consequences", .array(v.consequences.map { .string($0.text(language)) })),
      ("mitigated", .bool(v.mitigated)),
    ]
    if includeEvidence, let e = v.evidence {
      props.append(("evidence", JSONReport(language: language).evidence(e)))
    }
    f.append(("properties", .object(props)))
    return .object(f)
  }

  func location(_ file: String, _ line: Int, _ column: Int, logical: (String, String?)? = nil)
    -> JSON
  {
    var region: [(String, JSON)] = [("startLine", .int(max(1, line)))]
    if column > 0 { region.append(("startColumn", .int(column))) }
    var f: [(String, JSON)] = [
      (
        "physicalLocation",
        .object([
          ("artifactLocation", .object([("uri", .string(uri(file)))])),
          ("region", .object(region)),
        ])
      )
    ]
    if let (name, kind) = logical {
      var l: [(String, JSON)] = [("name", .string(name))]
      if let kind { l.append(("kind", .string(kind))) }
      f.append(("logicalLocations", .array([.object(l)])))
    }
    return .object(f)
  }

  /// Every value the evidence read from the filing, once, at its position.
  func relatedLocations(_ e: Evidence) -> [JSON] {
    var seen = Set<String>()
    var out: [JSON] = []
    func add(_ file: String?, _ line: Int?, _ column: Int?, _ text: String) {
      guard let file, let line, let column, line > 0,
        seen.insert("\(file):\(line):\(column)").inserted
      else { return }
      guard case .object(var f) = location(file, line, column) else { return }
      f.insert(("id", .int(out.count)), at: 0)
      f.append(("message", .object([("text", .string(text))])))
      out.append(.object(f))
    }
    func operand(_ o: Operand) {
      add(o.file, o.line, o.column, "\(o.expression) = \(o.exact.text(language))")
    }
    func element(_ el: ElementRef) {
      add(el.file, el.line, el.column, "\(el.list)[\(el.index)] \(el.summary.text(language))")
      for f in el.facts { fact(f) }
    }
    func fact(_ f: Fact) {
      for o in f.operands + f.inputs { operand(o) }
      for el in f.elements { element(el) }
    }
    for f in e.facts { fact(f) }
    if let g = e.grade { fact(g) }
    for b in e.bindings {
      for o in b.inputs { operand(o) }
      for el in b.elements { element(el) }
    }
    for x in e.exceptions { for f in x.facts { fact(f) } }
    return out
  }

  func notification(_ e: FilingError) -> JSON {
    var props: [(String, JSON)] = [("filing", .optional(e.filingID))]
    if let r = e.ruleID { props.append(("rule", .string(r))) }
    if let p = e.policyLocation { props.append(("policy_location", .string(p.description))) }
    return .object([
      ("level", .string("error")),
      ("message", .object([("text", .string(e.message))])),
      ("locations", .array([location(e.file, e.line, e.column)])),
      ("descriptor", .object([("id", .string(e.code.rawValue))])),
      ("properties", .object(props)),
    ])
  }

  // MARK: - URIs

  /// A relative URI reference for a path as given (`examples/filings/debt.yaml`),
  /// percent-encoded; absolute paths outside `baseDirectory` become `file://` URIs.
  func uri(_ path: String) -> String {
    var p = path
    if p.hasPrefix("/"), let base = baseDirectory {
      let b = base.hasSuffix("/") ? base : base + "/"
      if p.hasPrefix(b) { p = String(p.dropFirst(b.count)) }
    }
    while p.hasPrefix("./") { p = String(p.dropFirst(2)) }
    let encoded = SARIFReport.percentEncode(p)
    return p.hasPrefix("/") ? "file://" + encoded : encoded
  }

  static func percentEncode(_ s: String) -> String {
    var out = ""
    for b in s.utf8 {
      let c = Character(Unicode.Scalar(b))
      if c.isASCII && (c.isLetter || c.isNumber || "-._~/".contains(c)) {
        out.append(c)
      } else {
        let hex = String(b, radix: 16, uppercase: true)
        out += "%" + (hex.count == 1 ? "0" + hex : hex)
      }
    }
    return out
  }
}
