import ArgumentParser
import PolicyLang

struct LintCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "lint",
    abstract:
      "Find mistakes in policies that type checking cannot: unused params, rules that never or always fire, dead exceptions, duplicate rules, missing or misquoted citations.",
    discussion: "Exit codes: 0 no findings; 1 findings; 2 the policies have errors.")

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case text, json
  }

  @OptionGroup var output: OutputOptions

  @Option(
    name: .long, help: "Output format: \(Format.allCases.map(\.rawValue).joined(separator: ", ")).")
  var format: Format = .text

  @Argument(help: "Policy files or directories (default ./policies).")
  var paths: [String] = []

  func run() throws {
    let (program, diagnostics) = PolicyLoader.load(paths: paths.isEmpty ? ["policies"] : paths)
    guard let program else {
      Console.error(
        DiagnosticRenderer(color: output.useColor(stream: .standardError)).render(diagnostics))
      let n = diagnostics.count { $0.severity == .error }
      Console.error(
        output.language == .zh
          ? "策略有 \(n) 个错误，未进行静态检查\n"
          : "\(n) error\(n == 1 ? "" : "s") in the policies; nothing was linted\n")
      throw Exit.policyError
    }
    // The checker's own warnings are findings too.
    let findings = (diagnostics + Linter(program: program).run()).sortedByLocation()
    let report = LintReport(findings: findings, files: program.files.count)
    switch format {
    case .text:
      Console.out(
        report.text(language: output.language, color: output.useColor(stream: .standardOutput)))
    case .json:
      Console.out(report.json())
    }
    throw findings.isEmpty ? Exit.clean : Exit.violations
  }
}
