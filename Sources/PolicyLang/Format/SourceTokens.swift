/// Surface details the syntax tree does not keep, read back from the tokens of
/// a span: the formatter prints them as the author wrote them.
struct SourceTokens {
  let source: SourceFile

  private func tokens(_ span: SourceSpan) -> [Token] {
    Lexer.tokenize(source, range: span).tokens.filter { $0.kind != .eof }
  }

  /// The adjacent literals that make up one string (`"…" "…"` over lines).
  func stringPieces(_ span: SourceSpan) -> [SourceSpan] {
    tokens(span).filter { $0.kind == .string }.map(\.span)
  }

  /// The article after `cites`, as written.
  func article(in citation: SourceSpan) -> String? {
    tokens(citation).first { $0.kind == .article }.map { source.slice($0.span) }
  }

  /// The last word of a span: a duration's unit, `day` or `days`.
  func lastWord(of span: SourceSpan) -> String {
    tokens(span).last.map { source.slice($0.span) } ?? ""
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
