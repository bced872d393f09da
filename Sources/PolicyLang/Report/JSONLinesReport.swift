/// `--format jsonl`: one JSON object per line, written as each file is
/// checked so a pipeline can act before the run ends. Every line has a
/// `type`: `violation`, `pass` (with `--show-passes`), `error`, and last a
/// single `summary`. Apart from `type`, a line has the same fields as the
/// matching object of `--format json`.
public struct JSONLinesReport: Sendable {
  public var language: Language
  public var includeEvidence: Bool
  public var passes: Bool

  public init(language: Language = .zh, includeEvidence: Bool = true, passes: Bool = false) {
    self.language = language
    self.includeEvidence = includeEvidence
    self.passes = passes
  }

  var json: JSONReport { JSONReport(language: language) }

  static func lineBytes(_ type: String, _ fields: [(String, JSON)]) -> [UInt8] {
    // Written field by field, not as an object made of `type` and a copy
    // of the fields; a line with evidence is a few KB.
    var out: [UInt8] = []
    out.reserveCapacity(4096)
    out.append(contentsOf: "{\"type\":".utf8)
    JSON.escape(type, into: &out)
    for (k, v) in fields {
      out.append(0x2C)
      JSON.escape(k, into: &out)
      out.append(0x3A)
      v.writeCompact(to: &out)
    }
    out.append(0x7D)
    out.append(0x0A)
    return out
  }

  /// The lines for one part of a run (one file, or the paths that could not
  /// be read): filing by filing, its errors, then violations, then passes.
  public func lines(_ part: CheckReport) -> String {
    var out: [UInt8] = []
    for e in part.fileErrors { out += JSONLinesReport.lineBytes("error", json.errorFields(e)) }
    var writer = JSONLinesWriter(self)
    for o in part.outcomes { out += writer.bytes(o) }
    return String(decoding: out, as: UTF8.self)
  }

  /// The last line: the counts of the whole run.
  public func summary(_ report: CheckReport) -> String { summary(RunSummary(report)) }

  public func summary(_ s: RunSummary) -> String {
    guard case .object(let fields) = json.summary(s) else { return "" }
    return String(decoding: JSONLinesReport.lineBytes("summary", fields), as: UTF8.self)
  }

  /// The lines for one filing's outcome, as UTF-8. A stream of outcomes
  /// is better served by one `JSONLinesWriter`, which escapes each rule's
  /// texts once.
  public func bytes(_ o: FilingOutcome) -> [UInt8] {
    var writer = JSONLinesWriter(self)
    return writer.bytes(o)
  }

  /// The whole run at once (for tests and non-streaming callers).
  public func render(_ report: CheckReport) -> String {
    var out = ""
    var fileErrors = CheckReport()
    fileErrors.fileErrors = report.fileErrors
    out += lines(fileErrors)
    var outcomes = CheckReport()
    outcomes.outcomes = report.outcomes
    out += lines(outcomes)
    return out + summary(report)
  }
}
