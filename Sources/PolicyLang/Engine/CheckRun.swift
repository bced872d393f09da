/// What a whole run found: every filing's outcome in input order, and the
/// errors of files that could not be read at all.
public struct CheckReport: Sendable {
  public var outcomes: [FilingOutcome] = []
  public var fileErrors: [FilingError] = []
  public var filesRead = 0

  public var violations: [Violation] { outcomes.flatMap(\.violations) }

  /// Every error, in order: by file, then position in file.
  public var errors: [FilingError] {
    (fileErrors + outcomes.flatMap(\.errors)).sorted {
      ($0.file, $0.index, $0.line, $0.ruleID ?? "") < ($1.file, $1.index, $1.line, $1.ruleID ?? "")
    }
  }

  /// Valid filings that were checked.
  public var filingsChecked: Int { outcomes.count { $0.valid } }
  public var filingsInvalid: Int { outcomes.count { !$0.valid } }

  /// The report as it is shown: at most `limit` errors listed per file (see
  /// `ErrorCap`); every outcome keeps its place, so the counts of filings
  /// checked and invalid stay exact.
  public func cappingErrors(perFile limit: Int) -> CheckReport {
    var capped = self
    var caps: [String: ErrorCap] = [:]
    for i in capped.outcomes.indices where !capped.outcomes[i].errors.isEmpty {
      let file = capped.outcomes[i].filing.file
      var cap = caps[file] ?? ErrorCap(limit: limit)
      capped.outcomes[i] = cap.apply(capped.outcomes[i])
      caps[file] = cap
    }
    return capped
  }

  public mutating func append(_ other: CheckReport) {
    outcomes += other.outcomes
    fileErrors += other.fileErrors
    filesRead += other.filesRead
  }
}

/// Reads, validates and checks filings, keeping every outcome: for tests,
/// small runs and reports that need the whole picture. Large runs stream
/// through `CheckPipeline` instead.
/// A check that keeps every outcome, for tests, small runs and reports that
/// need the whole picture; it is the streaming pipeline with a collector.
public typealias CheckRun = CheckPipeline

extension CheckPipeline {
  /// The pipeline itself (kept so that callers may say `run.pipeline.run`).
  public var pipeline: CheckPipeline { self }

  /// Checks every input path (files, directories, `-` for standard input).
  public func check(paths: [String]) -> CheckReport {
    check(paths: paths) { _ in }
  }

  /// Checks every input path, handing over each filing's outcome (as a
  /// one-filing report) as soon as it is ready, for output that streams.
  public func check(paths: [String], each: (CheckReport) -> Void) -> CheckReport {
    var report = CheckReport()
    let totals = pipeline.run(paths: paths) { o in
      var part = CheckReport()
      part.outcomes = [o]
      each(part)
      report.outcomes.append(o)
    }
    report.filesRead = totals.filesRead
    return report
  }

  /// Checks the filings of one file that has been read.
  public func check(_ result: FilingFileResult) -> CheckReport {
    var report = CheckReport()
    report.filesRead = 1
    let dispatcher = Dispatcher(pipeline)
    // Without a renderer every outcome is delivered to the caller.
    let collect = { (d: inout Delivery) in report.outcomes += d.outcomes }
    pipeline.process(result, dispatcher, collect)
    dispatcher.drain(collect)
    return report
  }

  static func checkOne(
    _ raw: RawFiling, _ validator: FilingValidator, _ runner: inout RuleRunner,
    evaluate: Bool = true
  ) -> FilingOutcome {
    switch validator.validate(raw) {
    case .success(let record):
      guard evaluate else {
        return FilingOutcome(
          filing: RuleRunner.reference(record, file: raw.file, index: raw.index), valid: true)
      }
      return runner.check(record, file: raw.file, index: raw.index)
    case .failure(let invalid):
      let ref = FilingRef(
        id: invalid.filingID, file: raw.file, index: raw.index, line: Int(raw.node.line),
        column: Int(raw.node.column))
      var o = FilingOutcome(filing: ref, valid: false)
      o.errors = invalid.errors.map {
        FilingError($0, index: raw.index, filingID: invalid.filingID)
      }
      return o
    }
  }
}
