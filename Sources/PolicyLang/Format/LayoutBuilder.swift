/// Builds the document of a parsed file in the canonical layout:
///
/// - declarations separated by one blank line;
/// - the clauses of a policy header, a param, a rule and a test each on a line
///   of its own, indented two spaces; a rule's clauses in the canonical order
///   (cites, on, let, severity, forbid or require, unless, because, consequence,
///   effective), the lets in the order written;
/// - a record's fields on one line when they fit, a filing's always one a line;
/// - lists, records written out and calls on one line when they fit, else one
///   element a line (lists with a trailing comma, records without commas);
/// - long conditions broken before `and`, `or`, `where` and other operators,
///   long assignments broken after `=`, `en "…"` moved to the next line.
///
/// Every piece that comments can belong to is wrapped in a `Doc.anchor`.
struct LayoutBuilder {
  let source: SourceFile
  let comments: [Comment]

  var gaps: SourceGaps { SourceGaps(source: source) }

  func file(_ f: PolicyFile) -> Doc {
    var parts: [Doc] = []
    for (i, d) in f.declarations.enumerated() {
      if i > 0 { parts += [.hardline, .hardline] }
      parts.append(.anchor(d.span, declaration(d)))
    }
    return .concat(parts)
  }

  func declaration(_ d: Declaration) -> Doc {
    switch d {
    case .policy(let h): policyHeader(h)
    case .param(let p): param(p)
    case .record(let r):
      .cat(
        .text("record \(r.name.text) "),
        block(r.fields.map { ($0.span, field($0)) }, alwaysBroken: false, commas: true))
    case .filing(let f):
      .cat(
        .text("filing \(f.name.text) "),
        block(
          f.fields.map { ($0.span, field($0)) } + f.invariants.map { ($0.span, invariant($0)) },
          alwaysBroken: true, commas: true))
    case .define(let d): define(d)
    case .rule(let r): rule(r)
    case .fixture(let f): .cat(.text("fixture \(f.name.text) ="), assigned(f.value))
    case .test(let t): test(t)
    }
  }

  // MARK: - declarations

  func policyHeader(_ h: PolicyHeader) -> Doc {
    var clauses: [Doc] = []
    if let t = h.title {
      clauses.append(.clause(span(of: t), .cat(.text("title "), bilingual(t))))
    }
    if let e = h.effective { clauses.append(.clause(e.span, effective(e))) }
    if let s = h.sourceText {
      clauses.append(.clause(s.span, .cat(.text("source "), stringBody(s))))
    }
    return .cat(.text("policy "), string(h.id), clauseLines(clauses))
  }

  func param(_ p: ParamDecl) -> Doc {
    var clauses: [Doc] = []
    if let d = p.doc { clauses.append(.clause(span(of: d), .cat(.text("doc "), bilingual(d)))) }
    if let e = p.effective { clauses.append(.clause(e.span, effective(e))) }
    // The first line is an anchor of its own, so that a comment after the
    // value does not break the value onto a line of its own.
    let head = Doc.anchor(
      p.name.span.to(p.value.span),
      .cat(.text("param \(p.name.text): \(typeText(p.type)) ="), assigned(p.value)))
    return .cat(head, clauseLines(clauses))
  }

  func field(_ f: FieldDecl) -> Doc {
    .text("\(f.name.text): \(typeText(f.type))")
  }

  func invariant(_ i: Invariant) -> Doc {
    .group(
      .text("invalid when "), expr(i.condition),
      .nest(.line, .anchor(i.message.span, .cat(.text("because "), stringBody(i.message)))))
  }

  func define(_ d: DefineDecl) -> Doc {
    var head: [Doc] = [.text("define \(d.name.text)")]
    if !d.parameters.isEmpty {
      let params = d.parameters.map { Doc.anchor($0.span, field($0)) }
      head.append(
        .group(
          .text("("), .nest(.softline, .join(params, .cat(.text(","), .line))), .softline,
          .text(")")))
    }
    head.append(.text(" ="))
    head.append(assigned(d.body))
    return .concat(head)
  }

