/// Expressions, loosest binding first:
///
///     if … then … else …
///     LIST where CONDITION
///     or
///     and
///     not
///     == != < <= > >= in, not in, is present, is absent
///     ??
///     + -
///     * /
///     unary -
///     .field, call(…), 30 days, … with { … }
extension Parser {
  mutating func expression() throws -> Expr {
    depth += 1
    defer { depth -= 1 }
    if depth > maxDepth {
      error(
        .tooDeeplyNested, "expression nested more than \(maxDepth) levels deep",
        hint: "split it with `let` or `define`")
      throw Failure()
    }
    if at(.if) {
      let start = advance().span
      let cond = try expression()
      try expect(.then, "after the condition of `if`")
      let a = try expression()
      try expect(.else, "in `if … then … else …`: every `if` needs an `else`")
      let b = try expression()
      return node(.conditional(cond, a, b), span(from: start))
    }
    var left = try orExpr()
    while at(.where) {
      advance()
      let cond = try orExpr()
      left = node(.filter(left, cond), left.span.to(cond.span))
    }
    return left
  }

  mutating func orExpr() throws -> Expr {
    var left = try andExpr()
    while accept(.or) {
      let right = try andExpr()
      left = node(.binary(.or, left, right), left.span.to(right.span))
    }
    return left
  }

  mutating func andExpr() throws -> Expr {
    var left = try notExpr()
    while accept(.and) {
      let right = try notExpr()
      left = node(.binary(.and, left, right), left.span.to(right.span))
    }
    return left
  }

  mutating func notExpr() throws -> Expr {
    if at(.not) {
      let start = advance().span
      let operand = try guarded { try $0.notExpr() }
      return node(.unary(.not, operand), start.to(operand.span))
    }
    return try comparison()
  }

  mutating func guarded(_ body: (inout Parser) throws -> Expr) throws -> Expr {
    depth += 1
    defer { depth -= 1 }
    if depth > maxDepth {
      error(.tooDeeplyNested, "expression nested more than \(maxDepth) levels deep")
      throw Failure()
    }
    return try body(&self)
  }

  mutating func comparison() throws -> Expr {
    let left = try coalesce()
    let ops: [Symbol: BinaryOp] = [.eq: .eq, .ne: .ne, .lt: .lt, .le: .le, .gt: .gt, .ge: .ge]
    if case .symbol(let s) = current.kind, let op = ops[s] {
      advance()
      let right = try coalesce()
      return node(.binary(op, left, right), left.span.to(right.span))
    }
    if at(.assign) {
      error(.expectedToken, "`=` is not a comparison", hint: "write `==` to compare")
      throw Failure()
    }
    if accept(.in) {
      let right = try coalesce()
      return node(.binary(.in, left, right), left.span.to(right.span))
    }
    if at(.not) && peek().is(.in) {
      advance()
      advance()
      let right = try coalesce()
      return node(.binary(.notIn, left, right), left.span.to(right.span))
    }
    if accept(.is) {
      var present = true
      if accept(.not) { present = false }
      if accept(.present) {
      } else if accept(.absent) {
        present.toggle()
      } else {
        error(
          .expectedToken, "expected `present` or `absent` after `is`, found \(describe(current))")
        throw Failure()
      }
      return node(.presence(left, present: present), span(from: left.span))
    }
    return left
  }

  mutating func coalesce() throws -> Expr {
    var left = try additive()
    while accept(.coalesce) {
      let right = try additive()
      left = node(.binary(.coalesce, left, right), left.span.to(right.span))
    }
    return left
  }

  mutating func additive() throws -> Expr {
    var left = try multiplicative()
    while at(.plus) || at(.minus) {
      let op: BinaryOp = advance().is(.plus) ? .add : .sub
      let right = try multiplicative()
      left = node(.binary(op, left, right), left.span.to(right.span))
    }
    return left
  }

  mutating func multiplicative() throws -> Expr {
    var left = try unary()
    while at(.star) || at(.slash) {
      let op: BinaryOp = advance().is(.star) ? .mul : .div
      let right = try unary()
      left = node(.binary(op, left, right), left.span.to(right.span))
    }
    return left
  }

  mutating func unary() throws -> Expr {
    if at(.minus) {
      let start = advance().span
      let operand = try guarded { try $0.unary() }
      return node(.unary(.neg, operand), start.to(operand.span))
    }
    return try postfix()
  }

