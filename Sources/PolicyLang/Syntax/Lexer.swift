/// Turns the bytes of a policy file into tokens. It never stops at an error: a
/// bad character becomes a diagnostic and is skipped, so one run reports every
/// problem in a file.
public struct Lexer {
  let source: SourceFile
  let bytes: [UInt8]
  var pos: Int
  let end: Int
  public private(set) var diagnostics: [Diagnostic] = []
  public private(set) var comments: [Comment] = []
  private var sawNewline = true
  private var lastSignificantLine = -1
  private var previous: Token?

  public init(source: SourceFile, range: SourceSpan? = nil) {
    self.source = source
    self.bytes = source.bytes
    self.pos = range?.start ?? 0
    self.end = range?.end ?? source.bytes.count
    if range == nil, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { pos = 3 }
  }

  public static func tokenize(_ source: SourceFile, range: SourceSpan? = nil) -> (
    tokens: [Token], comments: [Comment], diagnostics: [Diagnostic]
  ) {
    var lexer = Lexer(source: source, range: range)
    var tokens: [Token] = []
    while true {
      let t = lexer.next()
      tokens.append(t)
      if t.kind == .eof { break }
    }
    return (tokens, lexer.comments, lexer.diagnostics)
  }

  public mutating func next() -> Token {
    skipTrivia()
    let startsLine = sawNewline
    sawNewline = false
    var token = scan()
    token.startsLine = startsLine
    previous = token
    return token
  }

  // MARK: - trivia

  private mutating func skipTrivia() {
    while pos < end {
      let b = bytes[pos]
      if b == 0x20 || b == 0x09 || b == 0x0D {
        pos += 1
      } else if b == 0x0A {
        sawNewline = true
        pos += 1
      } else if b == UInt8(ascii: "#") {
        let start = pos
        while pos < end, bytes[pos] != 0x0A { pos += 1 }
        var e = pos
        while e > start, bytes[e - 1] == 0x0D || bytes[e - 1] == 0x20 { e -= 1 }
        let text = String(decoding: bytes[start..<e], as: UTF8.self)
        comments.append(Comment(span: SourceSpan(start, e), text: text, trailing: !sawNewline))
      } else if b == 0xE3, pos + 2 < end, bytes[pos + 1] == 0x80, bytes[pos + 2] == 0x80 {
        pos += 3  // U+3000 ideographic space, common in pasted Chinese text
      } else {
        return
      }
    }
  }

  // MARK: - tokens

  /// The next token. Characters that start no token are reported and
  /// skipped in a loop, not by recursion: a file of a million stray bytes must
  /// not exhaust the stack.
  private mutating func scan() -> Token {
    while true {
      if let token = scanOne() { return token }
      skipTrivia()
    }
  }

  private mutating func scanOne() -> Token? {
    guard pos < end else { return Token(kind: .eof, span: SourceSpan(end, end), text: "") }
    let start = pos
    let b = bytes[pos]
    if let p = previous, p.isName("cites") {
      return scanArticle()
    }
    if isDigit(b) { return scanNumber() }
    if b == UInt8(ascii: "\"") { return scanString() }
    if isNameStart(at: pos) { return scanName() }
    if let sym = scanSymbol() {
      return Token(kind: .symbol(sym), span: SourceSpan(start, pos), text: sym.rawValue)
    }
    let (scalar, width) = decodeScalar(at: pos)
    pos += width
    let shown = scalar.map { String(Character($0)) } ?? "\\x" + String(b, radix: 16)
    report(
      scalar == nil ? .invalidUTF8 : .unexpectedCharacter,
      scalar == nil ? "invalid UTF-8 byte in policy source" : "unexpected character `\(shown)`",
      SourceSpan(start, pos),
      hint: fullWidthHint(scalar))
    // Read a full-width operator as the ASCII one it stands for, so that one
    // slip is one error and not a cascade.
    if let s = scalar, let ascii = Lexer.fullWidth[s], let sym = Symbol(rawValue: ascii) {
      return Token(kind: .symbol(sym), span: SourceSpan(start, pos), text: ascii)
    }
    return nil
  }

  private mutating func scanName() -> Token {
    let start = pos
    while pos < end, isNameContinue(at: pos) { pos += scalarWidth(at: pos) }
    let text = String(decoding: bytes[start..<pos], as: UTF8.self)
    if let k = Keyword(rawValue: text) {
      return Token(kind: .keyword(k), span: SourceSpan(start, pos), text: text)
    }
    return Token(kind: .name, span: SourceSpan(start, pos), text: text)
  }

