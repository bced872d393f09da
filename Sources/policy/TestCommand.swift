import ArgumentParser
import PolicyLang

struct TestCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "test",
    abstract: "Run the tests written in the policy files.",
    discussion: """
      A test gives a filing and says which rules it must and must not break; see \
      docs/testing.md. Exit codes: 0 every test passed (and coverage reached --threshold); \
      1 some test failed, or coverage is below --threshold; 2 policy or usage error, or no \
      test to run.
      """)

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case text, json, junit
  }

  @OptionGroup var output: OutputOptions

  @Option(
    name: .customLong("run"),
    help: ArgumentHelp(
      "Run only tests whose name contains this text (case-sensitive; repeatable).",
      valueName: "text"))
  var patterns: [String] = []

  @Flag(name: .long, help: "Measure how much of each rule the tests exercise.")
  var coverage = false

  @Option(
    name: .long,
    help: ArgumentHelp(
      "Fail when coverage is below this percentage (0 to 100; implies --coverage).",
      valueName: "percent"))
  var threshold: String?

  @Option(
    name: .long, help: "Output format: \(Format.allCases.map(\.rawValue).joined(separator: ", ")).")
  var format: Format = .text

  @Argument(help: "Policy files or directories (default: policies).")
  var paths: [String] = []

  func validate() throws {
    if let threshold {
      guard let d = Dec(threshold), d >= Dec(0), d <= Dec(100) else {
        throw ValidationError("--threshold must be a number from 0 to 100, not `\(threshold)`")
      }
    }
  }

  func run() throws {
    let (loaded, diagnostics) = PolicyLoader.load(paths: paths.isEmpty ? ["policies"] : paths)
    if !diagnostics.isEmpty {
      Console.error(
        DiagnosticRenderer(color: output.useColor(stream: .standardError)).render(diagnostics))
    }
    guard let program = loaded else {
      let n = diagnostics.count { $0.severity == .error }
      Console.error(
        output.language == .zh
          ? "策略有 \(n) 个错误，未运行任何测试\n"
          : "\(n) error\(n == 1 ? "" : "s") in the policies; no test was run\n")
      throw Exit.policyError
    }
    let filters = patterns
    let result = PolicyTestRunner(program: program).run { name in
      filters.isEmpty || filters.contains { $0.isEmpty || name.contains($0) }
    }
    guard !result.results.isEmpty else {
      Console.error(
        output.language == .zh
          ? (filters.isEmpty ? "没有可运行的测试\n" : "没有名称匹配 --run 的测试\n")
          : (filters.isEmpty ? "no tests to run\n" : "no test name matches --run\n"))
      throw Exit.policyError
    }
    let minimum = threshold.flatMap { Dec($0) }
    let measured =
      coverage || minimum != nil ? TestCoverage.measure(program, result) : nil
    switch format {
    case .text:
      Console.out(
        TestTextReport(
          language: output.language, color: output.useColor(stream: .standardOutput)
        ).render(result, coverage: measured, threshold: minimum))
    case .json:
      Console.out(
        TestJSONReport(language: output.language).render(
          result, coverage: measured, threshold: minimum))
    case .junit:
      Console.out(
        TestJUnitReport(language: output.language).render(
          result, coverage: measured, threshold: minimum))
    }
    if !result.allPassed { throw Exit.violations }
    if let measured, let minimum, !measured.meets(minimum) { throw Exit.violations }
    throw Exit.clean
  }
}
