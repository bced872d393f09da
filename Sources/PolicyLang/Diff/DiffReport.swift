import Foundation

/// The impact of a draft, for people: a text report for the terminal and a
/// Markdown pre-adoption assessment (二（二）: 政策制定前评估) a drafter can
/// attach to the draft. Listings are capped per rule and kind of change; the
/// JSON output (`DiffJSON`) lists every change.
public struct DiffReport: Sendable {
  public var summary: DiffSummary
  /// How the two policy sets are named in the report (paths or policy ids).
  public var baseName: String
  public var draftName: String
  /// Rule titles, from the draft, else the base.
  public var titles: [String: LocalText]
  public var language: Language
  public var color = false

  public init(
    summary: DiffSummary, baseName: String, draftName: String, titles: [String: LocalText],
    language: Language
  ) {
    self.summary = summary
    self.baseName = baseName
    self.draftName = draftName
    self.titles = titles
    self.language = language
  }

  /// Titles of every rule of both programs, the draft's first.
  public static func titles(base: Program, draft: Program) -> [String: LocalText] {
    var out: [String: LocalText] = [:]
    for r in base.rules { out[r.id] = r.title }
    for r in draft.rules { out[r.id] = r.title }
    return out
  }

  var l: DiffLabels { DiffLabels(language: language) }

  func paint(_ s: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }

  /// Rules with changes, most changes first.
  var rules: [(String, DiffGroup)] {
    summary.byRule.sorted { ($1.value.counts.total, $0.key) < ($0.value.counts.total, $1.key) }
  }

  static func ordered(_ d: [String: DiffCounts]) -> [(String, DiffCounts)] {
    d.sorted { ($1.value.total, $0.key) < ($0.value.total, $1.key) }
  }

  /// The kinds of change that occurred anywhere, in a fixed order.
  var kinds: [DiffChange.Kind] { DiffChange.Kind.allCases.filter { summary.total[$0] > 0 } }

  // MARK: Text

  public func text() -> String {
    let s = summary
    var out = paint(l.title(draft: draftName, base: baseName), "1") + "\n"
    out += l.overview(s) + "\n"
    out += l.totals(s) + "\n"
    if s.errors > 0 { out += l.errors(s.errors) + "\n" }
    guard s.total.total > 0 else { return out + l.noChanges + "\n" }
    out += "\n" + paint(l.byRule, "1") + "\n"
    for (id, g) in rules {
      let title = titles[id]?.text(language) ?? ""
      out += "  " + paint(id.isEmpty ? l.validity : id, "1") + (title.isEmpty ? "" : "  " + title)
      out += "\n    " + l.counts(g.counts, kinds.filter { g.counts[$0] > 0 }) + "\n"
      for k in DiffChange.Kind.allCases {
        guard let ex = g.examples[k], !ex.isEmpty else { continue }
        out += "    " + l.kindHeading(k) + "\n"
        for c in ex { out += "      " + line(c) + "\n" }
        let more = g.counts[k] - ex.count
        if more > 0 { out += "      " + l.more(more) + "\n" }
      }
    }
    let columns = [l.filingsColumn] + kinds.map(l.kindColumn)
    func rows(_ d: [String: DiffCounts]) -> [[String]] {
      DiffReport.ordered(d).map { name, c in
        [name.isEmpty ? "—" : name, String(c.filings)] + kinds.map { String(c[$0]) }
      }
    }
    out += "\n" + paint(l.byRegion, "1") + "\n"
    out += DiffReport.table([l.region] + columns, rows(s.byRegion), indent: "  ")
    out += "\n" + paint(l.byKind, "1") + "\n"
    out += DiffReport.table([l.kind] + columns, rows(s.byKind), indent: "  ")
    return out
  }

  func line(_ c: DiffChange) -> String {
    let f = c.filing
    var parts = [f.id ?? "—", f.region ?? "—", "\(f.file):\(f.line)"]
    if let b = c.before, let a = c.after {
      parts.append("\(l.severity(b)) → \(l.severity(a))")
    } else if let sev = c.after ?? c.before {
      parts.append(l.severity(sev))
    }
    if let m = c.message?.text(language) { parts.append(m) }
    return parts.joined(separator: "  ")
  }

