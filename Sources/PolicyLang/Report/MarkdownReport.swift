/// `--format markdown`: a summary for a pull request or a report. Headline
/// counts, a table by severity and one by rule, then each violation with its
/// explanation and the article it breaks, then the filings not checked.
public struct MarkdownReport: Sendable {
  public var language: Language
  public var includeEvidence: Bool

  public init(language: Language = .zh, includeEvidence: Bool = true) {
    self.language = language
    self.includeEvidence = includeEvidence
  }

  var labels: Labels { Labels(language: language) }
  var zh: Bool { language == .zh }
  func t(_ zh: String, _ en: String) -> String { self.zh ? zh : en }

  public func render(_ report: CheckReport) -> String {
    let sum = RunSummary(report)
    var out = "# " + t("政务诚信合规检查结果", "Policy check results") + "\n\n"
    out +=
      "**" + MarkdownReport.escape(TextReport(language: language).line(sum)) + "**\n\n"
    out += "| " + t("严重程度", "severity") + " | " + t("违规", "violations") + " |\n"
    out += "|---|---:|\n"
    for (s, n) in sum.bySeverity { out += "| \(severity(s)) | \(n) |\n" }
    out += "| " + t("合计", "total") + " | \(sum.violations) |\n\n"
    if !sum.byRule.isEmpty {
      out +=
        "| " + t("规则", "rule") + " | " + t("标题", "title") + " | " + t("严重程度", "severity")
        + " | " + t("违规", "violations") + " | " + t("可从轻", "mitigated") + " |\n"
      out += "|---|---|---|---:|---:|\n"
      for r in sum.byRule {
        out +=
          "| `\(r.rule)` | \(MarkdownReport.escape(r.title.text(language))) | \(severity(r.severity))"
          + " | \(r.count) | \(r.mitigated) |\n"
      }
      out += "\n"
    }
    let vs = report.violations
    if !vs.isEmpty {
      out += "## " + t("违规明细", "Violations") + "\n\n"
      for (i, v) in vs.enumerated() { out += violation(v, number: i + 1) }
    }
    let errors = report.errors
    if !errors.isEmpty {
      out += "## " + t("未能检查的填报", "Filings not checked") + "\n\n"
      for e in errors {
        var line = "- `\(e.file):\(e.line):\(e.column)`"
        if let id = e.filingID { line += " " + MarkdownReport.escape(id) }
        line += " — \(e.code.rawValue)\(t("：", ": "))" + MarkdownReport.escape(e.message)
        if let r = e.ruleID { line += " (`\(r)`)" }
        out += line + "\n"
      }
      out += "\n"
    }
    return out
  }

  func severity(_ s: Severity) -> String {
    zh ? "\(labels.severity(s)) \(s.rawValue)" : s.rawValue
  }

  func violation(_ v: Violation, number: Int) -> String {
    let l = labels
    let sep = t("：", ": ")
    var out =
      "### \(number). `\(v.ruleID)` \(MarkdownReport.escape(v.title.text(language)))"
      + " — \(severity(v.severity))\n\n"
    var who = MarkdownReport.escape(v.filing.id ?? "?")
    let meta = [v.filing.kind, v.filing.region, v.filing.department].compactMap { $0 }
    if !meta.isEmpty {
      who += MarkdownReport.escape(
        zh ? "（\(meta.joined(separator: "，"))）" : " (\(meta.joined(separator: ", ")))")
    }
    out += "- **\(l.filing)**\(sep)\(who) `\(v.filing.file):\(v.filing.line):\(v.filing.column)`\n"
    out += "- **\(l.message)**\(sep)\(MarkdownReport.escape(v.message.text(language)))\n"
    for c in v.consequences {
      out += "- **\(l.consequence)**\(sep)\(MarkdownReport.escape(c.text(language)))\n"
    }
    if v.mitigated {
      out += "- **\(l.mitigated)**\(sep)\(MarkdownReport.escape(l.mitigatedText))\n"
    }
    if v.ruleEffective != .always {
      out += "- **\(l.version)**\(sep)\(l.period(v.ruleEffective))\n"
    }
    out += "\n"
    if includeEvidence, let e = v.evidence {
      let text = TextReport(language: language).evidenceBlock(e)
      if !text.isEmpty {
        let fence = MarkdownReport.fence(for: text)
        out += fence + "text\n" + text + "\n" + fence + "\n\n"
      }
    }
    var quote = "> **\(MarkdownReport.escape(v.cites))**"
    if let q = v.quote { quote += sep + MarkdownReport.escape(q) }
    out += quote + "\n\n"
    return out
  }

  /// A code fence longer than any run of backticks in the text.
  static func fence(for text: String) -> String {
    var longest = 0
    var run = 0
    for c in text {
      run = c == "`" ? run + 1 : 0
      longest = max(longest, run)
    }
    return String(repeating: "`", count: max(3, longest + 1))
  }

  /// Inline text with Markdown's punctuation taken literally.
  static func escape(_ s: String) -> String {
    var out = ""
    for c in s {
      switch c {
      case "\\", "`", "*", "_", "[", "]", "<", ">", "|", "#", "~": out += "\\" + String(c)
      case "\n", "\r": out += " "
      default: out.append(c)
      }
    }
    return out
  }
}