  /// After `cites`: one run of non-space characters such as `三（一）` or
  /// `二（二）、二（三）`. ASCII brackets and commas are normalised to the full-width
  /// forms the decision itself prints, so `三(一)` and `三（一）` cite the same article.
  private mutating func scanArticle() -> Token {
    let start = pos
    while pos < end {
      let b = bytes[pos]
      if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { break }
      pos += scalarWidth(at: pos)
    }
    let raw = String(decoding: bytes[start..<pos], as: UTF8.self)
    return Token(kind: .article, span: SourceSpan(start, pos), text: Lexer.normaliseArticle(raw))
  }

  public static func normaliseArticle(_ raw: String) -> String {
    var out = ""
    for ch in raw {
      switch ch {
      case "(": out.append("（")
      case ")": out.append("）")
      case ",", "，": out.append("、")
      default: out.append(ch)
      }
    }
    return out
  }

  private mutating func scanNumber() -> Token {
    let start = pos
    // A date: four digits, dash, two digits, dash, two digits.
    if pos + 10 <= end, isDigit(bytes[pos]), isDigit(bytes[pos + 1]), isDigit(bytes[pos + 2]),
      isDigit(bytes[pos + 3]), bytes[pos + 4] == UInt8(ascii: "-"), isDigit(bytes[pos + 5]),
      isDigit(bytes[pos + 6]), bytes[pos + 7] == UInt8(ascii: "-"), isDigit(bytes[pos + 8]),
      isDigit(bytes[pos + 9]), pos + 10 == end || !isDigit(bytes[pos + 10])
    {
      pos += 10
      return Token(
        kind: .date, span: SourceSpan(start, pos),
        text: String(decoding: bytes[start..<pos], as: UTF8.self))
    }
    var digits = ""
    var bad = false
    func take(_ lexer: inout Lexer) {
      while lexer.pos < lexer.end {
        let c = lexer.bytes[lexer.pos]
        if lexer.isDigit(c) {
          digits.append(Character(Unicode.Scalar(c)))
        } else if c == UInt8(ascii: "_") {
          let next = lexer.pos + 1 < lexer.end ? lexer.bytes[lexer.pos + 1] : 0
          if !lexer.isDigit(next) { bad = true }
        } else {
          break
        }
        lexer.pos += 1
      }
    }
    take(&self)
    if pos + 1 < end, bytes[pos] == UInt8(ascii: "."), isDigit(bytes[pos + 1]) {
      digits.append(".")
      pos += 1
      take(&self)
    }
    if digits.count > 1, digits.first == "0", digits.dropFirst().first != "." { bad = true }
    // Suffixes: 120%, 3.5亿, 120万元, 800元.
    var kind = TokenKind.number
    var text = digits
    if pos < end, bytes[pos] == UInt8(ascii: "%") {
      pos += 1
      kind = .percent
      text += "e-2"
    } else if matches("亿") {
      kind = .money
      text += "e8"
      _ = matches("元")
    } else if matches("万") {
      kind = .money
      text += "e4"
      _ = matches("元")
    } else if matches("元") {
      kind = .money
    }
    if pos < end, isNameStart(at: pos), kind == .number || kind == .percent {
      // `12abc` is not a number followed by a name; it is a typo.
      let s = pos
      while pos < end, isNameContinue(at: pos) { pos += scalarWidth(at: pos) }
      let suffix = String(decoding: bytes[s..<pos], as: UTF8.self)
      if !["day", "days", "month", "months", "year", "years"].contains(suffix) {
        report(
          .badNumber, "unexpected `\(suffix)` after number", SourceSpan(start, pos),
          hint: "put a space between a number and a name")
      }
      pos = s
    }
    if bad {
      report(
        .badNumber, "malformed number `\(String(decoding: bytes[start..<pos], as: UTF8.self))`",
        SourceSpan(start, pos),
        hint: "write digits without leading zeros; `_` may only stand between digits")
    }
    return Token(kind: kind, span: SourceSpan(start, pos), text: text)
  }

  /// After `\\`: `u{…}` with one to six hexadecimal digits naming a Unicode
  /// scalar. Moves past it; when malformed, moves past the `u` only.
  private mutating func unicodeEscape() -> Unicode.Scalar? {
    pos += 1
    guard pos < end, bytes[pos] == UInt8(ascii: "{") else { return nil }
    var i = pos + 1
    var value: UInt32 = 0
    var digits = 0
    while i < end, digits <= 6, let d = Lexer.hexDigit(bytes[i]) {
      value = value * 16 + d
      digits += 1
      i += 1
    }
    guard (1...6).contains(digits), i < end, bytes[i] == UInt8(ascii: "}"),
      let scalar = Unicode.Scalar(value)
    else { return nil }
    pos = i + 1
    return scalar
  }