  func rule(_ r: RuleDecl) -> Doc {
    var clauses: [Doc] = []
    if let c = r.citation {
      var parts: [Doc] = [.text("cites \(article(c))")]
      if let q = c.quote {
        parts.append(.nest(.line, .anchor(q.span, .cat(.text("quote "), stringBody(q)))))
      }
      clauses.append(.clause(c.span, .group(parts)))
    }
    if let kind = r.kind {
      var on: [Doc] = [.text("on \(kind.text)")]
      var sp = kind.span
      if let scope = r.scope {
        on += [.text(" where "), expr(scope)]
        sp = sp.to(scope.span)
      }
      clauses.append(.clause(sp, .concat(on)))
    }
    for l in r.lets {
      clauses.append(.clause(l.span, .cat(.text("let \(l.name.text) ="), assigned(l.value))))
    }
    if !r.severity.isEmpty { clauses.append(.clause(r.severitySpan, severity(r.severity))) }
    if let c = r.condition {
      let word = r.mode == .forbid ? "forbid " : "require "
      clauses.append(.clause(c.span, .cat(.text(word), expr(c))))
    }
    for x in r.exceptions { clauses.append(.clause(x.span, exception(x))) }
    if let m = r.message {
      clauses.append(.clause(span(of: m), .cat(.text("because "), bilingual(m))))
    }
    for c in r.consequences {
      clauses.append(.clause(span(of: c), .cat(.text("consequence "), bilingual(c))))
    }
    if let e = r.effective { clauses.append(.clause(e.span, effective(e))) }
    let header = Doc.cat(.text("rule \(r.id.text) "), bilingual(r.title, title: true))
    return .cat(header, clauseLines(clauses))
  }

  func severity(_ grades: [SeverityGrade]) -> Doc {
    guard let first = grades.first else { return .text("severity") }
    guard let firstCondition = first.condition else {
      return .text("severity \(first.severity.text)")
    }
    var rest: [Doc] = []
    for g in grades.dropFirst() {
      if let c = g.condition {
        rest += [.text(","), .line, .text("\(g.severity.text) when "), expr(c)]
      } else {
        rest += [.line, .text("else \(g.severity.text)")]
      }
    }
    return .group(
      .text("severity \(first.severity.text) when "), expr(firstCondition), .nest(rest))
  }

  func exception(_ x: Exception) -> Doc {
    if let label = x.label {
      return .group(.text("unless "), string(label), .text(":"), .nest(.line, expr(x.condition)))
    }
    // Without a label, a condition that starts with a string would be read as one.
    let first = startsWithString(x.condition) ? Precedence.parenthesised : 0
    return .cat(.text("unless "), expr(x.condition, first))
  }

  func test(_ t: TestDecl) -> Doc {
    var items: [(SourceSpan, Doc)] = []
    if let file = t.file {
      items.append(
        (
          file.span,
          .cat(
            .text("given file "), string(file.path), .text(" filing "), string(file.filing))
        ))
    } else {
      items.append((t.given.span, .cat(.text("given "), expr(t.given))))
    }
    for (name, value) in t.params {
      items.append((name.span.to(value.span), .cat(.text("param \(name.text) = "), expr(value))))
    }
    for (e, sp) in t.expectations {
      items.append((sp, .text("expect " + expectation(e))))
    }
    return .cat(
      .text("test "), string(t.name), .text(" "), block(items, alwaysBroken: true, commas: false))
  }

  func expectation(_ e: TestDecl.Expectation) -> String {
    switch e {
    case .fires(let rule, let severity, let mitigated):
      var s = rule.text
      if let severity { s += " " + severity.text }
      if mitigated { s += " mitigated" }
      return s
    case .doesNotFire(let rule): return "no " + rule.text
    case .nothing: return "nothing"
    case .invalid: return "invalid"
    }
  }

  // MARK: - pieces

  /// Clauses under a declaration's first line, indented.
  func clauseLines(_ clauses: [Doc]) -> Doc {
    .nest(clauses.flatMap { [Doc.hardline, $0] })
  }

