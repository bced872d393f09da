import ArgumentParser
import Foundation
import PolicyLang

struct ReportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "Write a self-contained HTML compliance report for filings.")

  @OptionGroup var policy: PolicyOptions
  @OptionGroup var output: OutputOptions

  @Option(name: .customLong("output"), help: "The HTML file to write (default report.html).")
  var outputFile: String = "report.html"

  @Option(name: .long, help: "The report's title.")
  var title: String?

  @Argument(help: "Filing files or directories.")
  var inputs: [String]

  func run() throws {
    let program = try policy.load(output: output)
    var run = CheckRun(program: program)
    run.explain = true
    let report = run.check(paths: inputs)
    let html = HTMLReport(language: output.language, title: title).render(
      report, program: program, debt: HTMLReport.regionDebt(paths: inputs, program: program))
    try AtomicWrite.write(html, to: outputFile)
    let summary = TextReport(language: output.language).summary(report)
    Console.error(
      summary + "\n" + (output.language == .zh ? "报告已写入 " : "report written to ") + outputFile
        + "\n")
    throw CheckCommand.exitCode(RunSummary(report), failOn: .warning)
  }
}

/// Writes a file through a temporary file in the same directory and renames
/// it into place, so a reader never sees half a report.
enum AtomicWrite {
  static func write(_ text: String, to path: String) throws {
    let url = URL(fileURLWithPath: path)
    try Data(text.utf8).write(to: url, options: .atomic)
  }
}
