import ArgumentParser
import Foundation
import PolicyLang

struct CheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Check filings (files, directories or - for standard input) against the policies.")

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case text, json, jsonl, sarif, junit, github, markdown
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

  @Argument(help: "Filing files or directories; - reads standard input.")
  var inputs: [String]

  func validate() throws {
    if inputs.isEmpty { throw ValidationError("give at least one filing file or directory") }
  }

  func run() throws {
    let program = try policy.load(output: output)
    var run = CheckRun(program: program)
    run.explain = !noEvidence
    // JUnit has a test case for every rule applied, passed or not.
    run.recordPasses = showPasses || format == .junit
    let lang = output.language
    let evidence = !noEvidence
    let report: CheckReport
    switch format {
    case .jsonl:
      // Streamed: each file's lines are written as soon as it is checked.
      let jsonl = JSONLinesReport(language: lang, includeEvidence: evidence, passes: showPasses)
      report = run.check(paths: inputs) { part in Console.out(jsonl.lines(part)) }
      Console.out(jsonl.summary(report))
    default:
      report = run.check(paths: inputs)
      Console.out(render(report, program: program))
    }
    throw CheckCommand.exitCode(report, failOn: failOn)
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
    }
  }

  static func exitCode(_ report: CheckReport, failOn: Severity) -> ExitCode {
    if !report.errors.isEmpty { return Exit.inputError }
    if report.violations.contains(where: { $0.severity <= failOn }) { return Exit.violations }
    return Exit.clean
  }
}