  static func hexDigit(_ c: UInt8) -> UInt32? {
    switch c {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(c - UInt8(ascii: "0"))
    case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(c - UInt8(ascii: "a")) + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(c - UInt8(ascii: "A")) + 10
    default: nil
    }
  }

  private mutating func matches(_ s: String) -> Bool {
    let u = Array(s.utf8)
    guard pos + u.count <= end, Array(bytes[pos..<pos + u.count]) == u else { return false }
    pos += u.count
    return true
  }

  /// A string literal. `{expr}` interpolates; `\{` is a literal brace. The
  /// source range of each interpolation is kept and parsed as an expression later.
  private mutating func scanString() -> Token {
    let start = pos
    pos += 1
    var parts: [StringPart] = []
    var buf: [UInt8] = []
    func flush() {
      if !buf.isEmpty {
        parts.append(.text(String(decoding: buf, as: UTF8.self)))
        buf.removeAll()
      }
    }
    while true {
      guard pos < end, bytes[pos] != 0x0A else {
        report(
          .unterminatedString, "unterminated string", SourceSpan(start, pos),
          hint: "close the string with `\"` on the same line; adjacent strings are joined")
        break
      }
      let b = bytes[pos]
      if b == UInt8(ascii: "\"") {
        pos += 1
        break
      }
      if b == UInt8(ascii: "\\") {
        let escStart = pos
        pos += 1
        guard pos < end else { continue }
        switch bytes[pos] {
        case UInt8(ascii: "n"): buf.append(0x0A)
        case UInt8(ascii: "t"): buf.append(0x09)
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "{"), UInt8(ascii: "}"):
          buf.append(bytes[pos])
        case UInt8(ascii: "u"):
          // `\u{3000}`: characters that cannot be seen, such as a full-width space.
          if let scalar = unicodeEscape() {
            buf.append(contentsOf: Array(String(Character(scalar)).utf8))
          } else {
            report(
              .badEscape, "malformed `\\u{…}` escape", SourceSpan(escStart, pos + 1),
              hint: "write one to six hexadecimal digits naming a character, like `\\u{3000}`")
          }
          continue
        default:
          report(
            .badEscape, "unknown escape in string", SourceSpan(escStart, pos + 1),
            hint: "use `\\\"`, `\\\\`, `\\n`, `\\t`, `\\{`, `\\}` or `\\u{3000}`")
        }
        pos += 1
        continue
      }
      if b == UInt8(ascii: "{") {
        flush()
        let exprStart = pos + 1
        pos += 1
        skipInterpolation()
        if pos < end, bytes[pos] == UInt8(ascii: "}") {
          parts.append(.interpolation(SourceSpan(exprStart, pos)))
          pos += 1
        } else {
          report(
            .unterminatedString, "unterminated interpolation", SourceSpan(exprStart - 1, pos),
            hint: "close `{` with `}`, or write `\\{` for a literal brace")
        }
        continue
      }
      if b < 0x20 && b != 0x09 {
        report(.unexpectedCharacter, "control character in string", SourceSpan(pos, pos + 1))
        pos += 1
        continue
      }
      let w = scalarWidth(at: pos)
      if decodeScalar(at: pos).0 == nil {
        report(.invalidUTF8, "invalid UTF-8 byte in string", SourceSpan(pos, pos + 1))
        pos += 1
        continue
      }
      buf.append(contentsOf: bytes[pos..<pos + w])
      pos += w
    }
    flush()
    return Token(kind: .string, span: SourceSpan(start, pos), text: "", parts: parts)
  }

  /// Moves past an interpolation's expression to its closing `}`, stepping
  /// over nested strings (which may hold interpolations of their own).
  /// An interpolation may span lines, so that a long `if … else …` reads well.
  /// Nesting is tracked on an explicit stack rather than by recursion, so that
  /// `"{"{"{…` a hundred thousand levels deep cannot overflow the stack; the
  /// parser then refuses it as too deeply nested.
  private mutating func skipInterpolation() {
    // Each entry is an open construct: an interpolation (with its count of
    // unmatched `{`) or a string nested inside one.
    enum Open {
      case interpolation(braces: Int)
      case string
    }
    var stack: [Open] = [.interpolation(braces: 1)]
    while pos < end, let top = stack.last {
      let c = bytes[pos]
      switch top {
      case .interpolation(let braces):
        if c == UInt8(ascii: "\"") {
          stack.append(.string)
        } else if c == UInt8(ascii: "{") {
          stack[stack.count - 1] = .interpolation(braces: braces + 1)
        } else if c == UInt8(ascii: "}") {
          if braces == 1 {
            stack.removeLast()
            // The outermost interpolation ends at its `}`, which the caller consumes.
            if stack.isEmpty { return }
          } else {
            stack[stack.count - 1] = .interpolation(braces: braces - 1)
          }
        }
        pos += 1
      case .string:
        if c == 0x0A {
          // An unterminated nested string ends at the line end.
          stack.removeLast()
        } else if c == UInt8(ascii: "\\") {
          pos += 2
        } else if c == UInt8(ascii: "\"") {
          stack.removeLast()
          pos += 1
        } else if c == UInt8(ascii: "{") {
          stack.append(.interpolation(braces: 1))
          pos += 1
        } else {
          pos += 1
        }
      }
    }
    pos = min(pos, end)
  }

  private mutating func scanSymbol() -> Symbol? {
    let b = bytes[pos]
    let next: UInt8 = pos + 1 < end ? bytes[pos + 1] : 0
    func two(_ s: Symbol) -> Symbol {
      pos += 2
      return s
    }
    func one(_ s: Symbol) -> Symbol {
      pos += 1
      return s
    }
    switch b {
    case UInt8(ascii: "("): return one(.lparen)
    case UInt8(ascii: ")"): return one(.rparen)
    case UInt8(ascii: "{"): return one(.lbrace)
    case UInt8(ascii: "}"): return one(.rbrace)
    case UInt8(ascii: "["): return one(.lbracket)
    case UInt8(ascii: "]"): return one(.rbracket)
    case UInt8(ascii: ","): return one(.comma)
    case UInt8(ascii: ":"): return one(.colon)
    case UInt8(ascii: "."): return one(.dot)
    case UInt8(ascii: "+"): return one(.plus)
    case UInt8(ascii: "-"): return one(.minus)
    case UInt8(ascii: "*"): return one(.star)
    case UInt8(ascii: "/"): return one(.slash)
    case UInt8(ascii: "="): return next == UInt8(ascii: "=") ? two(.eq) : one(.assign)
    case UInt8(ascii: "!"): return next == UInt8(ascii: "=") ? two(.ne) : nil
    case UInt8(ascii: "<"): return next == UInt8(ascii: "=") ? two(.le) : one(.lt)
    case UInt8(ascii: ">"): return next == UInt8(ascii: "=") ? two(.ge) : one(.gt)
    case UInt8(ascii: "?"): return next == UInt8(ascii: "?") ? two(.coalesce) : one(.question)
    default: return nil
    }
  }

  // MARK: - characters

  func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

  private func isNameStart(at i: Int) -> Bool {
    let b = bytes[i]
    if b < 0x80 { return (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F }
    guard let s = decodeScalar(at: i).0 else { return false }
    return s.properties.isAlphabetic
  }

  private func isNameContinue(at i: Int) -> Bool {
    isNameStart(at: i) || isDigit(bytes[i])
  }

  func scalarWidth(at i: Int) -> Int {
    let b = bytes[i]
    let w = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1
    return min(w, end - i)
  }

  func decodeScalar(at i: Int) -> (Unicode.Scalar?, Int) {
    var it = bytes[i..<end].makeIterator()
    var decoder = UTF8()
    switch decoder.decode(&it) {
    case .scalarValue(let s): return (s, UTF8.width(s))
    default: return (nil, 1)
    }
  }

  static let fullWidth: [Unicode.Scalar: String] = [
    "（": "(", "）": ")", "，": ",", "：": ":", "“": "\"", "”": "\"", "＝": "=", "＜": "<",
    "＞": ">", "【": "[", "】": "]", "＋": "+", "－": "-", "＊": "*", "／": "/",
  ]

  private func fullWidthHint(_ s: Unicode.Scalar?) -> String? {
    guard let s else { return "save the file as UTF-8" }
    if let ascii = Lexer.fullWidth[s] {
      return "full-width `\(s)` is not an operator here; use `\(ascii)`"
    }
    return nil
  }

  private mutating func report(
    _ code: DiagnosticCode, _ message: String, _ span: SourceSpan, hint: String? = nil
  ) {
    diagnostics.append(Diagnostic(code, message, source: source, span: span, hint: hint))
  }
}
