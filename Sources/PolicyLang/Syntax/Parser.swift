/// Recursive-descent parser from tokens to `PolicyFile`. It reports every error
/// it can find: after a mistake it skips to the next clause or declaration that
/// starts a line and carries on (jlox's `synchronize`).
public struct Parser {
  let source: SourceFile
  var tokens: [Token]
  var index = 0
  var diagnostics: [Diagnostic] = []
  var comments: [Comment] = []
  var ids: IDAllocator
  var depth = 0
  let maxDepth: Int

  static let declarationWords: Set<String> = [
    "policy", "param", "record", "filing", "define", "rule", "fixture", "test",
  ]
  static let ruleClauseWords: Set<String> = [
    "cites", "on", "severity", "let", "forbid", "require", "unless", "because", "consequence",
    "effective",
  ]

  struct Failure: Error {}

  public final class IDAllocator {
    var next = 1
    public init() {}
    func take() -> Int {
      defer { next += 1 }
      return next
    }
  }

  init(source: SourceFile, range: SourceSpan? = nil, ids: IDAllocator, maxDepth: Int) {
    self.source = source
    let lexed = Lexer.tokenize(source, range: range)
    self.tokens = lexed.tokens
    self.comments = lexed.comments
    self.diagnostics = lexed.diagnostics
    self.ids = ids
    self.maxDepth = maxDepth
  }

  /// Parses a whole policy file. The file is always returned, with whatever
  /// declarations could be read; `diagnostics` says what could not.
  public static func parse(_ source: SourceFile, maxDepth: Int = 128) -> (
    PolicyFile, [Diagnostic]
  ) {
    var p = Parser(source: source, ids: IDAllocator(), maxDepth: maxDepth)
    var decls: [Declaration] = []
    while !p.at(.eof) {
      do {
        decls.append(try p.declaration())
      } catch {
        p.synchronize(toClause: false)
      }
    }
    return (PolicyFile(source: source, declarations: decls, comments: p.comments), p.diagnostics)
  }

  /// Parses one expression (the REPL, `--param` values, interpolations).
  public static func parseExpression(
    _ source: SourceFile, range: SourceSpan? = nil, ids: IDAllocator = IDAllocator(),
    maxDepth: Int = 128
  ) -> (Expr?, [Diagnostic]) {
    var p = Parser(source: source, range: range, ids: ids, maxDepth: maxDepth)
    do {
      let e = try p.expression()
      if !p.at(.eof) {
        p.error(.expectedToken, "expected end of expression, found \(p.describe(p.current))")
        return (nil, p.diagnostics)
      }
      return (e, p.diagnostics)
    } catch {
      return (nil, p.diagnostics)
    }
  }

  // MARK: - token helpers

  var current: Token { tokens[index] }
  var previousToken: Token { tokens[max(0, index - 1)] }

  func peek(_ n: Int = 1) -> Token { tokens[min(index + n, tokens.count - 1)] }

  func at(_ kind: TokenKind) -> Bool { current.kind == kind }
  func at(_ s: Symbol) -> Bool { current.is(s) }
  func at(_ k: Keyword) -> Bool { current.is(k) }
  func atName(_ word: String) -> Bool { current.isName(word) }

  @discardableResult
  mutating func advance() -> Token {
    let t = tokens[index]
    if index < tokens.count - 1 { index += 1 }
    return t
  }

  mutating func accept(_ s: Symbol) -> Bool {
    if at(s) {
      advance()
      return true
    }
    return false
  }

  mutating func accept(_ k: Keyword) -> Bool {
    if at(k) {
      advance()
      return true
    }
    return false
  }

  mutating func acceptName(_ word: String) -> Bool {
    if atName(word) {
      advance()
      return true
    }
    return false
  }

  @discardableResult
  mutating func expect(_ s: Symbol, _ context: String) throws -> Token {
    if at(s) { return advance() }
    error(.expectedToken, "expected `\(s.rawValue)` \(context), found \(describe(current))")
    throw Failure()
  }

  mutating func expect(_ k: Keyword, _ context: String) throws {
    if accept(k) { return }
    error(.expectedToken, "expected `\(k.rawValue)` \(context), found \(describe(current))")
    throw Failure()
  }

  mutating func expectName(_ context: String) throws -> Name {
    if current.kind == .name {
      let t = advance()
      return Name(text: t.text, span: t.span)
    }
    var hint: String? = nil
    if case .keyword(let k) = current.kind {
      hint = "`\(k.rawValue)` is a reserved word; choose another name"
    }
    error(.expectedToken, "expected a name \(context), found \(describe(current))", hint: hint)
    throw Failure()
  }

  func describe(_ t: Token) -> String {
    switch t.kind {
    case .eof: return "end of file"
    case .string: return "a string"
    case .number, .percent, .money: return "number `\(source.slice(t.span))`"
    case .date: return "date `\(t.text)`"
    case .article: return "`\(t.text)`"
    case .name, .keyword, .symbol: return "`\(source.slice(t.span))`"
    }
  }

  mutating func error(
    _ code: DiagnosticCode, _ message: String, at span: SourceSpan? = nil, hint: String? = nil
  ) {
    let s = span ?? current.span
    // One error per position: recovery can otherwise report the same spot twice.
    if let last = diagnostics.last, last.span == s, last.source === source { return }
    diagnostics.append(Diagnostic(code, message, source: source, span: s, hint: hint))
  }

  /// Skips to the next token that starts a line and begins a declaration (or,
  /// inside a rule, a clause).
  mutating func synchronize(toClause: Bool) {
    if !at(.eof) { advance() }
    while !at(.eof) {
      let t = current
      if t.startsLine {
        if t.kind == .name && Parser.declarationWords.contains(t.text) { return }
        if t.is(.filing) { return }
        if toClause && t.kind == .name && Parser.ruleClauseWords.contains(t.text) { return }
      }
      advance()
    }
  }

  func atDeclarationStart() -> Bool {
    (current.kind == .name && Parser.declarationWords.contains(current.text)) || at(.filing)
  }

  func span(from start: SourceSpan) -> SourceSpan {
    SourceSpan(start.start, max(start.end, previousToken.span.end))
  }

  mutating func node(_ kind: ExprKind, _ span: SourceSpan) -> Expr {
    Expr(id: ids.take(), kind: kind, span: span)
  }
}
