import ArgumentParser
import Foundation
import PolicyLang

struct CheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Check filings (files, directories or - for standard input) against the policies.")

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case text, json, jsonl, sarif, junit, github, markdown, html
  }

  @OptionGroup var policy: PolicyOptions
  @OptionGroup var output: OutputOptions

  @Option(
    name: .long, help: "Output format: \(Format.allCases.map(\.rawValue).joined(separator: ", ")).")
  var format: Format = .text

  @Option(
    name: .customLong("fail-on"),
    help: "Lowest severity that fails the run: critical, major or warning.")
  var failOn: Severity = .warning

  @Flag(name: .customLong("show-passes"), help: "Also list every rule that was applied and passed.")
  var showPasses = false

  @Flag(name: .customLong("no-evidence"), help: "Leave out the evidence of each violation.")
  var noEvidence = false

  @Option(name: .long, help: "Threads for checking (default: the number of processors).")
  var threads: Int = ProcessInfo.processInfo.activeProcessorCount

  @Argument(help: "Filing files or directories; - reads standard input.")
  var inputs: [String]

  func validate() throws {
    if inputs.isEmpty { throw ValidationError("give at least one filing file or directory") }
    if threads < 1 || threads > 256 { throw ValidationError("--threads must be from 1 to 256") }
  }

  func run() throws {
    let program = try policy.load(output: output)
    var run = CheckRun(program: program)
    run.explain = !noEvidence
    // JUnit has a test case for every rule applied, passed or not.
    run.recordPasses = showPasses || format == .junit
    run.threads = threads
    if format == .jsonl {
      // Streamed: each filing's lines are written as soon as it is checked, and
      // nothing is kept but the counts, so the run's memory does not grow with
      // the corpus.
      let jsonl = JSONLinesReport(
        language: output.language, includeEvidence: !noEvidence, passes: showPasses)
      let out = BufferedOutput()
      var summary = run.pipeline.run(paths: inputs) { out.write(jsonl.lines($0)) }
      summary.filesRead = max(summary.filesRead, 0)
      out.write(jsonl.summary(summary))
      out.flush()
      throw CheckCommand.exitCode(summary, failOn: failOn)
    }
    let report = run.check(paths: inputs)
    Console.out(render(report, program: program))
    throw CheckCommand.exitCode(RunSummary(report), failOn: failOn)
  }

  func render(_ report: CheckReport, program: Program) -> String {
    let lang = output.language
    let evidence = !noEvidence
    switch format {
    case .text, .jsonl:
      return TextReport(
        language: lang, color: output.useColor(stream: .standardOutput), showEvidence: evidence
      ).render(report, passes: showPasses)
    case .json:
      return JSONReport(language: lang).render(
        report, includeEvidence: evidence, passes: showPasses)
    case .sarif:
      return SARIFReport(
        language: lang, includeEvidence: evidence,
        baseDirectory: FileManager.default.currentDirectoryPath
      ).render(report, program: program)
    case .junit:
      return JUnitReport(language: lang, includeEvidence: evidence).render(report)
    case .github:
      return GitHubReport(language: lang, includeEvidence: evidence).render(report)
    case .markdown:
      return MarkdownReport(language: lang, includeEvidence: evidence).render(report)
    case .html:
      return HTMLReport(language: lang).render(
        report, program: program, debt: HTMLReport.regionDebt(paths: inputs, program: program))
    }
  }

  static func exitCode(_ summary: RunSummary, failOn: Severity) -> ExitCode {
    if summary.errors > 0 || summary.filingsInvalid > 0 { return Exit.inputError }
    if summary.hasViolation(atLeast: failOn) { return Exit.violations }
    return Exit.clean
  }
}
