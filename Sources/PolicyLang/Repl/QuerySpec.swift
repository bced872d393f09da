/// The clauses of a query, as spans of the line it was typed on:
///
///     :query KIND [where CONDITION] [group by EXPR, …] [select ITEM, …]
///            [sort by COLUMN [desc], …] [limit N]
///
/// KIND is a filing kind or `*` for every kind. The clauses may come in any
/// order, each at most once. The expressions are the language's, so they are
/// parsed and checked by its parser and checker; this only finds where each
/// clause begins, at the outermost bracket level.
struct QuerySpec {
  var kind: String
  var kindSpan: SourceSpan
  var condition: SourceSpan?
  var groups: [SourceSpan] = []
  var selects: [SourceSpan] = []
  var sorts: [(span: SourceSpan, descending: Bool)] = []
  var limit: Int?

  enum Clause: String {
    case start, `where`
    case group = "group by"
    case select
    case sort = "sort by"
    case limit
  }

  static func parse(_ source: SourceFile, range: SourceSpan) -> Result<QuerySpec, Diagnostic> {
    let lexed = Lexer.tokenize(source, range: range)
    if let d = lexed.diagnostics.first(where: { $0.severity == .error }) { return .failure(d) }
    let tokens = lexed.tokens.filter { $0.kind != .eof }
    func fail(_ message: String, _ span: SourceSpan, hint: String? = nil) -> Result<
      QuerySpec, Diagnostic
    > {
      .failure(Diagnostic(.expectedToken, message, source: source, span: span, hint: hint))
    }
    guard let first = tokens.first else {
      return fail("expected a filing kind after `:query`", range)
    }
    var spec: QuerySpec
    if first.is(.star) {
      spec = QuerySpec(kind: "*", kindSpan: first.span)
    } else if first.kind == .name {
      spec = QuerySpec(kind: first.text, kindSpan: first.span)
    } else {
      return fail(
        "expected a filing kind or `*` after `:query`, found `\(source.slice(first.span))`",
        first.span)
    }
    var clauses: [(Clause, Token, [Token])] = []
    var depth = 0
    var i = 1
    while i < tokens.count {
      let tok = tokens[i]
      let next = i + 1 < tokens.count ? tokens[i + 1] : nil
      var opened: Clause? = nil
      if depth == 0 {
        if tok.is(.where) {
          // A later `where` is a list filter inside the condition.
          if !clauses.contains(where: { $0.0 == .where }) { opened = .where }
        } else if tok.isName("group"), next?.isName("by") == true {
          opened = .group
        } else if tok.isName("select") {
          opened = .select
        } else if tok.isName("sort") || tok.isName("order"), next?.isName("by") == true {
          opened = .sort
        } else if tok.isName("limit") {
          opened = .limit
        }
      }
      if let c = opened {
        if clauses.contains(where: { $0.0 == c }) {
          return fail("a query has one `\(c.rawValue)` clause", tok.span)
        }
        clauses.append((c, tok, []))
        i += c == .group || c == .sort ? 2 : 1
        continue
      }
      guard !clauses.isEmpty else {
        return fail(
          "expected `where`, `group by`, `select`, `sort by` or `limit`, found `\(source.slice(tok.span))`",
          tok.span, hint: "for example `:query debt where debt_balance > debt_limit`")
      }
      switch tok.kind {
      case .symbol(.lparen), .symbol(.lbracket), .symbol(.lbrace): depth += 1
      case .symbol(.rparen), .symbol(.rbracket), .symbol(.rbrace): depth -= 1
      default: break
      }
      clauses[clauses.count - 1].2.append(tok)
      i += 1
    }
    for (clause, word, body) in clauses {
      guard let head = body.first, let tail = body.last else {
        return fail("expected something after `\(clause.rawValue)`", word.span)
      }
      switch clause {
      case .start: break
      case .where: spec.condition = SourceSpan(head.span.start, tail.span.end)
      case .group, .select, .sort:
        var items: [[Token]] = [[]]
        var d = 0
        for t in body {
          switch t.kind {
          case .symbol(.lparen), .symbol(.lbracket), .symbol(.lbrace): d += 1
          case .symbol(.rparen), .symbol(.rbracket), .symbol(.rbrace): d -= 1
          default: break
          }
          if d == 0, t.is(.comma) {
            items.append([])
          } else {
            items[items.count - 1].append(t)
          }
        }
        for var item in items {
          guard let a = item.first, let b = item.last else {
            return fail("expected an expression in `\(clause.rawValue)`, between commas", word.span)
          }
          var span = SourceSpan(a.span.start, b.span.end)
          switch clause {
          case .group: spec.groups.append(span)
          case .select: spec.selects.append(span)
          default:
            var descending = false
            if item.count > 1, b.isName("desc") || b.isName("asc") {
              descending = b.isName("desc")
              item.removeLast()
              span = SourceSpan(a.span.start, item[item.count - 1].span.end)
            }
            spec.sorts.append((span, descending))
          }
        }
      case .limit:
        guard body.count == 1, head.kind == .number, let n = Int(head.text), n >= 0 else {
          return fail(
            "`limit` needs a whole number, found `\(source.slice(SourceSpan(head.span.start, tail.span.end)))`",
            head.span)
        }
        spec.limit = n
      }
    }
    return .success(spec)
  }
}