  /// `{ … }` around fields or test clauses: on one line when it fits (unless
  /// `alwaysBroken`), else one item a line, keeping one blank line where the
  /// author left one between items.
  func block(_ items: [(SourceSpan, Doc)], alwaysBroken: Bool, commas: Bool) -> Doc {
    let line: Doc = alwaysBroken ? .hardline : .line
    guard !items.isEmpty else {
      return .group(.text("{"), .nest(.dangling(.none)), .softline, .text("}"))
    }
    var inner: [Doc] = [line]
    for (i, item) in items.enumerated() {
      if i > 0 {
        if commas && !alwaysBroken { inner.append(.ifBreak(.empty, .text(","))) }
        inner.append(line)
        if blankLineBetween(items[i - 1].0, item.0) { inner.append(.hardline) }
      }
      inner.append(.clause(item.0, item.1))
    }
    inner.append(.dangling(.none))
    return .group(.text("{"), .nest(inner), line, .text("}"))
  }

  /// Whether the author left a blank line between two items, above any
  /// comments that lead the second.
  func blankLineBetween(_ a: SourceSpan, _ b: SourceSpan) -> Bool {
    guard a.end <= b.start else { return false }
    let bytes = source.bytes
    var lineEnd = a.end
    while lineEnd < b.start, bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
    var until = b.start
    if let c = comments.first(where: { $0.span.start >= lineEnd && $0.span.end <= b.start }) {
      until = c.span.start
    }
    return gaps.hasBlankLine(from: lineEnd, to: until)
  }

  /// `= VALUE`: a value with brackets of its own stays on the line and breaks
  /// inside; a long condition or choice moves to the next line.
  func assigned(_ e: Expr) -> Doc {
    switch e.kind {
    case .binary, .filter, .conditional, .presence, .unary(.not, _):
      return .group(.nest(.line, expr(e)))
    default:
      return .cat(.text(" "), expr(e))
    }
  }

  /// `"…" en "…"`: the English on the next line when both do not fit, and
  /// always for a rule's title, so that rule headings read alike.
  func bilingual(_ b: Bilingual, title: Bool = false) -> Doc {
    guard let en = b.en else { return string(b.zh) }
    return .group(
      string(b.zh),
      .nest(
        title ? 4 : 2,
        .cat(title ? .hardline : .line, .anchor(en.span, .cat(.text("en "), stringBody(en))))))
  }

  func span(of b: Bilingual) -> SourceSpan {
    b.en.map { b.zh.span.to($0.span) } ?? b.zh.span
  }

  func effective(_ e: EffectivePeriod) -> Doc {
    var s = "effective"
    if let from = e.from { s += " " + from.text }
    if let until = e.until { s += " until " + until.text }
    return .text(s)
  }

  func typeText(_ t: TypeExpr) -> String {
    switch t {
    case .named(let n): n.text
    case .list(let inner, _): "list of " + typeText(inner)
    case .optional(let inner, _): typeText(inner) + "?"
    }
  }

  func string(_ s: StringLiteral) -> Doc { .anchor(s.span, stringBody(s)) }

  /// A string literal exactly as written: its adjacent pieces (a long quotation
  /// split over lines) are kept, on one line when they fit, else one a line.
  func stringBody(_ s: StringLiteral) -> Doc {
    let pieces = SourceTokens(source: source).stringPieces(s.span)
    guard pieces.count > 1 else { return piece(pieces.first ?? s.span) }
    var rest: [Doc] = []
    for p in pieces.dropFirst() { rest += [.line, .anchor(p, piece(p))] }
    return .group(.anchor(pieces[0], piece(pieces[0])), .nest(rest))
  }

  private func piece(_ span: SourceSpan) -> Doc {
    let text = source.slice(span)
    return text.contains("\n") ? .verbatim(text) : .text(text)
  }

  /// The article as written after `cites`, such as `三（三）` or `二(二)`.
  func article(_ c: Citation) -> String {
    SourceTokens(source: source).article(in: c.span) ?? c.articles.joined(separator: "、")
  }
}
