/// `--format junit`: JUnit XML, as CI servers read it. One test suite per
/// file; in it one test case per filing and rule applied (a failure for a
/// violation, carrying its explanation), and one erroring test case for each
/// filing that could not be checked. Needs the passes recorded.
public struct JUnitReport: Sendable {
  public var language: Language
  public var includeEvidence: Bool

  public init(language: Language = .zh, includeEvidence: Bool = true) {
    self.language = language
    self.includeEvidence = includeEvidence
  }

  struct Case {
    var classname: String
    var name: String
    var file: String
    var line: Int
    /// `failure` or `error`, with its type, message and body.
    var outcome: (tag: String, type: String, message: String, body: String)?
    var output: String?
  }

  public func render(_ report: CheckReport) -> String {
    // Suites in the order files were read; cases in filing order.
    var order: [String] = []
    var suites: [String: [Case]] = [:]
    func add(_ file: String, _ c: Case) {
      if suites[file] == nil { order.append(file) }
      suites[file, default: []].append(c)
    }
    for e in report.fileErrors {
      add(
        e.file,
        Case(
          classname: e.file, name: label("read"), file: e.file, line: e.line,
          outcome: ("error", e.code.rawValue, e.message, errorText(e)), output: nil))
    }
    for o in report.outcomes {
      for c in cases(o) { add(o.filing.file, c) }
    }
    let total = order.reduce(0) { $0 + (suites[$1]?.count ?? 0) }
    let failures = order.reduce(0) { n, f in
      n + (suites[f] ?? []).count { $0.outcome?.tag == "failure" }
    }
    let errors = order.reduce(0) { n, f in
      n + (suites[f] ?? []).count { $0.outcome?.tag == "error" }
    }
    var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    out +=
      "<testsuites name=\"policy check\" tests=\"\(total)\" failures=\"\(failures)\" errors=\"\(errors)\" skipped=\"0\">\n"
    for file in order {
      let cs = suites[file] ?? []
      out +=
        "  <testsuite name=\(XML.attribute(file)) tests=\"\(cs.count)\""
        + " failures=\"\(cs.count { $0.outcome?.tag == "failure" })\""
        + " errors=\"\(cs.count { $0.outcome?.tag == "error" })\" skipped=\"0\">\n"
      for c in cs { out += testcase(c) }
      out += "  </testsuite>\n"
    }
    out += "</testsuites>\n"
    return out
  }

  func label(_ what: String) -> String {
    switch (what, language) {
    case ("read", .zh): "读取文件"
    case ("read", _): "read file"
    case ("valid", .zh): "填报有效"
    default: "valid filing"
    }
  }

  func cases(_ o: FilingOutcome) -> [Case] {
    let f = o.filing
    let classname = f.id ?? "\(f.file):\(f.line)"
    func make(_ name: String) -> Case {
      Case(classname: classname, name: name, file: f.file, line: f.line, outcome: nil, output: nil)
    }
    guard o.valid else {
      var c = make(label("valid"))
      let text = o.errors.map(errorText).joined()
      let first = o.errors.first
      c.outcome = ("error", first?.code.rawValue ?? "invalid", first?.message ?? "", text)
      return [c]
    }
    var byRule: [(String, Case)] = []
    let text = TextReport(language: language, showEvidence: includeEvidence)
    for v in o.violations {
      var c = make(v.ruleID)
      var body = text.violation(v)
      while body.hasSuffix("\n") { body.removeLast() }
      c.outcome = ("failure", v.severity.rawValue, v.message.text(language), body)
      byRule.append((v.ruleID, c))
    }
    for p in o.passes where p.status == .passed || p.status == .excused {
      var c = make(p.ruleID)
      if let x = p.excusedBy {
        c.output = Labels(language: language).exception + (language == .zh ? "：" : ": ") + x
      }
      byRule.append((p.ruleID, c))
    }
    for e in o.errors {
      var c = make(e.ruleID ?? label("valid"))
      c.outcome = ("error", e.code.rawValue, e.message, errorText(e))
      byRule.append((e.ruleID ?? "", c))
    }
    return byRule.sorted { $0.0 < $1.0 }.map(\.1)
  }

  func errorText(_ e: FilingError) -> String {
    TextReport(language: language).error(e)
  }

  func testcase(_ c: Case) -> String {
    var s =
      "    <testcase classname=\(XML.attribute(c.classname)) name=\(XML.attribute(c.name))"
      + " file=\(XML.attribute(c.file)) line=\"\(c.line)\""
    guard c.outcome != nil || c.output != nil else { return s + "/>\n" }
    s += ">\n"
    if let o = c.outcome {
      s +=
        "      <\(o.tag) type=\(XML.attribute(o.type)) message=\(XML.attribute(o.message))>"
        + XML.text(o.body) + "</\(o.tag)>\n"
    }
    if let out = c.output { s += "      <system-out>" + XML.text(out) + "</system-out>\n" }
    return s + "    </testcase>\n"
  }
}

/// Escaping for XML 1.0 text and attributes. Characters XML cannot carry
/// at all (most C0 controls) are written as `\u{…}`, never dropped silently.
enum XML {
  static func text(_ s: String) -> String { escape(s, attribute: false) }

  /// The value with its quotes.
  static func attribute(_ s: String) -> String { "\"" + escape(s, attribute: true) + "\"" }

  static func escape(_ s: String, attribute: Bool) -> String {
    var out = ""
    for u in s.unicodeScalars {
      switch u {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"" where attribute: out += "&quot;"
      case "'" where attribute: out += "&apos;"
      // Attribute values normalise whitespace unless it is written as a reference.
      case "\n" where attribute: out += "&#10;"
      case "\r": out += "&#13;"
      case "\t" where attribute: out += "&#9;"
      default:
        let v = u.value
        let allowed =
          v == 0x9 || v == 0xA || (0x20...0xD7FF).contains(v) || (0xE000...0xFFFD).contains(v)
          || v >= 0x10000
        if allowed {
          out.unicodeScalars.append(u)
        } else {
          out += "\\u{" + String(v, radix: 16, uppercase: true) + "}"
        }
      }
    }
    return out
  }
}
