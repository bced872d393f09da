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
  @OptionGroup(title: "Limits") var limits: LimitOptions

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

  @Option(
    name: .customLong("output"),
    help: ArgumentHelp(
      "Write the report to FILE (atomically: all of it or nothing) instead of standard output.",
      valueName: "FILE"))
  var outputFile: String?

  @Argument(help: "Filing files or directories; - reads standard input.")
  var inputs: [String]

  func validate() throws {
    if inputs.isEmpty { throw ValidationError("give at least one filing file or directory") }
    if threads < 1 || threads > 256 { throw ValidationError("--threads must be from 1 to 256") }
  }

  func run() throws {
    // First of all, so that an early Ctrl-C is handled like a late one.
    let trap = SignalTrap()
    let program = try policy.load(output: output, limits: limits.policy)
    var run = CheckRun(program: program)
    run.explain = !noEvidence
    run.recordPasses = showPasses
    run.threads = threads
    run.limits = limits.loader
    run.budget = limits.budget
    run.cancellation = trap.cancellation
    let full = run.check(paths: inputs)
    if trap.cancellation.isCancelled { throw interrupted(full, trap) }
    let report = full.cappingErrors(perFile: limits.maxErrors)
    let color = outputFile == nil && output.useColor(stream: .standardOutput)
    let text: String
    switch format {
    case .text:
      text = TextReport(language: output.language, color: color, showEvidence: !noEvidence)
        .render(report, passes: showPasses)
    case .json:
      text = JSONReport(language: output.language).render(
        report, includeEvidence: !noEvidence, passes: showPasses)
    }
    if let outputFile {
      do {
        try AtomicFile.write(text, to: outputFile, cancellation: trap.cancellation)
      } catch .cancelled {
        throw interrupted(report, trap)
      } catch {
        Console.error("error: \(error)\n")
        throw Exit.policyError
      }
    } else {
      Console.out(text)
    }
    throw CheckCommand.exitCode(full, failOn: failOn)
  }

  /// Says on standard error how far an interrupted run got, so that the
  /// filings it did check are not silently dropped, and gives the exit code.
  func interrupted(_ report: CheckReport, _ trap: SignalTrap) -> ExitCode {
    let vs = report.violations
    let n = report.outcomes.count
    let written = outputFile.map { "`\($0)`" }
    if output.language == .zh {
      Console.error(
        "已中断：已检查 \(n) 份填报，发现 \(vs.count) 项违规、\(report.errors.count) 个错误；"
          + (written.map { "未写入 \($0)" } ?? "未输出报告") + "\n")
    } else {
      Console.error(
        "interrupted after \(n) filing\(n == 1 ? "" : "s"): \(vs.count) violation\(vs.count == 1 ? "" : "s"), "
          + "\(report.errors.count) error\(report.errors.count == 1 ? "" : "s"); "
          + (written.map { "\($0) was not written" } ?? "no report was printed") + "\n")
    }
    return ExitCode(trap.exitCode)
  }

  static func exitCode(_ report: CheckReport, failOn: Severity) -> ExitCode {
    if !report.errors.isEmpty { return Exit.inputError }
    if report.violations.contains(where: { $0.severity <= failOn }) { return Exit.violations }
    return Exit.clean
  }
}
