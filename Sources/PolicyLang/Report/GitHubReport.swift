/// `--format github`: GitHub Actions workflow commands, so each violation is
/// an annotation on the filing's own line: `::error` for critical,
/// `::warning` for major, `::notice` for warning. Filings that could not be
/// checked are `::error`s. A plain summary ends the log.
public struct GitHubReport: Sendable {
  public var language: Language
  public var includeEvidence: Bool

  public init(language: Language = .zh, includeEvidence: Bool = true) {
    self.language = language
    self.includeEvidence = includeEvidence
  }

  static func command(_ s: Severity) -> String {
    switch s {
    case .critical: "error"
    case .major: "warning"
    case .warning: "notice"
    }
  }

  public func render(_ report: CheckReport) -> String {
    var out = ""
    for v in report.violations { out += violation(v) }
    for e in report.errors { out += error(e) }
    out += TextReport(language: language).summary(report)
    return out
  }

  public func violation(_ v: Violation) -> String {
    let l = Labels(language: language)
    var title = "\(v.ruleID) \(v.title.text(language)) [\(v.severity.rawValue)]"
    if v.mitigated { title += " [\(l.mitigated)]" }
    var lines = [(v.filing.id.map { "\($0): " } ?? "") + v.message.text(language)]
    var article = v.cites
    if let q = v.quote { article += language == .zh ? "「\(q)」" : " “\(q)”" }
    lines.append(l.article + (language == .zh ? "：" : ": ") + article)
    if includeEvidence, let e = v.evidence {
      lines.append(TextReport(language: language).evidenceBlock(e))
    }
    if v.mitigated { lines.append(l.mitigatedText) }
    return GitHubReport.command(
      GitHubReport.command(v.severity),
      properties: [
        ("file", v.filing.file), ("line", "\(v.filing.line)"), ("col", "\(v.filing.column)"),
        ("title", title),
      ], message: lines.joined(separator: "\n"))
  }

  public func error(_ e: FilingError) -> String {
    var message = e.message
    if let id = e.filingID { message = "\(id): " + message }
    if let p = e.policyLocation { message += "\n--> \(p)" }
    // Line 0: the whole file could not be read; the annotation goes on the file.
    var props = [("file", e.file)]
    if e.line > 0 { props += [("line", "\(e.line)"), ("col", "\(e.column)")] }
    props.append(("title", "\(e.code.rawValue) \(Labels(language: language).error)"))
    return GitHubReport.command("error", properties: props, message: message)
  }

  /// `::name key=value,…::message`, escaped as the runner unescapes them.
  static func command(_ name: String, properties: [(String, String)], message: String) -> String {
    let props = properties.map { "\($0.0)=\(escapeProperty($0.1))" }.joined(separator: ",")
    return "::\(name) \(props)::\(escapeData(message))\n"
  }

  static func escapeData(_ s: String) -> String {
    var out = ""
    for u in s.unicodeScalars {
      switch u {
      case "%": out += "%25"
      case "\r": out += "%0D"
      case "\n": out += "%0A"
      default: out.unicodeScalars.append(u)
      }
    }
    return out
  }

  static func escapeProperty(_ s: String) -> String {
    var out = ""
    for u in escapeData(s).unicodeScalars {
      switch u {
      case ":": out += "%3A"
      case ",": out += "%2C"
      default: out.unicodeScalars.append(u)
      }
    }
    return out
  }
}
