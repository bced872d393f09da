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

  public mutating func append(_ other: CheckReport) {
    outcomes += other.outcomes
    fileErrors += other.fileErrors
    filesRead += other.filesRead
  }
}

/// Reads, validates and checks filings.
public struct CheckRun {
  public let program: Program
  public var explain = false
  public var recordPasses = false
  /// Also record the rules that did not apply to a filing (`policy explain`).
  public var recordNotApplicable = false
  /// Check only the filings with this id (`policy explain --filing`).
  public var onlyFiling: String?
  public var limits = LoaderLimits()
  public var budget = Evaluator.defaultBudget

  public init(program: Program) { self.program = program }

  /// Checks every input path (files, directories, `-` for standard input).
  public func check(paths: [String]) -> CheckReport {
    check(paths: paths) { _ in }
  }

  /// Checks every input path, handing over each file's results as soon as
  /// that file is done (first, a report holding the paths that could not be
  /// read at all, if any), for output that streams.
  public func check(paths: [String], each: (CheckReport) -> Void) -> CheckReport {
    let (files, errors) = InputCollector.collect(paths)
    var report = CheckReport()
    report.fileErrors = errors.enumerated().map {
      FilingError($0.element, index: $0.offset, filingID: nil)
    }
    if !report.fileErrors.isEmpty { each(report) }
    for file in files {
      let result: FilingFileResult
      if file == "-" {
        result = FilingReader.readStandardInput(format: nil, limits: limits)
      } else {
        result = FilingReader.read(path: file, limits: limits)
      }
      let part = check(result)
      each(part)
      report.append(part)
    }
    return report
  }

  /// Checks the filings of one file that has been read.
  public func check(_ result: FilingFileResult) -> CheckReport {
    var report = CheckReport()
    report.filesRead = 1
    let validator = FilingValidator(program: program)
    var runner = RuleRunner(
      program: program, explain: explain, recordPasses: recordPasses, budget: budget)
    runner.recordNotApplicable = recordNotApplicable
    var items: [(Int, FilingOutcome)] = []
    for raw in result.filings {
      if let only = onlyFiling, raw.node[key: "id"]?.node.value != .string(only) { continue }
      items.append((raw.index, outcome(raw, validator, &runner)))
    }
    for e in result.errors {
      // A line or element that could not be read at all is a filing that was
      // not checked: it takes its place in the file's order.
      var ref = FilingRef(file: e.file, index: -1, line: e.line, column: e.column)
      ref.index = e.line
      var o = FilingOutcome(filing: ref, valid: false)
      o.errors = [FilingError(e, index: e.line, filingID: nil)]
      items.append((Int.max, o))
    }
    report.outcomes = items.sorted { a, b in
      (a.1.filing.line, a.0) < (b.1.filing.line, b.0)
    }.map(\.1)
    return report
  }

  func outcome(_ raw: RawFiling, _ validator: FilingValidator, _ runner: inout RuleRunner)
    -> FilingOutcome
  {
    switch validator.validate(raw) {
    case .success(let record):
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
