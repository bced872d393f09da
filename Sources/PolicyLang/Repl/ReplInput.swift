/// Collects the lines of one entry at the prompt. A command (`:…`) is one
/// line. A `rule` or `test` declaration goes on until a blank line, since its
/// clauses start on lines of their own. Anything else goes on while a
/// bracket, brace or parenthesis is open or the line ends with an operator
/// (`and`, `+`, `,` …). A string cannot span lines (the language joins
/// adjacent strings instead), so an open string ends the entry with an error.
public struct ReplInput: Sendable {
  public private(set) var lines: [String] = []

  public init() {}

  /// True while an entry has begun and is not complete.
  public var isContinuing: Bool { !lines.isEmpty }

  public mutating func clear() { lines = [] }

  /// Adds one line; returns the whole entry once it is complete.
  public mutating func add(_ line: String) -> String? {
    let blank = line.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\u{3000}" }
    if lines.isEmpty {
      if blank { return "" }
      if line.drop(while: { $0 == " " || $0 == "\t" }).hasPrefix(":") { return line }
    }
    if blank {
      let entry = lines.joined(separator: "\n")
      lines = []
      return entry
    }
    lines.append(line)
    let text = lines.joined(separator: "\n")
    if ReplInput.endsAtBlankLine(text) { return nil }
    if ReplInput.isOpen(text) { return nil }
    lines = []
    return text
  }

  static let blockWords: Set<String> = ["rule", "test"]

  /// A `rule` or `test` declaration: its clauses follow on later lines.
  static func endsAtBlankLine(_ text: String) -> Bool {
    let tokens = Lexer.tokenize(SourceFile(path: "<input>", text: text)).tokens
    guard let first = tokens.first, first.kind == .name, blockWords.contains(first.text) else {
      return false
    }
    return tokens.count == 1 || tokens[1].kind == .eof || isDeclaration(tokens)
  }

  static let declarationWords: Set<String> = [
    "policy", "param", "record", "define", "rule", "fixture", "test",
  ]

  /// Whether tokens begin a declaration rather than an expression: a
  /// declaration word followed by a name or string (`rule no-arrears …`,
  /// `test "…"`, `filing debt {`), where an expression would have an operator.
  static func isDeclaration(_ tokens: [Token]) -> Bool {
    guard tokens.count > 1 else { return false }
    let first = tokens[0]
    let second = tokens[1]
    if first.is(.filing) { return second.kind == .name }
    guard first.kind == .name, declarationWords.contains(first.text) else { return false }
    switch second.kind {
    case .name, .string: return true
    case .keyword: return first.text == "rule"
    default: return false
    }
  }

  static let continuingKeywords: Set<Keyword> = [
    .and, .or, .not, .if, .then, .else, .in, .is, .where, .when, .of, .with,
  ]

  /// Whether a bracket is open or the text ends with an operator.
  static func isOpen(_ text: String) -> Bool {
    let lexed = Lexer.tokenize(SourceFile(path: "<input>", text: text))
    if lexed.diagnostics.contains(where: { $0.code == .unterminatedString }) { return false }
    var depth = 0
    for t in lexed.tokens {
      switch t.kind {
      case .symbol(.lparen), .symbol(.lbracket), .symbol(.lbrace): depth += 1
      case .symbol(.rparen), .symbol(.rbracket), .symbol(.rbrace): depth -= 1
      default: break
      }
    }
    if depth > 0 { return true }
    if depth < 0 { return false }
    let significant = lexed.tokens.filter { $0.kind != .eof }
    guard let last = significant.last else { return false }
    switch last.kind {
    case .symbol(let s):
      return [
        .plus, .minus, .star, .slash, .eq, .ne, .lt, .le, .gt, .ge, .comma, .coalesce, .assign,
        .colon, .dot,
      ]
      .contains(s)
    case .keyword(let k): return continuingKeywords.contains(k)
    default: return false
    }
  }
}
