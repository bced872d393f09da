extension Checker {
  static func arithmeticType(_ op: ArithOp, _ a: PType, _ b: PType) -> PType? {
    guard a.isNumeric, b.isNumeric else { return nil }
    switch op {
    case .add, .sub, .mul:
      return PType.numericJoin(a, b)
    case .div:
      if a == .money && b != .money { return .money }
      return .decimal
    }
  }

  mutating func checkBinary(_ op: BinaryOp, _ a: Expr, _ b: Expr, _ e: Expr, _ scope: inout Scope)
    -> CheckedExpr
  {
    if op == .coalesce {
      let na = checkExpr(a, &scope, allowOptional: true)
      let nb = checkExpr(b, &scope)
      if !na.type.isOptional, na.type != .never {
        diagnostics.append(
          Diagnostic(
            .typeMismatch, "`\(source.slice(a.span))` is always present, so `??` has no effect",
            source: source, span: a.span, severity: .warning))
      }
      guard let t = PType.join(na.type.unwrapped, nb.type) else {
        error(
          .typeMismatch, "`??` needs a default of type `\(na.type.unwrapped)`, not `\(nb.type)`",
          b.span)
        return poison(e)
      }
      return make(.coalesce(na, nb), t, e)
    }
    let na = checkExpr(a, &scope)
    let nb = checkExpr(b, &scope)
    if na.type == .never || nb.type == .never {
      switch op {
      case .eq, .ne, .lt, .le, .gt, .ge, .in, .notIn: return make(.constant(.null), .bool, e)
      default: return poison(e)
      }
    }
    let ta = na.type
    let tb = nb.type
    func mismatch(_ what: String, hint: String? = nil) -> CheckedExpr {
      error(
        .typeMismatch,
        "\(what): `\(source.slice(a.span))` is `\(ta)` and `\(source.slice(b.span))` is `\(tb)`",
        e.span, hint: hint)
      return poison(e)
    }
    switch op {
    case .eq, .ne:
      guard ta.fits(tb) || tb.fits(ta) else {
        return mismatch("cannot compare `\(ta)` with `\(tb)`")
      }
      return make(.compare(op, na, nb), .bool, e)
    case .lt, .le, .gt, .ge:
      let ok =
        (ta.isNumeric && tb.isNumeric) || (ta == .date && tb == .date)
        || (ta == .text && tb == .text)
      guard ok else {
        return mismatch(
          "cannot order `\(ta)` and `\(tb)`",
          hint: ta.elementType != nil || tb.elementType != nil
            ? "compare an aggregate such as `count(…)`, `sum(…)` or `max(…)`" : nil)
      }
      return make(.compare(op, na, nb), .bool, e)
    case .in, .notIn:
      guard let elem = tb.elementType else {
        return mismatch("`in` needs a list on the right", hint: "write `x in [\"a\", \"b\"]`")
      }
      guard ta.fits(elem) || elem.fits(ta) else {
        return mismatch("cannot look for `\(ta)` in a list of `\(elem)`")
      }
      return make(.membership(na, nb, negated: op == .notIn), .bool, e)
    case .add, .sub, .mul, .div:
      let aop: ArithOp = op == .add ? .add : op == .sub ? .sub : op == .mul ? .mul : .div
      if let t = Checker.arithmeticType(aop, ta, tb) { return make(.arith(aop, na, nb), t, e) }
      switch (aop, ta, tb) {
      case (.add, .date, .duration), (.sub, .date, .duration):
        return make(.arith(aop, na, nb), .date, e)
      case (.add, .duration, .date):
        return make(.arith(aop, nb, na), .date, e)
      case (.add, .duration, .duration), (.sub, .duration, .duration):
        return make(.arith(aop, na, nb), .duration, e)
      case (.add, .text, .text):
        return make(.arith(aop, na, nb), .text, e)
      case (.sub, .date, .date):
        return mismatch(
          "dates cannot be subtracted", hint: "use `days(from, to)` for the days between two dates")
      default: break
      }
      let ea = ta.elementType ?? ta
      let eb = tb.elementType ?? tb
      if ta.elementType != nil || tb.elementType != nil, let t = Checker.arithmeticType(aop, ea, eb)
      {
        return make(.listArith(aop, na, nb), .list(t), e)
      }
      return mismatch("cannot apply `\(op.rawValue)`")
    case .and, .or, .coalesce:
      return poison(e)  // handled by checkCondition and above
    }
  }
}
