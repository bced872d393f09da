import ArgumentParser
import Foundation
import PolicyLang

struct ExplainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "explain",
    abstract: "Show the full derivation for one filing: every rule of its kind, fired or not.",
    discussion:
      "Exit codes: 0 explained, no violation; 1 explained, with violations; "
      + "2 policy or usage error, or no filing with that id; 3 the filing could not be checked."
  )

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case text, json
  }

  @OptionGroup var policy: PolicyOptions
  @OptionGroup var output: OutputOptions

  @Option(name: .long, help: "The id of the filing to explain.")
  var filing: String

  @Option(name: .long, help: "Explain only this rule.")
  var rule: String?

  @Option(name: .long, help: "Output format: text or json.")
  var format: Format = .text

  @Argument(help: "Filing files or directories; - reads standard input.")
  var inputs: [String]

  func validate() throws {
    if inputs.isEmpty { throw ValidationError("give at least one filing file or directory") }
  }

  func run() throws {
    let program = try policy.load(output: output)
    let zh = output.language == .zh
    if let rule, !program.rules.contains(where: { $0.id == rule }) {
      var message = zh ? "错误：没有规则 `\(rule)`\n" : "error: there is no rule `\(rule)`\n"
      if let s = Suggest.closest(to: rule, among: Set(program.rules.map(\.id))) {
        message += "  = help: " + (zh ? "是否要找 `\(s)`？" : "did you mean `\(s)`?") + "\n"
      }
      Console.error(message)
      throw Exit.policyError
    }
    var run = CheckRun(program: program)
    run.explain = true
    run.recordPasses = true
    run.recordNotApplicable = true
    run.onlyFiling = filing
    let report = run.check(paths: inputs)
    let found = report.outcomes.filter { $0.filing.id == filing }
    for e in report.errors where !found.contains(where: { $0.filing.file == e.file }) {
      // Inputs that could not be read may have held the filing.
      Console.error(TextReport(language: output.language).error(e))
    }
    guard !found.isEmpty else {
      Console.error(notFound(report))
      throw Exit.policyError
    }
    if let rule, let kind = found.first?.filing.kind,
      let r = program.rules.first(where: { $0.id == rule }), r.kind.name != kind
    {
      Console.error(
        zh
          ? "错误：规则 `\(rule)` 适用于 \(r.kind.name) 类填报，`\(filing)` 是 \(kind) 类填报\n"
          : "error: rule `\(rule)` is for `\(r.kind.name)` filings; `\(filing)` is a `\(kind)` filing\n"
      )
      throw Exit.policyError
    }
    let explanations = found.map { FilingExplanation($0, program: program, rule: rule) }
    let renderer = ExplainReport(
      language: output.language, color: output.useColor(stream: .standardOutput))
    switch format {
    case .text: Console.out(renderer.renderText(explanations))
    case .json: Console.out(renderer.renderJSON(explanations))
    }
    if found.contains(where: { !$0.valid || !$0.errors.isEmpty }) { throw Exit.inputError }
    if found.contains(where: { !$0.violations.isEmpty }) { throw Exit.violations }
    throw Exit.clean
  }

  /// Says the filing is not there, suggesting a near id from the inputs.
  func notFound(_ report: CheckReport) -> String {
    let zh = output.language == .zh
    var message =
      zh
      ? "错误：输入中没有 id 为 `\(filing)` 的填报\n" : "error: no filing with id `\(filing)` in the inputs\n"
    if !inputs.contains("-"), let s = Suggest.closest(to: filing, among: ids()) {
      message += "  = help: " + (zh ? "是否要找 `\(s)`？" : "did you mean `\(s)`?") + "\n"
    }
    return message
  }

  /// Every filing id in the inputs, read without checking.
  func ids() -> Set<String> {
    var out = Set<String>()
    for file in InputCollector.collect(inputs).0 {
      for raw in FilingReader.read(path: file, limits: LoaderLimits()).filings {
        if case .string(let id)? = raw.node[key: "id"]?.node.value { out.insert(id) }
      }
    }
    return out
  }
}