  /// Columns padded to their display width (Chinese takes two cells);
  /// numbers right-aligned.
  static func table(_ header: [String], _ rows: [[String]], indent: String) -> String {
    var widths = header.map { DisplayWidth.of($0) }
    for r in rows {
      for (i, cell) in r.enumerated() where i < widths.count {
        widths[i] = max(widths[i], DisplayWidth.of(cell))
      }
    }
    func render(_ r: [String]) -> String {
      var cells: [String] = []
      for (i, cell) in r.enumerated() where i < widths.count {
        let pad = String(repeating: " ", count: widths[i] - DisplayWidth.of(cell))
        cells.append(i == 0 ? cell + pad : pad + cell)
      }
      var s = indent + cells.joined(separator: "  ")
      while s.hasSuffix(" ") { s.removeLast() }
      return s + "\n"
    }
    return render(header) + rows.map(render).joined()
  }

  // MARK: Markdown

  public func markdown() -> String {
    let s = summary
    var out = "# \(l.reportTitle)\n\n"
    out += l.reportIntro(draft: draftName, base: baseName) + "\n\n"
    out += "## \(l.summaryHeading)\n\n"
    out += DiffReport.mdTable(
      [l.item, l.count],
      l.summaryRows(s).map { [$0.0, String($0.1)] }, numeric: [1])
    guard s.total.total > 0 else { return out + "\n" + l.noChanges + "\n" }
    let columns = [l.filingsColumn] + kinds.map(l.kindColumn)
    out += "\n## \(l.byRule)\n\n"
    out += DiffReport.mdTable(
      [l.rule, l.ruleTitle] + columns,
      rules.map { id, g in
        [
          id.isEmpty ? l.validity : "`\(id)`", titles[id]?.text(language) ?? "",
          String(g.counts.filings),
        ] + kinds.map { String(g.counts[$0]) }
      }, numeric: Set(2..<(3 + kinds.count)))
    for (heading, name, groups) in [
      (l.byRegion, l.region, s.byRegion), (l.byKind, l.kind, s.byKind),
    ] {
      out += "\n## \(heading)\n\n"
      out += DiffReport.mdTable(
        [name] + columns,
        DiffReport.ordered(groups).map { key, c in
          [key.isEmpty ? "—" : key, String(c.filings)] + kinds.map { String(c[$0]) }
        }, numeric: Set(1..<(2 + kinds.count)))
    }
    out += "\n## \(l.affected)\n"
    for (id, g) in rules {
      let title = titles[id]?.text(language)
      out += "\n### " + (id.isEmpty ? l.validity : "`\(id)`" + (title.map { " " + $0 } ?? ""))
      out += "\n"
      for k in DiffChange.Kind.allCases {
        guard let ex = g.examples[k], !ex.isEmpty else { continue }
        out += "\n#### \(l.kindColumn(k))（\(g.counts[k])）\n\n"
          .replacingFullWidthParens(language)
        out += DiffReport.mdTable(
          [l.filing, l.region, l.location, l.severityColumn, l.message],
          ex.map { c in
            let sev: String
            if let b = c.before, let a = c.after {
              sev = "\(l.severity(b)) → \(l.severity(a))"
            } else {
              sev = (c.after ?? c.before).map(l.severity) ?? "—"
            }
            return [
              c.filing.id ?? "—", c.filing.region ?? "—", "\(c.filing.file):\(c.filing.line)", sev,
              c.message?.text(language) ?? "",
            ]
          }, numeric: [])
        let more = g.counts[k] - ex.count
        if more > 0 { out += "\n" + l.more(more) + "\n" }
      }
    }
    return out
  }

  static func mdTable(_ header: [String], _ rows: [[String]], numeric: Set<Int>) -> String {
    func cell(_ s: String) -> String {
      s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
    var out = "| " + header.map(cell).joined(separator: " | ") + " |\n"
    out +=
      "|" + header.indices.map { numeric.contains($0) ? " ---: " : " --- " }.joined(separator: "|")
    out += "|\n"
    for r in rows { out += "| " + r.map(cell).joined(separator: " | ") + " |\n" }
    return out
  }
}

extension String {
  /// English headings use ASCII parentheses.
  fileprivate func replacingFullWidthParens(_ language: Language) -> String {
    language == .zh
      ? self : replacingOccurrences(of: "（", with: " (").replacingOccurrences(of: "）", with: ")")
  }
}
