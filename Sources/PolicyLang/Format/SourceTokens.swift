/// Surface details the syntax tree does not keep, read back from the tokens of
/// a span: the formatter prints them as the author wrote them.
struct SourceTokens {
  let source: SourceFile

  private func tokens(_ span: SourceSpan) -> [Token] {
    Lexer.tokenize(source, range: span).tokens.filter { $0.kind != .eof }
  }

  /// Where the next `keyword` after `offset` starts, past closing
  /// parentheses, spaces and comments.
  func next(_ keyword: Keyword, from offset: Int) -> Int? {
    var lexer = Lexer(source: source, range: SourceSpan(offset, source.bytes.count))
    while true {
      let t = lexer.next()
      if t.is(keyword) { return t.span.start }
      if !t.is(.rparen) { return nil }
    }
  }

  /// The adjacent literals that make up one string (`"…" "…"` over lines).
  func stringPieces(_ span: SourceSpan) -> [SourceSpan] {
    tokens(span).filter { $0.kind == .string }.map(\.span)
  }

  /// The article after `cites`, as written.
  func article(in citation: SourceSpan) -> String? {
    tokens(citation).first { $0.kind == .article }.map { source.slice($0.span) }
  }

  /// A duration's unit as written, `day` or `days`: the ASCII word that ends
  /// its span (read backwards, so that a long chain is not read again and again).
  func unitWord(of span: SourceSpan) -> String {
    let bytes = source.bytes
    var start = min(span.end, bytes.count)
    while start > span.start, case let b = bytes[start - 1],
      b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")
    {
      start -= 1
    }
    return source.slice(SourceSpan(start, span.end))
  }

  /// `is present`, `is absent`, `is not present` or `is not absent`, as written.
  func presenceWords(_ span: SourceSpan) -> String? {
    let ts = tokens(span)
    guard let last = ts.last, last.is(.present) || last.is(.absent), ts.count >= 2 else {
      return nil
    }
    let negated = ts[ts.count - 2].is(.not)
    return negated ? "is not \(last.text)" : "is \(last.text)"
  }
}
