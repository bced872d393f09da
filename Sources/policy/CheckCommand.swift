import ArgumentParser
import Foundation
import PolicyLang

struct CheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Check filings (files, directories or - for standard input) against the policies.")

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case text, json
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
    run.recordPasses = showPasses
    run.threads = threads
    let report = run.check(paths: inputs)
    switch format {
    case .text:
      Console.out(
        TextReport(
          language: output.language, color: output.useColor(stream: .standardOutput),
          showEvidence: !noEvidence
        )
        .render(report, passes: showPasses))
    case .json:
      Console.out(
        JSONReport(language: output.language).render(
          report, includeEvidence: !noEvidence, passes: showPasses))
    }
    throw CheckCommand.exitCode(report, failOn: failOn)
  }

  static func exitCode(_ report: CheckReport, failOn: Severity) -> ExitCode {
    if !report.errors.isEmpty { return Exit.inputError }
    if report.violations.contains(where: { $0.severity <= failOn }) { return Exit.violations }
    return Exit.clean
  }
}
