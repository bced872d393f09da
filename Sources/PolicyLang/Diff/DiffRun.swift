/// `policy diff`: checks a corpus under a base and a draft policy in one pass
/// over the data. Each filing is read once, validated against each program's
/// schema and checked by each rule set; only the differences leave the
/// filing, and they go to a sink (for streamed output) and into bounded
/// counters. Nothing grows with the number of filings.
public struct DiffRun {
  public let base: Program
  public let draft: Program
  public var limits = LoaderLimits()
  public var budget = Evaluator.defaultBudget

  public init(base: Program, draft: Program) {
    self.base = base
    self.draft = draft
  }

  /// Reads every input path and compares; `onChange` sees every change, in
  /// input order, as it is found.
  public func run(
    paths: [String], exampleLimit: Int = 10, onChange: (DiffChange) -> Void = { _ in }
  ) -> DiffSummary {
    var summary = DiffSummary(exampleLimit: exampleLimit)
    let (files, errors) = InputCollector.collect(paths)
    summary.errors += errors.count
    var state = State(run: self)
    for file in files {
      func take(_ item: Result<RawFiling, DataError>) {
        switch item {
        case .success(let raw): state.compare(raw, &summary, onChange)
        case .failure: summary.errors += 1
        }
      }
      func compare(_ result: FilingFileResult) {
        summary.errors += result.errors.count
        for raw in result.filings { state.compare(raw, &summary, onChange) }
      }
      switch file == "-" ? nil : FilingFormat(path: file) {
      case .jsonl:
        if JSONLinesStream.forEach(path: file, limits: limits, take) != nil { summary.errors += 1 }
      case .json:
        switch JSONArrayStream.forEach(path: file, limits: limits, take) {
        case .streamed: break
        case .whole(let result): compare(result)
        case .failed: summary.errors += 1
        }
      default:
        compare(
          file == "-"
            ? FilingReader.readStandardInput(format: nil, limits: limits)
            : FilingReader.read(path: file, limits: limits))
      }
    }
    return summary
  }

  /// The validators and runners of both programs, made once per run.
  struct State {
    let baseValidator: FilingValidator
    let draftValidator: FilingValidator
    var baseRunner: RuleRunner
    var draftRunner: RuleRunner

    init(run: DiffRun) {
      baseValidator = FilingValidator(program: run.base)
      draftValidator = FilingValidator(program: run.draft)
      baseRunner = RuleRunner(program: run.base, budget: run.budget)
      draftRunner = RuleRunner(program: run.draft, budget: run.budget)
    }

    mutating func compare(
      _ raw: RawFiling, _ summary: inout DiffSummary, _ onChange: (DiffChange) -> Void
    ) {
      let before = CheckPipeline.checkOne(raw, baseValidator, &baseRunner)
      let after = CheckPipeline.checkOne(raw, draftValidator, &draftRunner)
      let changes = DiffRun.changes(before, after)
      summary.filings += 1
      summary.errors += before.errors.count { $0.ruleID != nil }
      summary.errors += after.errors.count { $0.ruleID != nil }
      summary.violationsBase += before.violations.count
      summary.violationsDraft += after.violations.count
      let wasViolating = before.valid && !before.violations.isEmpty
      let isViolating = after.valid && !after.violations.isEmpty
      if wasViolating { summary.violatingBase += 1 }
      if isViolating { summary.violatingDraft += 1 }
      if !before.valid && !after.valid { summary.invalidBoth += 1 }
      if before.valid && !after.valid { summary.becameInvalid += 1 }
      if !before.valid && after.valid { summary.becameValid += 1 }
      if changes.isEmpty {
        summary.unchanged += 1
        return
      }
      if before.valid && after.valid {
        switch (wasViolating, isViolating) {
        case (false, true): summary.newlyViolating += 1
        case (true, false): summary.noLongerViolating += 1
        default: summary.changedViolating += 1
        }
      }
      // The filing as the draft sees it, unless only the base could read it.
      let ref = after.valid || !before.valid ? after.filing : before.filing
      var located: [DiffChange] = []
      for var c in changes {
        c.filing = ref
        onChange(c)
        located.append(c)
      }
      summary.record(located, filing: ref)
    }
  }

  /// The differences between a filing's outcomes, rule by rule in id order.
  static func changes(_ before: FilingOutcome, _ after: FilingOutcome) -> [DiffChange] {
    let ref = after.filing
    if before.valid != after.valid {
      let errors = before.valid ? after.errors : before.errors
      let message = errors.first.map { LocalText(zh: $0.message) }
      return [
        DiffChange(
          kind: before.valid ? .invalid : .valid, ruleID: nil, filing: ref, before: nil,
          after: nil, message: message)
      ]
    }
    guard before.valid else { return [] }
    var old: [String: Violation] = [:]
    for v in before.violations { old[v.ruleID] = v }
    var new: [String: Violation] = [:]
    for v in after.violations { new[v.ruleID] = v }
    var out: [DiffChange] = []
    for id in Set(old.keys).union(new.keys).sorted() {
      switch (old[id], new[id]) {
      case (nil, let v?):
        out.append(
          DiffChange(
            kind: .new, ruleID: id, filing: ref, before: nil, after: v.severity, message: v.message)
        )
      case (let v?, nil):
        out.append(
          DiffChange(
            kind: .resolved, ruleID: id, filing: ref, before: v.severity, after: nil,
            message: v.message))
      case (let a?, let b?) where a.severity != b.severity:
        out.append(
          DiffChange(
            kind: b.severity < a.severity ? .raised : .lowered, ruleID: id, filing: ref,
            before: a.severity, after: b.severity, message: b.message))
      default: break
      }
    }
    return out
  }
}
