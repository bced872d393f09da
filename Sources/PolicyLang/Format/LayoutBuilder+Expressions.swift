/// How tightly each kind of expression binds, as the parser reads them
/// (Parser+Expressions.swift): an operand that binds more loosely than its
/// place allows is printed in parentheses, and no other parentheses are.
enum Precedence {
  static let conditional = 0
  static let filter = 1
  static let or = 2
  static let and = 3
  static let not = 4
  static let comparison = 5
  static let coalesce = 6
  static let additive = 7
  static let multiplicative = 8
  static let unary = 9
  static let postfix = 10
  /// Asking for this always gives parentheses.
  static let parenthesised = 11

  static func of(_ op: BinaryOp) -> Int {
    switch op {
    case .or: or
    case .and: and
    case .eq, .ne, .lt, .le, .gt, .ge, .in, .notIn: comparison
    case .coalesce: coalesce
    case .add, .sub: additive
    case .mul, .div: multiplicative
    }
  }
}

extension LayoutBuilder {
  /// An expression in a place that needs at least `minimum` precedence.
  func expr(_ e: Expr, _ minimum: Int = 0) -> Doc {
    let (doc, level) = exprBody(e)
    let shown = level < minimum ? Doc.cat(.text("("), doc, .closing(")")) : doc
    return .anchor(e.span, shown)
  }

  private func exprBody(_ e: Expr) -> (Doc, Int) {
    switch e.kind {
    case .literal(let kind, let text):
      if case .bool = kind { return (.text(text), Precedence.postfix) }
      if case .date = kind { return (.text(text), Precedence.postfix) }
      // Numbers as written: `1_000`, `3.5亿`, `120万元`.
      return (.text(source.slice(e.span)), Precedence.postfix)
    case .string(let lit, _):
      return (stringBody(lit), Precedence.postfix)
    case .name(let n):
      return (.text(n), Precedence.postfix)
    case .filingRef:
      return (.text("filing"), Precedence.postfix)
    case .itRef:
      return (.text("it"), Precedence.postfix)
    case .list(let items):
      return (list(items), Precedence.postfix)
    case .record(let type, let fields):
      let body = recordBody(fields)
      return (type.map { .cat(.text($0.text + " "), body) } ?? body, Precedence.postfix)
    case .with, .member, .duration:
      return (postfixChain(e), Precedence.postfix)
    case .call(let name, let args):
      let docs = args.map { expr($0) }
      return (
        .group(
          .text(name.text + "("),
          .nest(.softline, .join(docs, .cat(.text(","), .line)), .dangling(.none)),
          .softline, .text(")")),
        Precedence.postfix
      )
    case .unary(.neg, let operand):
      // `- -x`, not `--x`.
      let gap: String
      if case .unary(.neg, _) = operand.kind { gap = " " } else { gap = "" }
      return (.cat(.text("-" + gap), expr(operand, Precedence.unary)), Precedence.unary)
    case .unary(.not, let operand):
      return (.cat(.text("not "), expr(operand, Precedence.not)), Precedence.not)
    case .presence(let operand, let present):
      let words =
        SourceTokens(source: source).presenceWords(e.span) ?? (present ? "is present" : "is absent")
      return (
        .cat(expr(operand, Precedence.coalesce), .text(" " + words)), Precedence.comparison
      )
    case .binary(let op, let left, let right):
      let level = Precedence.of(op)
      if level == Precedence.comparison {
        return (
          .group(
            expr(left, Precedence.coalesce),
            .nest(.line, .text(op.rawValue + " "), expr(right, Precedence.coalesce))),
          level
        )
      }
      // A left-associative chain of one level, broken before each operator.
      var operands: [(BinaryOp, Expr)] = [(op, right)]
      var head = left
      while case .binary(let inner, let l, let r) = head.kind, Precedence.of(inner) == level {
        operands.append((inner, r))
        head = l
      }
      // Beyond what precedence needs, `and` inside `or` keeps its parentheses:
      // `a and b or c` is too easily misread.
      let operandMinimum = op == .or ? Precedence.not : level + 1
      var rest: [Doc] = []
      for (o, x) in operands.reversed() {
        rest += [.line, .text(o.rawValue + " "), expr(x, operandMinimum)]
      }
      let headMinimum = op == .or ? Precedence.not : level
      return (.group(expr(head, headMinimum), .nest(rest)), level)
    case .filter(let list, let condition):
      var conditions = [condition]
      var head = list
      while case .filter(let l, let c) = head.kind {
        conditions.append(c)
        head = l
      }
      var rest: [Doc] = []
      for c in conditions.reversed() {
        rest += [.line, .text("where "), expr(c, Precedence.or)]
      }
      return (.group(expr(head, Precedence.filter), .nest(rest)), Precedence.filter)
    case .conditional(let condition, let then, let otherwise):
      // `if … then … else if … then … else …`, each branch a line when broken.
      var parts: [Doc] = [branch(condition, then)]
      var tail = otherwise
      while case .conditional(let c, let t, let o) = tail.kind {
        parts += [.line, .text("else "), branch(c, t)]
        tail = o
      }
      parts += [.line, .text("else "), expr(tail)]
      return (.group(parts), Precedence.conditional)
    }
  }

