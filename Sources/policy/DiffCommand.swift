import ArgumentParser
import PolicyLang

struct DiffCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "diff",
    abstract:
      "Assess a draft: check filings under the base and the draft policies in one pass and report what changes.",
    discussion: """
      Reports the filings that newly violate, no longer violate or change severity, counted
      by rule, region and kind. --param applies to the draft, so a changed parameter can be
      assessed without editing the pack: --base policies --draft policies --param x=130%.
      Exit codes: 0 nothing changes; 1 some outcome changes; 2 policy or usage error;
      3 some input could not be read or checked.
      """)

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case text, json, markdown
  }

  @Option(name: .long, help: "The policies in force: a file or directory (repeatable).")
  var base: [String] = []

  @Option(name: .long, help: "The draft policies: a file or directory (repeatable).")
  var draft: [String] = []

  @Option(
    name: .long, help: "Override a param of the draft: NAME=VALUE, e.g. debt_ratio_high=130%.")
  var param: [String] = []

  @Option(
    name: .long, help: "Output format: \(Format.allCases.map(\.rawValue).joined(separator: ", ")).")
  var format: Format = .text

  @Option(name: .long, help: "Filings listed per rule and kind of change in text and Markdown.")
  var examples = 10

  @OptionGroup var output: OutputOptions

  @Argument(help: "Filing files or directories; - reads standard input.")
  var inputs: [String]

  func validate() throws {
    if base.isEmpty || draft.isEmpty { throw ValidationError("give both --base and --draft") }
    if inputs.isEmpty { throw ValidationError("give at least one filing file or directory") }
    if examples < 0 { throw ValidationError("--examples must be 0 or more") }
  }

  func load(_ paths: [String], overrides: [String]) throws -> Program {
    let (program, diagnostics) = PolicyLoader.load(paths: paths)
    let renderer = DiagnosticRenderer(color: output.useColor(stream: .standardError))
    if !diagnostics.isEmpty { Console.error(renderer.render(diagnostics)) }
    guard var program else {
      let n = diagnostics.count { $0.severity == .error }
      let which = paths.joined(separator: ", ")
      Console.error(
        output.language == .zh
          ? "\(which) 有 \(n) 个错误，未进行对比\n"
          : "\(n) error\(n == 1 ? "" : "s") in \(which); nothing was compared\n")
      throw Exit.policyError
    }
    var values: [String: Value] = [:]
    for p in overrides {
      switch ParamOverride.parse(p, for: program) {
      case .success(let (name, value)): values[name] = value
      case .failure(let d):
        Console.error(renderer.render(d))
        throw Exit.policyError
      }
    }
    if !values.isEmpty { program = program.with(overrides: values) }
    return program
  }

  func run() throws {
    let basePolicy = try load(base, overrides: [])
    let draftPolicy = try load(draft, overrides: param)
    let baseName = base.joined(separator: ", ")
    var draftName = draft.joined(separator: ", ")
    if !param.isEmpty { draftName += " (--param " + param.joined(separator: " --param ") + ")" }
    let diff = DiffRun(base: basePolicy, draft: draftPolicy)
    let titles = DiffReport.titles(base: basePolicy, draft: draftPolicy)
    let summary: DiffSummary
    if format == .json {
      var writer = DiffJSON(language: output.language) { Console.out($0) }
      writer.begin(base: baseName, draft: draftName)
      summary = diff.run(paths: inputs, exampleLimit: 0) { writer.change($0) }
      writer.end(
        DiffReport(
          summary: summary, baseName: baseName, draftName: draftName, titles: titles,
          language: output.language))
    } else {
      summary = diff.run(paths: inputs, exampleLimit: examples)
      var report = DiffReport(
        summary: summary, baseName: baseName, draftName: draftName, titles: titles,
        language: output.language)
      if format == .markdown {
        Console.out(report.markdown())
      } else {
        report.color = output.useColor(stream: .standardOutput)
        Console.out(report.text())
      }
    }
    if summary.errors > 0 { throw Exit.inputError }
    throw summary.total.total > 0 ? Exit.violations : Exit.clean
  }
}
