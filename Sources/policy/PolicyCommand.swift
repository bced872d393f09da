import ArgumentParser
import PolicyLang

@main
struct PolicyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "policy",
    abstract: "Check government filings against executable policy rules.",
    subcommands: []
  )
}
