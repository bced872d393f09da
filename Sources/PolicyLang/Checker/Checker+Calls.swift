extension Checker {
  static let functionNames = [
    "count", "sum", "min", "max", "any", "all", "none", "each", "abs", "round", "days", "trim",
    "length",
    "join", "percent", "text", "year", "month", "day", "contains",
  ]

  mutating func checkCall(_ name: Name, _ args: [Expr], _ e: Expr, _ scope: inout Scope)
    -> CheckedExpr
  {
    func arity(_ range: ClosedRange<Int>, _ usage: String) -> Bool {
      if range.contains(args.count) { return true }
      error(
        .wrongArguments,
        "`\(name.text)` takes \(range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound) or \(range.upperBound)") argument\(range.upperBound == 1 ? "" : "s"), not \(args.count)",
        e.span, hint: "write `\(usage)`")
      return false
    }
    switch name.text {
    case "count", "any", "all", "none":
      let usage = "\(name.text)(LIST, CONDITION)"
      guard arity(name.text == "count" ? 1...2 : 2...2, usage) else { return poison(e) }
      let list = checkExpr(args[0], &scope)
      guard let elem = listElement(list, args[0], "`\(name.text)`") else { return poison(e) }
      let q = Quantifier(rawValue: name.text) ?? .count
      var cond: CheckedExpr? = nil
      let level = scope.elements.count
      if args.count == 2 {
        scope.elements.append(elem)
        cond = checkCondition(args[1], &scope).0
        scope.elements.removeLast()
      }
      return make(.quantifier(q, list, level: level, cond), q == .count ? .int : .bool, e)
    case "sum", "min", "max":
      if name.text != "sum", args.count == 2 {
        // min(a, b) and max(a, b) of two numbers or dates.
        let a = checkExpr(args[0], &scope)
        let b = checkExpr(args[1], &scope)
        if a.type.elementType == nil {
          guard let t = PType.join(a.type, b.type), t.isNumeric || t == .date else {
            error(.typeMismatch, "`\(name.text)` of `\(a.type)` and `\(b.type)`", e.span)
            return poison(e)
          }
          return make(.call(name.text == "min" ? .minOf : .maxOf, [a, b]), t, e)
        }
      }
      guard arity(1...2, "\(name.text)(LIST) or \(name.text)(LIST, EXPRESSION)") else {
        return poison(e)
      }
      let list = checkExpr(args[0], &scope)
      guard let elem = listElement(list, args[0], "`\(name.text)`") else { return poison(e) }
      let level = scope.elements.count
      var body: CheckedExpr? = nil
      var valueType = elem
      if args.count == 2 {
        scope.elements.append(elem)
        let b = checkExpr(args[1], &scope)
        scope.elements.removeLast()
        body = b
        valueType = b.type
      }
      let ok = name.text == "sum" ? valueType.isNumeric : valueType.isNumeric || valueType == .date
      guard ok else {
        error(
          .typeMismatch, "`\(name.text)` needs numbers, but the list holds `\(valueType)`", e.span)
        return poison(e)
      }
      let agg = Aggregate(rawValue: name.text) ?? .sum
      let resultType: PType =
        agg == .sum ? (valueType == .never ? .int : valueType) : .optional(valueType)
      return make(.aggregate(agg, list, level: level, body), resultType, e)
    case "each":
      guard arity(2...2, "each(LIST, EXPRESSION)") else { return poison(e) }
      let list = checkExpr(args[0], &scope)
      guard let elem = listElement(list, args[0], "`each`") else { return poison(e) }
      let level = scope.elements.count
      scope.elements.append(elem)
      let body = checkExpr(args[1], &scope, allowOptional: true)
      scope.elements.removeLast()
      return make(.each(list, level: level, body), .list(body.type), e)
    case "abs":
      guard arity(1...1, "abs(NUMBER)") else { return poison(e) }
      let a = checkExpr(args[0], &scope)
      guard a.type.isNumeric else { return notA("a number", a, args[0], e) }
      return make(.call(.abs, [a]), a.type, e)
    case "round":
      guard arity(1...2, "round(NUMBER) or round(NUMBER, PLACES)") else { return poison(e) }
      let a = checkExpr(args[0], &scope)
      guard a.type.isNumeric else { return notA("a number", a, args[0], e) }
      var ns = [a]
      if args.count == 2 {
        let p = checkExpr(args[1], &scope)
        expect(p, .int, args[1], "the number of places")
        ns.append(p)
      }
      return make(.call(.round, ns), a.type == .int ? .int : a.type, e)
    case "days":
      guard arity(2...2, "days(FROM_DATE, TO_DATE)") else { return poison(e) }
      let a = checkExpr(args[0], &scope)
      let b = checkExpr(args[1], &scope)
      expect(a, .date, args[0], "the first argument of `days`")
      expect(b, .date, args[1], "the second argument of `days`")
      return make(.call(.days, [a, b]), .int, e)
    case "trim", "length":
      guard arity(1...1, "\(name.text)(TEXT)") else { return poison(e) }
      let a = checkExpr(args[0], &scope)
      expect(a, .text, args[0], "the argument of `\(name.text)`")
      return make(
        .call(name.text == "trim" ? .trim : .length, [a]), name.text == "trim" ? .text : .int, e)
    case "contains":
      guard arity(2...2, "contains(TEXT, PART)") else { return poison(e) }
      let a = checkExpr(args[0], &scope)
      let b = checkExpr(args[1], &scope)
      expect(a, .text, args[0], "the text searched")
      expect(b, .text, args[1], "the text looked for")
      return make(.call(.contains, [a, b]), .bool, e)
    case "join":
      guard arity(1...2, "join(LIST, SEPARATOR)") else { return poison(e) }
      let a = checkExpr(args[0], &scope)
      guard listElement(a, args[0], "`join`") != nil else { return poison(e) }
      var ns = [a]
      if args.count == 2 {
        let s = checkExpr(args[1], &scope)
        expect(s, .text, args[1], "the separator")
        ns.append(s)
      }
      return make(.call(.join, ns), .text, e)
    case "percent":
      guard arity(1...1, "percent(RATIO)") else { return poison(e) }
      let a = checkExpr(args[0], &scope)
      guard a.type.isNumeric else { return notA("a number", a, args[0], e) }
      return make(.call(.percent, [a]), .text, e)
    case "text":
      guard arity(1...1, "text(VALUE)") else { return poison(e) }
      return make(.call(.text, [checkExpr(args[0], &scope)]), .text, e)
    case "year", "month", "day":
      guard arity(1...1, "\(name.text)(DATE)") else { return poison(e) }
      let a = checkExpr(args[0], &scope)
      expect(a, .date, args[0], "the argument of `\(name.text)`")
      let b: Builtin = name.text == "year" ? .year : name.text == "month" ? .month : .day
      return make(.call(b, [a]), .int, e)
    default:
      if defines[name.text] != nil { return expandDefine(name.text, args, e, &scope) }
      error(
        .unknownName, "unknown function `\(name.text)`", name.span,
        hint: suggestion(for: name.text, among: Checker.functionNames + defines.keys).map {
          "did you mean `\($0)`?"
        })
      return poison(e)
    }
  }

  mutating func notA(_ what: String, _ n: CheckedExpr, _ arg: Expr, _ e: Expr) -> CheckedExpr {
    if n.type != .never {
      error(
        .typeMismatch, "expected \(what), but `\(source.slice(arg.span))` is `\(n.type)`", arg.span)
    }
    return poison(e)
  }

  /// A definition is checked where it is used, in the user's scope: the
  /// arguments are bound to fresh local slots and the body is checked with
  /// them. Recursion is rejected, so every evaluation terminates.
  mutating func expandDefine(_ name: String, _ args: [Expr], _ e: Expr, _ scope: inout Scope)
    -> CheckedExpr
  {
    guard let (def, defSource) = defines[name] else { return poison(e) }
    usedDefines.insert(name)
    if failedDefines.contains(name) { return poison(e) }
    if scope.expanding.contains(name) {
      error(
        .recursiveDefinition,
        "definition `\(name)` refers to itself (\((scope.expanding + [name]).joined(separator: " → ")))",
        e.span, hint: "definitions may not be recursive, so that every check terminates")
      return poison(e)
    }
    guard args.count == def.parameters.count else {
      error(
        .wrongArguments,
        "`\(name)` takes \(def.parameters.count) argument\(def.parameters.count == 1 ? "" : "s"), not \(args.count)",
        e.span,
        hint: def.parameters.isEmpty
          ? "use it as a name: `\(name)`"
          : "write `\(name)(\(def.parameters.map(\.name.text).joined(separator: ", ")))`")
      return poison(e)
    }
    var slots: [Int] = []
    var argNodes: [CheckedExpr] = []
    var inner = scope
    inner.args = [:]
    inner.lets = [:]
    inner.elements = scope.elements
    inner.expanding.append(name)
    for (p, a) in zip(def.parameters, args) {
      let n = checkExpr(a, &scope)
      let ptype = resolveType(p.type)
      if !n.type.fits(ptype) {
        error(
          .typeMismatch,
          "argument `\(p.name.text)` of `\(name)` must be `\(ptype)`, but `\(source.slice(a.span))` is `\(n.type)`",
          a.span)
      }
      let slot = localCount
      localCount += 1
      slots.append(slot)
      argNodes.append(n)
      inner.args[p.name.text] = (slot, ptype)
    }
    let saved = source
    source = defSource
    let errorsBefore = diagnostics.count
    let body = checkExpr(def.body, &inner, allowOptional: true)
    if diagnostics[errorsBefore...].contains(where: { $0.severity == .error }) {
      failedDefines.insert(name)
    }
    source = saved
    let text = source.slice(e.span)
    if slots.isEmpty {
      return CheckedExpr(body.kind, body.type, span: e.span, id: e.id, text: text)
    }
    return CheckedExpr(.bind(slots, argNodes, body), body.type, span: e.span, id: e.id, text: text)
  }
}