  static let units: [String: DurationUnit] = [
    "day": .day, "days": .day, "month": .month, "months": .month, "year": .year, "years": .year,
  ]

  mutating func postfix() throws -> Expr {
    var e = try primary()
    while true {
      if accept(.dot) {
        let field = try expectName("after `.`: a field name")
        e = node(.member(e, field), e.span.to(field.span))
      } else if current.kind == .name, let unit = Parser.units[current.text], !peek().is(.lparen),
        // `year: 2023` on the next line of a record is a field, not `… year`.
        !peek().is(.colon)
      {
        let t = advance()
        e = node(.duration(e, unit), e.span.to(t.span))
      } else if at(.with) {
        advance()
        let fields = try recordFields()
        e = node(.with(e, fields), span(from: e.span))
      } else {
        return e
      }
    }
  }

  mutating func recordFields() throws -> [FieldInit] {
    try expect(.lbrace, "to open the record")
    var fields: [FieldInit] = []
    while !at(.rbrace) && !at(.eof) {
      let name = try expectName("for a field")
      try expect(.colon, "after field `\(name.text)`")
      fields.append(FieldInit(name: name, value: try expression()))
      _ = accept(.comma)
    }
    try expect(.rbrace, "to close the record")
    return fields
  }

  mutating func primary() throws -> Expr {
    let t = current
    switch t.kind {
    case .number:
      advance()
      return node(.literal(t.text.contains(".") ? .decimal : .int, t.text), t.span)
    case .percent:
      advance()
      return node(.literal(.percent, t.text), t.span)
    case .money:
      advance()
      return node(.literal(.money, t.text), t.span)
    case .date:
      advance()
      return node(.literal(.date, t.text), t.span)
    case .string:
      let lit = try stringLiteral("")
      var parts: [Expr] = []
      for case .interpolation(let range) in lit.parts {
        var sub = Parser(source: source, range: range, ids: ids, maxDepth: maxDepth - depth)
        do {
          let e = try sub.expression()
          if !sub.at(.eof) {
            sub.error(
              .expectedToken,
              "expected `}` after the interpolated expression, found \(sub.describe(sub.current))")
          }
          parts.append(e)
        } catch {}
        diagnostics += sub.diagnostics
      }
      return node(.string(lit, parts), lit.span)
    case .keyword(.true), .keyword(.false):
      advance()
      return node(.literal(.bool(t.is(.true)), t.text), t.span)
    case .keyword(.filing):
      advance()
      return node(.filingRef, t.span)
    case .keyword(.it):
      advance()
      return node(.itRef, t.span)
    case .symbol(.lparen):
      advance()
      let e = try expression()
      try expect(.rparen, "to close `(`")
      return e
    case .symbol(.lbracket):
      return try listLiteral()
    case .symbol(.lbrace):
      let fields = try recordFields()
      return node(.record(type: nil, fields: fields), span(from: t.span))
    case .name:
      advance()
      let name = Name(text: t.text, span: t.span)
      if at(.lparen) {
        advance()
        var args: [Expr] = []
        while !at(.rparen) && !at(.eof) {
          args.append(try expression())
          if !accept(.comma) { break }
        }
        try expect(.rparen, "to close the arguments of `\(t.text)`")
        return node(.call(name, args), span(from: t.span))
      }
      if at(.lbrace) {
        let fields = try recordFields()
        return node(.record(type: name, fields: fields), span(from: t.span))
      }
      return node(.name(t.text), t.span)
    default:
      var hint: String? = nil
      if case .keyword(let k) = t.kind { hint = "`\(k.rawValue)` is a reserved word" }
      if t.kind == .name, Parser.ruleClauseWords.contains(t.text) || t.kind == .eof {
        hint = "the expression before this clause is missing"
      }
      error(.expectedExpression, "expected an expression, found \(describe(t))", hint: hint)
      throw Failure()
    }
  }

  mutating func listLiteral() throws -> Expr {
    let start = advance().span
    var items: [ListItem] = []
    while !at(.rbracket) && !at(.eof) {
      let v = try expression()
      var g: Expr? = nil
      if accept(.when) { g = try expression() }
      items.append(ListItem(value: v, guardCondition: g))
      if !accept(.comma) { break }
    }
    try expect(.rbracket, "to close the list")
    return node(.list(items), span(from: start))
  }
}
