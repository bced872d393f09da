extension Checker {
  func make(_ kind: NodeKind, _ type: PType, _ e: Expr) -> CheckedExpr {
    CheckedExpr(kind, type, span: e.span, id: e.id, text: source.slice(e.span))
  }

  /// A node that stands for an expression that had an error; its type fits
  /// everywhere, so one mistake is reported once and not again by its users.
  func poison(_ e: Expr) -> CheckedExpr { make(.constant(.null), .never, e) }

  /// The path of a name or field chain, for presence facts.
  func path(_ e: Expr, _ scope: Scope) -> String? {
    switch e.kind {
    case .name(let n):
      for level in stride(from: scope.elements.count - 1, through: 0, by: -1) {
        if case .record(let r) = scope.elements[level].unwrapped, r.slot(n) != nil {
          return "e\(level).\(n)"
        }
      }
      if scope.lets[n] != nil { return "l.\(n)" }
      if scope.args[n] != nil { return "a.\(n)" }
      return "f.\(n)"
    case .member(let base, let field):
      if case .filingRef = base.kind { return "f.\(field.text)" }
      return path(base, scope).map { "\($0).\(field.text)" }
    case .itRef: return "e\(scope.elements.count - 1)"
    default: return nil
    }
  }

  /// Checks a condition and says which paths are present when it is true and
  /// when it is false, so the rest of the rule may use them unchecked.
  mutating func checkCondition(_ e: Expr, _ scope: inout Scope) -> (
    CheckedExpr, whenTrue: Set<String>, whenFalse: Set<String>
  ) {
    let facts = scope.facts
    switch e.kind {
    case .binary(.and, let a, let b):
      let (na, at, af) = checkCondition(a, &scope)
      scope.facts = at
      let (nb, bt, _) = checkCondition(b, &scope)
      scope.facts = facts
      return (make(.and(na, nb), .bool, e), bt, facts.intersection(af))
    case .binary(.or, let a, let b):
      let (na, at, af) = checkCondition(a, &scope)
      scope.facts = af
      let (nb, bt, bf) = checkCondition(b, &scope)
      scope.facts = facts
      return (make(.or(na, nb), .bool, e), at.intersection(bt), bf)
    case .unary(.not, let a):
      let (na, at, af) = checkCondition(a, &scope)
      return (make(.not(na), .bool, e), af, at)
    case .presence(let operand, let present):
      let n = checkExpr(operand, &scope, allowOptional: true)
      if !n.type.isOptional && n.type != .never {
        diagnostics.append(
          Diagnostic(
            .typeMismatch, "`\(source.slice(operand.span))` is always present", source: source,
            span: operand.span, hint: "only optional values (`T?`) can be absent",
            severity: .warning))
      }
      var yes = facts
      if let p = path(operand, scope) { yes.insert(p) }
      let node = make(.presence(n, present: present), .bool, e)
      return present ? (node, yes, facts) : (node, facts, yes)
    default:
      let n = checkExpr(e, &scope)
      expect(n, .bool, e, "a condition")
      return (n, facts, facts)
    }
  }

  mutating func expect(_ n: CheckedExpr, _ type: PType, _ e: Expr, _ what: String) {
    guard !n.type.fits(type) else { return }
    error(
      .typeMismatch, "\(what) must be `\(type)`, but `\(source.slice(e.span))` is `\(n.type)`",
      e.span, label: "this is `\(n.type)`",
      hint: n.type == .list(.bool) || n.type.elementType != nil && type == .bool
        ? "use `any(…)`, `all(…)` or `count(…) > 0` to turn a list into a condition" : nil)
  }

  /// Starts counting the nodes of a new rule, invariant or param.
  mutating func resetExpansion() {
    expandedNodes = 0
    expansionFailed = false
    depth = 0
    deepest = 0
  }

  /// Notes that evaluation reaches `level` levels deep here; false (after
  /// reporting T014 once) when that is beyond the limit.
  mutating func reach(_ level: Int, _ e: Expr) -> Bool {
    deepest = max(deepest, level)
    expandedNodes += 1
    if expansionFailed { return false }
    if level > limits.maxExpandedDepth {
      expansionFailed = true
      error(
        .expandsTooFar,
        "expression nests more than \(limits.maxExpandedDepth) levels deep once definitions and `let`s are expanded",
        e.span,
        hint:
          "definitions are expanded where they are used; simplify them, or raise `--max-policy-depth`"
      )
      return false
    }
    if expandedNodes > limits.maxExpandedNodes {
      expansionFailed = true
      error(
        .expandsTooFar,
        "definitions expand to more than \(limits.maxExpandedNodes) nodes here",
        e.span,
        hint:
          "a definition used twice in another is expanded twice; compute shared parts once with `let`"
      )
      return false
    }
    return true
  }

  mutating func checkExpr(
    _ e: Expr, _ scope: inout Scope, allowOptional: Bool = false,
    interpolationsOf literal: StringLiteral? = nil
  ) -> CheckedExpr {
    depth += 1
    defer { depth -= 1 }
    guard reach(depth, e) else { return poison(e) }
    let n = checkExprInner(e, &scope, interpolationsOf: literal)
    if !allowOptional, n.type.isOptional {
      error(
        .optionalUnchecked, "`\(source.slice(e.span))` may be absent", e.span,
        label: "this is `\(n.type)`",
        hint:
          "check `\(source.slice(e.span)) is present` first (with `and`, `if` or the rule's `where`), or give a default with `??`"
      )
      return CheckedExpr(n.kind, n.type.unwrapped, span: n.span, id: n.id, text: n.text)
    }
    return n
  }

  private mutating func checkExprInner(
    _ e: Expr, _ scope: inout Scope, interpolationsOf literal: StringLiteral?
  ) -> CheckedExpr {
    switch e.kind {
    case .literal(let kind, let text): return checkLiteral(kind, text, e)
    case .string(let lit, var parts):
      if let literal {
        parts = literal.parts.compactMap { p in
          if case .interpolation(let r) = p {
            let (x, ds) = Parser.parseExpression(source, range: r, maxDepth: limits.maxDepth)
            diagnostics += ds
            return x
          }
          return nil
        }
      }
      var out: [InterpolationPart] = []
      var i = 0
      for p in lit.parts {
        switch p {
        case .text(let t): out.append(.text(t))
        case .interpolation:
          guard i < parts.count else { continue }
          let n = checkExpr(parts[i], &scope)
          out.append(.value(n))
          i += 1
        }
      }
      if out.count == 1, case .text(let t) = out[0] { return make(.constant(.text(t)), .text, e) }
      if out.isEmpty { return make(.constant(.text("")), .text, e) }
      return make(.interpolate(out), .text, e)
    case .name(let n): return checkName(n, e, &scope)
    case .filingRef:
      guard let f = scope.filing, !scope.constantOnly else {
        error(.unknownName, "`filing` is only available in rules", e.span)
        return poison(e)
      }
      return make(.filing, .record(f), e)
    case .itRef:
      guard let t = scope.elements.last else {
        error(
          .unknownName,
          "`it` is only available inside `where`, `any`, `all`, `none`, `count` and `sum`",
          e.span)
        return poison(e)
      }
      return make(.element(level: scope.elements.count - 1), t, e)
    case .member(let base, let field): return checkMember(base, field, e, &scope)
    case .unary(.neg, let a):
      let n = checkExpr(a, &scope)
      guard n.type.isNumeric || n.type == .duration else {
        error(
          .typeMismatch, "`-` needs a number, but `\(source.slice(a.span))` is `\(n.type)`", a.span)
        return poison(e)
      }
      return make(.negate(n), n.type, e)
    case .unary(.not, _), .binary(.and, _, _), .binary(.or, _, _), .presence:
      return checkCondition(e, &scope).0
    case .binary(let op, let a, let b): return checkBinary(op, a, b, e, &scope)
    case .conditional(let c, let a, let b):
      let facts = scope.facts
      let (nc, t, f) = checkCondition(c, &scope)
      scope.facts = t
      let na = checkExpr(a, &scope, allowOptional: true)
      scope.facts = f
      let nb = checkExpr(b, &scope, allowOptional: true)
      scope.facts = facts
      guard let type = PType.join(na.type, nb.type) else {
        error(
          .typeMismatch, "the branches of `if` differ: `\(na.type)` and `\(nb.type)`", e.span,
          hint: "both `then` and `else` must give the same type")
        return poison(e)
      }
      return make(.conditional(nc, na, nb), type, e)
    case .filter(let list, let cond):
      let nl = checkExpr(list, &scope)
      guard let elem = listElement(nl, list, "`where`") else { return poison(e) }
      let level = scope.elements.count
      scope.elements.append(elem)
      let (nc, _, _) = checkCondition(cond, &scope)
      scope.elements.removeLast()
      return make(.filter(nl, level: level, nc), nl.type, e)
    case .list(let items): return checkList(items, e, &scope)
    case .call(let name, let args): return checkCall(name, args, e, &scope)
    case .duration(let amount, let unit):
      let n = checkExpr(amount, &scope)
      expect(n, .int, amount, "a number of \(unit.rawValue)s")
      return make(.duration(n, unit), .duration, e)
    case .record, .with:
      error(
        .typeMismatch, "a record can be written out only in a test's `given` or a `fixture`", e.span
      )
      return poison(e)
    }
  }

  mutating func checkLiteral(_ kind: LiteralKind, _ text: String, _ e: Expr) -> CheckedExpr {
    switch kind {
    case .bool(let b): return make(.constant(.bool(b)), .bool, e)
    case .date:
      guard let d = CivilDate(text) else {
        error(.badDate, "`\(text)` is not a calendar date", e.span, hint: "dates are `YYYY-MM-DD`")
        return poison(e)
      }
      return make(.constant(.date(d)), .date, e)
    case .int:
      if let i = Int(text) { return make(.constant(.int(i)), .int, e) }
      guard let d = Dec(text) else {
        error(.badNumber, "`\(text)` is too large", e.span)
        return poison(e)
      }
      return make(.constant(.dec(d)), .decimal, e)
    case .decimal, .percent, .money:
      guard let d = Dec(text) else {
        error(
          .badNumber, "`\(source.slice(e.span))` cannot be represented exactly", e.span,
          hint: "numbers have at most \(Dec.maxScale) decimal places")
        return poison(e)
      }
      return make(.constant(.dec(d)), kind == .money ? .money : .decimal, e)
    }
  }

  mutating func checkName(_ n: String, _ e: Expr, _ scope: inout Scope) -> CheckedExpr {
    let p = path(e, scope)
    func narrowed(_ t: PType) -> PType {
      if t.isOptional, let p, scope.facts.contains(p) { return t.unwrapped }
      return t
    }
    for level in stride(from: scope.elements.count - 1, through: 0, by: -1) {
      if case .record(let r) = scope.elements[level].unwrapped, let slot = r.slot(n) {
        return make(.elementField(level: level, slot: slot), narrowed(r.fields[slot].type), e)
      }
    }
    if let (slot, t) = scope.lets[n] {
      // Evaluating the name evaluates the `let`'s expression, from here.
      guard reach(depth + (letHeights[slot] ?? 0), e) else { return poison(e) }
      return make(.local(slot), narrowed(t), e)
    }
    if let (slot, t) = scope.args[n] { return make(.local(slot), narrowed(t), e) }
    if !scope.constantOnly, let f = scope.filing, let slot = f.slot(n) {
      return make(.field(slot), narrowed(f.fields[slot].type), e)
    }
    if !scope.constantOnly, let i = paramIndex[n] {
      usedParams.insert(n)
      return make(.param(i), params[i].type, e)
    }
    if !scope.constantOnly, defines[n] != nil { return expandDefine(n, [], e, &scope) }
    let candidates = scope.visibleNames(params: paramIndex.keys, defines: defines.keys)
    var hint = suggestion(for: n, among: candidates).map { "did you mean `\($0)`?" }
    if hint == nil, scope.constantOnly { hint = "a param's default must be a literal" }
    if hint == nil, n == "null" || n == "nil" { hint = "test for absence with `is absent`" }
    let what = scope.filing.map { "not a field of `\($0.name)`, a param or a definition" }
    error(.unknownName, "unknown name `\(n)`", e.span, label: what, hint: hint)
    return poison(e)
  }

  mutating func checkMember(_ base: Expr, _ field: Name, _ e: Expr, _ scope: inout Scope)
    -> CheckedExpr
  {
    let nb = checkExpr(base, &scope)
    func lookup(_ r: RecordType) -> Int? {
      if let s = r.slot(field.text) { return s }
      error(
        .unknownField, "`\(r.name)` has no field `\(field.text)`", field.span,
        hint: suggestion(for: field.text, among: r.fields.map(\.name)).map {
          "did you mean `\($0)`?"
        }
          ?? "its fields are \(r.fields.map { "`\($0.name)`" }.joined(separator: ", "))")
      return nil
    }
    switch nb.type {
    case .never: return poison(e)
    case .record(let r):
      guard let slot = lookup(r) else { return poison(e) }
      var t = r.fields[slot].type
      if t.isOptional, let p = path(e, scope), scope.facts.contains(p) { t = t.unwrapped }
      return make(.member(nb, slot), t, e)
    case .list(.record(let r)):
      guard let slot = lookup(r) else { return poison(e) }
      return make(.project(nb, slot), .list(r.fields[slot].type), e)
    default:
      error(
        .unknownField, "`\(source.slice(base.span))` is `\(nb.type)`, which has no fields",
        field.span)
      return poison(e)
    }
  }

  mutating func listElement(_ n: CheckedExpr, _ e: Expr, _ what: String) -> PType? {
    if n.type == .never { return nil }
    guard let elem = n.type.elementType else {
      error(
        .notAList, "\(what) needs a list, but `\(source.slice(e.span))` is `\(n.type)`", e.span)
      return nil
    }
    return elem
  }

  mutating func checkList(_ items: [ListItem], _ e: Expr, _ scope: inout Scope) -> CheckedExpr {
    var nodes: [(CheckedExpr, CheckedExpr?)] = []
    var type = PType.never
    for item in items {
      var g: CheckedExpr? = nil
      let facts = scope.facts
      if let gc = item.guardCondition {
        let (n, t, _) = checkCondition(gc, &scope)
        g = n
        scope.facts = t
      }
      let v = checkExpr(item.value, &scope)
      scope.facts = facts
      guard let joined = PType.join(type, v.type) else {
        error(
          .typeMismatch, "a list holds one type: `\(type)`, then `\(v.type)`", item.value.span)
        return poison(e)
      }
      type = joined
      nodes.append((v, g))
    }
    if nodes.allSatisfy({ $0.1 == nil }),
      let values = nodes.map({ n -> Value? in
        if case .constant(let v) = n.0.kind { return v }
        return nil
      }) as [Value?]?, values.allSatisfy({ $0 != nil })
    {
      return make(.constant(.list(values.compactMap { $0 })), .list(type), e)
    }
    return make(.list(nodes), .list(type), e)
  }
}
