import ArgumentParser
import PolicyLang

/// The safety limits of a run (docs/limits.md), shared by every command that
/// reads policies or filings. Each has a default that real packs and
/// filings stay far below, and a ceiling past which raising it could
/// exhaust the stack rather than give a clear error.
struct LimitOptions: ParsableArguments {
  @Option(
    name: .customLong("max-policy-depth"),
    help: "Deepest nesting of an expression or type in a policy (1-500).")
  var maxPolicyDepth = PolicyLimits().maxDepth

  @Option(
    name: .customLong("max-depth"),
    help: "Deepest nesting of lists and objects in a filing (1-1000).")
  var maxDepth = LoaderLimits().maxDepth

  @Option(
    name: .customLong("max-value-bytes"),
    help: "Longest single string or number in a filing, and text a rule computes, in bytes.")
  var maxValueBytes = LoaderLimits().maxStringBytes

  @Option(
    name: .customLong("max-line-bytes"),
    help: "Longest line of a .jsonl file, or element of a .json array, in bytes.")
  var maxLineBytes = LoaderLimits().maxLineBytes

  @Option(
    name: .customLong("max-errors"),
    help: "Errors listed per file (policy or filing); the rest are counted.")
  var maxErrors = LoaderLimits().maxErrorsPerFile

  @Option(
    name: .customLong("budget"), help: "Evaluation steps allowed per rule and filing.")
  var budget = Evaluator.defaultBudget

  /// Ceilings measured on a debug build, whose frames are largest: 500
  /// levels of policy nesting become up to 2000 of evaluation (T014), which
  /// take about 42 MiB of the 64 MiB stacks of `LargeStack`.
  static let maxPolicyNesting = 500
  static let maxNesting = 1000

  func validate() throws {
    func check(_ value: Int, _ flag: String, _ range: ClosedRange<Int>) throws {
      guard range.contains(value) else {
        throw ValidationError("--\(flag) must be from \(range.lowerBound) to \(range.upperBound)")
      }
    }
    try check(maxPolicyDepth, "max-policy-depth", 1...Self.maxPolicyNesting)
    try check(maxDepth, "max-depth", 1...Self.maxNesting)
    try check(maxValueBytes, "max-value-bytes", 1...(1 << 31))
    try check(maxLineBytes, "max-line-bytes", 1...(1 << 40))
    try check(maxErrors, "max-errors", 1...1_000_000_000)
    try check(budget, "budget", 1...(1 << 62))
  }

  var policy: PolicyLimits {
    var l = PolicyLimits()
    l.maxDepth = maxPolicyDepth
    l.maxErrorsPerFile = maxErrors
    return l
  }

  var loader: LoaderLimits {
    var l = LoaderLimits()
    l.maxDepth = maxDepth
    l.maxStringBytes = maxValueBytes
    l.maxLineBytes = maxLineBytes
    l.maxErrorsPerFile = maxErrors
    return l
  }
}