  /// `a.b days with { … }`: the parser builds these left-nested without limit,
  /// so they are laid out in a loop, the steps in between without anchors.
  private func postfixChain(_ e: Expr) -> Doc {
    var steps: [Expr] = []
    var head = e
    loop: while true {
      switch head.kind {
      case .member(let t, _), .duration(let t, _), .with(let t, _):
        steps.append(head)
        head = t
      default: break loop
      }
    }
    // A chain of three fields or more may break before each `.`.
    let fields = steps.count { if case .member = $0.kind { true } else { false } }
    let breakable = fields >= 3
    var parts: [Doc] = []
    for step in steps.reversed() {
      switch step.kind {
      case .member(_, let name):
        if breakable { parts.append(.softline) }
        parts.append(.text("." + name.text))
      case .duration:
        parts.append(.text(" " + SourceTokens(source: source).unitWord(of: step.span)))
      case .with(let target, let fields):
        // An anchor of its own from the word `with`, for the comments
        // before it and before its closing brace.
        let start = SourceTokens(source: source).next(.with, from: target.span.end)
        let span = SourceSpan(start ?? target.span.end, step.span.end)
        parts += [.text(" "), .anchor(span, .cat(.text("with "), recordBody(fields)))]
      default: break
      }
    }
    let base = expr(head, Precedence.postfix)
    return breakable ? .group(base, .nest(parts)) : .concat([base] + parts)
  }

  /// An `if` inside the condition or the `then` of another keeps its
  /// parentheses, though the parser would not need them: which `else` goes
  /// with which `if` should not take counting.
  private func branch(_ condition: Expr, _ then: Expr) -> Doc {
    .group(
      .text("if "), expr(condition, Precedence.filter),
      .nest(.line, .text("then "), expr(then, Precedence.filter)))
  }

  private func list(_ items: [ListItem]) -> Doc {
    let docs = items.map { item -> Doc in
      var d = expr(item.value)
      var sp = item.value.span
      if let g = item.guardCondition {
        d = .group(d, .nest(.line, .text("when "), expr(g)))
        sp = sp.to(g.span)
      }
      return .anchor(sp, d)
    }
    if docs.isEmpty {
      return .group(.text("["), .nest(.dangling(.none)), .softline, .text("]"))
    }
    return .group(
      .text("["),
      .nest(
        .softline, .join(docs, .cat(.text(","), .line)), .ifBreak(.text(","), .empty),
        .dangling(.none)),
      .softline, .text("]"))
  }

  /// `{ name: value, … }`; broken, one field a line without commas, as the
  /// fields of a record or filing are declared.
  private func recordBody(_ fields: [FieldInit]) -> Doc {
    if fields.isEmpty {
      return .group(.text("{"), .nest(.dangling(.none)), .softline, .text("}"))
    }
    let docs = fields.map {
      Doc.anchor($0.name.span.to($0.value.span), .cat(.text($0.name.text + ": "), expr($0.value)))
    }
    return .group(
      .text("{"),
      .nest(.line, .join(docs, .cat(.ifBreak(.empty, .text(",")), .line)), .dangling(.none)),
      .line, .text("}"))
  }

  /// Whether the expression's first token, as printed, is a string literal.
  func startsWithString(_ e: Expr) -> Bool {
    var e = e
    while true {
      switch e.kind {
      case .string: return true
      case .binary(_, let l, _), .filter(let l, _), .member(let l, _), .duration(let l, _),
        .with(let l, _), .presence(let l, _):
        e = l
      default: return false
      }
    }
  }
}
