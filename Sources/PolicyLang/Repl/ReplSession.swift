import Foundation

/// An analyst's session at the prompt, independent of any terminal: it takes
/// lines and returns the text to show. It holds the loaded policies, the
/// declarations made at the prompt, the loaded filings and the filing in
/// scope. `policy-repl` wraps it in a line editor; tests drive it directly.
///
/// Every error is shown and the session goes on: nothing typed can end it
/// except `:quit` (or the end of input).
public final class ReplSession {
  public var language: Language
  public var color: Bool
  /// Polled between filings in long runs (`:check`, queries); the front end
  /// sets it from Ctrl-C.
  public var isInterrupted: () -> Bool = { false }
  /// Loaded, as by `policy check`, the first time anything needs policies
  /// and none have been loaded; nil for none.
  public var defaultPolicyPath: String? = "policies"
  public internal(set) var shouldQuit = false
  public private(set) var input = ReplInput()
  public internal(set) var program: Program?

  var policyPaths: [String] = []
  /// The policy files as last loaded from disk.
  var baseFiles: [PolicyFile] = []
  /// Declarations made at the prompt, oldest first.
  var promptEntries: [PromptEntry] = []
  var overrides: [String: Value] = [:]
  var corpus = ReplCorpus()
  var scopeID: String?
  var entryCount = 0
  var triedDefault = false

  public init(language: Language = .zh, color: Bool = false) {
    self.language = language
    self.color = color
  }

  // MARK: - input

  /// Takes one line; returns the output once an entry is complete, or nil
  /// while more lines are needed.
  public func feed(_ line: String) -> String? {
    // A command ends an unfinished entry: it is run as it stands (and its
    // errors shown) rather than swallowing the command.
    if input.isContinuing, line.drop(while: { $0 == " " || $0 == "\t" }).hasPrefix(":") {
      let pending = input.lines.joined(separator: "\n")
      input.clear()
      return execute(pending) + execute(line)
    }
    guard let entry = input.add(line) else { return nil }
    return execute(entry)
  }

  /// Abandons a partly typed entry (Ctrl-C).
  public func cancelEntry() { input.clear() }

  public var isContinuing: Bool { input.isContinuing }

  /// `policy> `, with the filing in scope: `policy D-1> `; `...> ` while an
  /// entry goes on.
  public var prompt: String {
    let main = scopeID.map { "policy \($0)> " } ?? "policy> "
    guard input.isContinuing else { return main }
    let dots = "...> "
    return String(repeating: " ", count: max(0, DisplayWidth.of(main) - dots.count)) + dots
  }

  /// Runs one complete entry: a command, a declaration or an expression.
  public func execute(_ entry: String) -> String {
    let trimmed = entry.trimmingCharacters(in: .whitespacesAndNewlines)
    if trimmed.isEmpty { return "" }
    if trimmed.hasPrefix(":") { return command(trimmed) }
    let note = ensureDefaultPolicies()
    let tokens = Lexer.tokenize(SourceFile(path: "<input>", text: trimmed)).tokens
    if ReplInput.isDeclaration(tokens) { return note + declare(entry) }
    return note + evaluate(entry)
  }

  // MARK: - language and colour

  func t(_ zh: String, _ en: String) -> String { language == .zh ? zh : en }

  func paint(_ s: String, _ code: String) -> String {
    color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s
  }

  var renderer: DiagnosticRenderer { DiagnosticRenderer(color: color) }
  var presenter: ValuePresenter { ValuePresenter(language: language) }
  var report: TextReport { TextReport(language: language, color: color, showEvidence: true) }

  func render(_ ds: [Diagnostic]) -> String {
    ds.isEmpty ? "" : renderer.render(ds.sortedByLocation())
  }

  /// A problem with what was typed that has no source position: shown like
  /// a diagnostic without a code.
  func problem(_ message: String, hint: String? = nil) -> String {
    var s = paint(t("错误", "error"), "31;1") + paint(": \(message)", "1") + "\n"
    if let hint { s += "  = \(t("提示", "help")): \(hint)\n" }
    return s
  }

  func note(_ s: String) -> String { paint(s, "2") + "\n" }

  func didYouMean(_ word: String, _ candidates: some Sequence<String>) -> String? {
    suggestion(for: word, among: candidates).map { t("是否想输入 `\($0)`？", "did you mean `\($0)`?") }
  }

  // MARK: - state

  /// The filing in scope, once validated.
  var scopeEntry: ReplCorpus.Entry? {
    guard let scopeID else { return nil }
    return corpus.entries(id: scopeID).first { $0.record != nil }
  }

  func setProgram(_ p: Program?) {
    program = p
    corpus.validate(with: p)
  }

  /// Loads `./policies` the first time policies are needed, as `policy check`
  /// does without `--policy`. Nothing is loaded before the first prompt.
  func ensureDefaultPolicies() -> String {
    guard !triedDefault else { return "" }
    triedDefault = true
    guard policyPaths.isEmpty, let path = defaultPolicyPath else { return "" }
    var isDir: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue
    else { return "" }
    return loadPolicies([path])
  }

  func requireProgram() -> (Program?, String) {
    let out = ensureDefaultPolicies()
    guard let program else {
      return (
        nil,
        out
          + problem(
            t("还没有加载策略", "no policies are loaded"),
            hint: t(
              "用 `:load PATH` 加载 .policy 文件或目录",
              "load .policy files or directories with `:load PATH`")
          )
      )
    }
    return (program, out)
  }
}
