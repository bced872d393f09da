import ArgumentParser
import PolicyLang

@main
struct PolicyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "policy",
    abstract: "Check government filings against executable policy rules.",
    discussion: """
      Exit codes:
        0    every filing was checked and none violates at or above --fail-on
        1    violations at or above --fail-on
        2    policy or usage error: nothing was checked; or the report could
             not be written
        3    some input could not be checked (the rest was)
        130  interrupted (SIGINT); 143 terminated (SIGTERM)
      """,
    subcommands: [
      CheckCommand.self, ExplainCommand.self, ReportCommand.self, TestCommand.self,
      LintCommand.self, DiffCommand.self, FmtCommand.self,
    ]
  )

  /// As `ParsableCommand.main`, but usage errors exit with 2, as documented,
  /// rather than ArgumentParser's 64.
  static func main() {
    do {
      var command = try parseAsRoot(nil)
      try command.run()
    } catch {
      guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
      Console.error(fullMessage(for: error) + "\n")
      exit(withError: Exit.policyError)
    }
  }
}
