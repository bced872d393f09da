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
    // JUnit has a test case for every rule applied, passed or not.
    run.recordPasses = showPasses || format == .junit
    run.threads = threads
    run.limits = limits.loader
    run.budget = limits.budget
    run.cancellation = trap.cancellation
    // Every format shows a violation's message in one language.
    run.reportLanguage = output.language
    if format == .jsonl {
      // Streamed: each filing's lines are made on the thread that checked it
      // and written in input order, and nothing is kept but the counts, so
      // the run's memory does not grow with the corpus. Errors past
      // --max-errors per file are counted, not shown.
      let jsonl = JSONLinesReport(
        language: output.language, includeEvidence: !noEvidence, passes: showPasses)
      run.renderJSONLines(jsonl)
      let out: BufferedOutput
      do {
        out = BufferedOutput(
          file: try outputFile.map {
            try AtomicFile.Writer(path: $0, cancellation: trap.cancellation)
          })
      } catch {
        Console.error("error: \(error)\n")
        throw Exit.policyError
      }
      var caps: [String: ErrorCap] = [:]
      let summary = run.run(
        paths: inputs,
        emit: { o in
          var cap = caps[o.filing.file] ?? ErrorCap(limit: limits.maxErrors)
          out.write(jsonl.bytes(cap.apply(o)))
          caps[o.filing.file] = cap
        },
        write: { out.write($0) })
      if trap.cancellation.isCancelled {
        out.flush()
        throw interrupted(summary, trap)
      }
      out.write(jsonl.summary(summary))
      out.flush()
      try finish(out, summary, trap)
      throw CheckCommand.exitCode(summary, failOn: failOn)
    }
    let full = run.check(paths: inputs)
    if trap.cancellation.isCancelled { throw interrupted(RunSummary(full), trap) }
    let report = full.cappingErrors(perFile: limits.maxErrors)
    let text = render(report, program: program)
    if let outputFile {
      do {
        try AtomicFile.write(text, to: outputFile, cancellation: trap.cancellation)
      } catch .cancelled {
        throw interrupted(RunSummary(full), trap)
      } catch {
        Console.error("error: \(error)\n")
        throw Exit.policyError
      }
    } else {
      Console.out(text)
    }
    throw CheckCommand.exitCode(RunSummary(full), failOn: failOn)
  }

  /// Puts a streamed `--output` file in place, or says why the streamed
  /// report (to the file or to standard output) could not be written.
  func finish(_ out: BufferedOutput, _ summary: RunSummary, _ trap: SignalTrap) throws {
    do throws(AtomicFile.Failure) {
      // A failed write to standard output is reported as a file's is.
      if let failure = out.failure { throw failure }
      try out.file?.commit()
    } catch .cancelled {
      throw interrupted(summary, trap)
    } catch {
      Console.error("error: \(error)\n")
      throw Exit.policyError
    }
  }

  /// Says on standard error how far an interrupted run got, so that the
  /// filings it did check are not silently dropped, and gives the exit code.
  func interrupted(_ s: RunSummary, _ trap: SignalTrap) -> ExitCode {
    let n = s.filingsChecked + s.filingsInvalid
    let written = outputFile.map { "`\($0)`" }
    if output.language == .zh {
      Console.error(
        "已中断：已检查 \(n) 份填报，发现 \(s.violations) 项违规、\(s.errors) 个错误；"
          + (written.map { "未写入 \($0)" } ?? "未输出报告") + "\n")
    } else {
      Console.error(
        "interrupted after \(n) filing\(n == 1 ? "" : "s"): \(s.violations) violation\(s.violations == 1 ? "" : "s"), "
          + "\(s.errors) error\(s.errors == 1 ? "" : "s"); "
          + (written.map { "\($0) was not written" } ?? "no report was printed") + "\n")
    }
    return ExitCode(trap.exitCode)
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
