/// The diff as JSON, written as it is found: the header, then every change
/// (in input order, however many), then the counters. Shape:
///
///     {"base": …, "draft": …, "changes": [{kind, rule, filing, before, after, message}, …],
///      "summary": {…}, "by_rule": […], "by_region": […], "by_kind": […]}
public struct DiffJSON {
  public var language: Language
  private let write: (String) -> Void
  private var buffer = ""
  private var first = true

  /// `write` receives the text in chunks; it is called often, never with the whole.
  public init(language: Language, write: @escaping (String) -> Void) {
    self.language = language
    self.write = write
  }

  public mutating func begin(base: String, draft: String) {
    buffer += "{\n  \"base\": " + JSON.string(base).serialized()
    buffer += ",\n  \"draft\": " + JSON.string(draft).serialized() + ",\n  \"changes\": ["
  }

  public mutating func change(_ c: DiffChange) {
    buffer += (first ? "\n    " : ",\n    ") + DiffJSON.object(c, language).serialized()
    first = false
    if buffer.utf8.count >= 1 << 16 { flush() }
  }

  public mutating func end(_ report: DiffReport) {
    buffer += first ? "],\n" : "\n  ],\n"
    let s = report.summary
    func counts(_ c: DiffCounts) -> [(String, JSON)] {
      [("filings", .int(c.filings))]
        + DiffChange.Kind.allCases.map { ($0.rawValue, JSON.int(c[$0])) }
    }
    let summary: JSON = .object([
      ("filings", .int(s.filings)), ("unchanged", .int(s.unchanged)),
      ("newly_violating", .int(s.newlyViolating)),
      ("no_longer_violating", .int(s.noLongerViolating)),
      ("violating_differently", .int(s.changedViolating)),
      ("became_invalid", .int(s.becameInvalid)), ("became_valid", .int(s.becameValid)),
      ("invalid_under_both", .int(s.invalidBoth)),
      (
        "violations",
        .object([("base", .int(s.violationsBase)), ("draft", .int(s.violationsDraft))])
      ),
      (
        "violating_filings",
        .object([("base", .int(s.violatingBase)), ("draft", .int(s.violatingDraft))])
      ),
      ("errors", .int(s.errors)),
      ("changes", .object(counts(s.total))),
    ])
    let rules: JSON = .array(
      report.rules.map { id, g in
        .object(
          [
            ("rule", id.isEmpty ? .null : .string(id)),
            ("title", .optional(report.titles[id]?.text(language))),
          ] + counts(g.counts))
      })
    func groups(_ key: String, _ d: [String: DiffCounts]) -> JSON {
      .array(DiffReport.ordered(d).map { name, c in .object([(key, .string(name))] + counts(c)) })
    }
    let tail: [(String, JSON)] = [
      ("summary", summary), ("by_rule", rules), ("by_region", groups("region", s.byRegion)),
      ("by_kind", groups("kind", s.byKind)),
    ]
    for (i, (k, v)) in tail.enumerated() {
      var text = ""
      v.writePretty(to: &text, indent: 1)
      buffer += "  " + JSON.string(k).serialized() + ": " + text
      buffer += i == tail.count - 1 ? "\n}\n" : ",\n"
    }
    flush()
  }

  public mutating func flush() {
    if !buffer.isEmpty { write(buffer) }
    buffer = ""
  }

  static func object(_ c: DiffChange, _ language: Language) -> JSON {
    let f = c.filing
    return .object([
      ("kind", .string(c.kind.rawValue)),
      ("rule", .optional(c.ruleID)),
      (
        "filing",
        .object([
          ("id", .optional(f.id)), ("kind", .optional(f.kind)), ("region", .optional(f.region)),
          ("department", .optional(f.department)), ("file", .string(f.file)),
          ("line", .int(f.line)),
        ])
      ),
      ("before", .optional(c.before?.rawValue)),
      ("after", .optional(c.after?.rawValue)),
      ("message", .optional(c.message?.text(language))),
    ])
  }
}
