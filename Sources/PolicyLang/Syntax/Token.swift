/// The smallest meaningful pieces of a policy file.
public enum TokenKind: Equatable, Sendable {
  /// A name: ASCII or Unicode letters, digits and `_`. Clause words such as
  /// `severity` are names too; the parser gives them meaning by position, so a
  /// filing may still have a field called `title` or `source`.
  case name
  /// Reserved words that may appear inside expressions.
  case keyword(Keyword)
  /// `12`, `1_000`, `3.25`: the text keeps underscores out.
  case number
  /// `120%`
  case percent
  /// `3.5亿`, `120万元`, `800元`: money in yuan.
  case money
  /// `2019-12-12`
  case date
  /// A string literal; its parts are in `Token.parts`.
  case string
  /// An article citation after `cites`: `三（一）`, `二(二)`.
  case article
  case symbol(Symbol)
  case eof
}

public enum Keyword: String, Sendable, CaseIterable {
  case and, or, not, `if`, then, `else`, `in`, `is`, present, absent
  case `true`, `false`, `where`, when, of, with, filing, it
}

public enum Symbol: String, Sendable, CaseIterable {
  case lparen = "("
  case rparen = ")"
  case lbrace = "{"
  case rbrace = "}"
  case lbracket = "["
  case rbracket = "]"
  case comma = ","
  case colon = ":"
  case dot = "."
  case plus = "+"
  case minus = "-"
  case star = "*"
  case slash = "/"
  case eq = "=="
  case ne = "!="
  case lt = "<"
  case le = "<="
  case gt = ">"
  case ge = ">="
  case assign = "="
  case question = "?"
  case coalesce = "??"
}

/// A piece of a string literal: literal text, or an interpolated expression
/// whose source range is parsed separately.
public enum StringPart: Equatable, Sendable {
  case text(String)
  case interpolation(SourceSpan)
}

public struct Token: Sendable, Equatable {
  public var kind: TokenKind
  public var span: SourceSpan
  /// The token's meaning as text: a name, the digits of a number without `_`
  /// and suffix, a normalised article.
  public var text: String
  public var parts: [StringPart] = []
  /// True when a line break separates this token from the one before it.
  public var startsLine = false

  public func `is`(_ s: Symbol) -> Bool { kind == .symbol(s) }
  public func `is`(_ k: Keyword) -> Bool { kind == .keyword(k) }
  public func isName(_ word: String) -> Bool { kind == .name && text == word }
}

/// A comment, kept so that the formatter can put it back.
public struct Comment: Sendable, Equatable {
  public var span: SourceSpan
  public var text: String
  /// True when code precedes the comment on its line.
  public var trailing: Bool
}
