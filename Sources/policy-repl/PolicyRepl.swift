import ArgumentParser
import Foundation
import PolicyLang

extension Language: ExpressibleByArgument {}

@main
struct PolicyRepl: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "policy-repl",
    abstract: "Explore filings and try rules interactively.",
    discussion: """
      Type `:help` at the prompt. On a terminal, lines are edited with emacs keys, Tab completes,
      Ctrl-R searches the history (~/.policy_repl_history), Ctrl-C abandons the line or stops a
      run, and Ctrl-D leaves. Without a terminal, lines are read plainly from standard input
      and no prompt is shown, so the REPL can be scripted. Nothing is loaded before the first
      prompt unless paths are given; ./policies is loaded when first needed.
      """)

  @Option(name: .long, help: "A policy file or directory (repeatable; default ./policies).")
  var policy: [String] = []

  @Option(
    name: .long, help: "Set a param: NAME=VALUE, e.g. debt_ratio_high=130% (repeatable).")
  var param: [String] = []

  @Option(name: .long, help: "Language of the output: zh or en.")
  var lang: Language = .zh

  @Flag(
    name: .long, inversion: .prefixedNo,
    help: "Colour (default: on a terminal, unless NO_COLOR is set).")
  var color: Bool? = nil

  @Argument(help: "Filing files or directories to load.")
  var filings: [String] = []

  func run() throws {
    let interactive = isatty(0) != 0
    let environment = ProcessInfo.processInfo.environment
    let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
    let session = ReplSession(
      language: lang, color: color ?? (isatty(1) != 0 && !noColor))
    Interrupt.install()
    session.isInterrupted = { Interrupt.isSet }
    if !policy.isEmpty {
      session.defaultPolicyPath = nil
      Output.write(session.load(policy))
    }
    if !filings.isEmpty { Output.write(session.load(filings)) }
    for p in param { Output.write(session.execute(":set \(p)")) }

    if interactive,
      let editor = LineEditor(
        historyPath: environment["HOME"].map { $0 + "/.policy_repl_history" },
        complete: { session.complete($0) })
    {
      Output.write(
        lang == .zh
          ? "PolicyLang 交互环境。`:help` 查看帮助，Ctrl-D 退出。\n"
          : "PolicyLang REPL. `:help` for help, Ctrl-D to leave.\n")
      loop(session, interactive: true) { editor.read(prompt: $0) }
    } else {
      var reader = PlainLineReader()
      loop(session, interactive: false) { _ in reader.read() }
    }
  }

  func loop(_ session: ReplSession, interactive: Bool, read: (String) -> LineRead) {
    while !session.shouldQuit {
      switch read(session.prompt) {
      case .line(let line):
        _ = Interrupt.take()
        if let out = session.feed(line) { Output.write(out) }
        _ = Interrupt.take()
      case .interrupted:
        _ = Interrupt.take()
        session.cancelEntry()
        guard interactive else { Foundation.exit(130) }
        Output.write("\n")
      case .end:
        if session.isContinuing, let out = session.feed("") { Output.write(out) }
        if interactive { Output.write("\n") }
        return
      }
    }
  }
}
