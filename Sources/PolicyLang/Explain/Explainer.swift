/// Reads an evaluator's recorded values and picks out what decided a rule:
/// for `and` that held, every part; for `and` that failed, the part that
/// failed; comparisons with both operands' values; filters with the elements
/// that matched and where they are in the filing. It knows nothing about any
/// particular rule, so a rule written tomorrow is explained the same way.
public struct Explainer {
  public let rule: CheckedRule
  public let evaluator: Evaluator

  public init(rule: CheckedRule, evaluator: Evaluator) {
    self.rule = rule
    self.evaluator = evaluator
  }

  func value(_ n: CheckedExpr) -> Value? { evaluator.trace?[ObjectIdentifier(n)] }

  func text(_ v: Value, _ t: PType) -> LocalText {
    LocalText(
      zh: ValueFormatter(language: .zh).format(v, as: t),
      en: ValueFormatter(language: .en).format(v, as: t))
  }

  public func evidence(fired: Bool) -> Evidence {
    var ev = Evidence()
    ev.facts = decisive(rule.condition)
    var usedLets: [Int] = []
    locals(in: rule.condition, into: &usedLets)
    for l in rule.lets where usedLets.contains(l.slot) {
      guard let v = evaluator.locals[l.slot] else { continue }
      ev.bindings.append(
        Binding(name: l.name, value: text(v, l.node.type), elements: elements(of: v)))
    }
    for ex in rule.exceptions {
      guard case .bool(let b)? = value(ex.condition) else { continue }
      ev.exceptions.append(
        ExceptionOutcome(
          label: ex.label?.zh, expression: rule.source.slice(ex.span), applied: b,
          facts: decisive(ex.condition)))
    }
    if fired, rule.isGraded {
      for g in rule.grades {
        guard let c = g.condition else { break }
        if case .bool(true)? = value(c) {
          ev.grade = decisive(c).first
          break
        }
      }
    }
    return ev
  }

  func locals(in n: CheckedExpr, into out: inout [Int]) {
    switch n.kind {
    case .local(let s): if !out.contains(s) { out.append(s) }
    case .and(let a, let b), .or(let a, let b), .compare(_, let a, let b), .arith(_, let a, let b),
      .listArith(_, let a, let b), .coalesce(let a, let b), .membership(let a, let b, _):
      locals(in: a, into: &out)
      locals(in: b, into: &out)
    case .not(let a), .negate(let a), .presence(let a, _), .member(let a, _), .project(let a, _):
      locals(in: a, into: &out)
    case .filter(let a, _, _), .quantifier(_, let a, _, _), .aggregate(_, let a, _, _):
      locals(in: a, into: &out)
    case .call(_, let args): for a in args { locals(in: a, into: &out) }
    case .conditional(let c, let a, let b):
      for x in [c, a, b] { locals(in: x, into: &out) }
    default: break
    }
  }

  /// The sub-conditions that decided `n`'s value.
  func decisive(_ n: CheckedExpr) -> [Fact] {
    guard case .bool(let b)? = value(n) else { return [] }
    switch n.kind {
    case .and(let x, let y):
      if b { return decisive(x) + decisive(y) }
      if case .bool(false)? = value(x) { return decisive(x) }
      return decisive(y)
    case .or(let x, let y):
      if !b { return decisive(x) + decisive(y) }
      if case .bool(true)? = value(x) { return decisive(x) }
      return decisive(y)
    case .not(let x):
      return decisive(x).isEmpty ? [fact(n, b, operands: [])] : decisive(x)
    case .compare(let op, let x, let y):
      return [fact(n, b, operands: [x, y], difference: difference(op, x, y))]
    case .membership(let x, let y, _):
      return [fact(n, b, operands: [x, y])]
    case .presence(let x, _):
      return [fact(n, b, operands: [x])]
    case .local(let slot):
      if let l = rule.lets.first(where: { $0.slot == slot }) {
        let inner = decisive(l.node)
        if !inner.isEmpty { return inner }
      }
      return [fact(n, b, operands: [n])]
    default:
      return [fact(n, b, operands: [n])]
    }
  }

  func fact(_ n: CheckedExpr, _ holds: Bool, operands: [CheckedExpr], difference: LocalText? = nil)
    -> Fact
  {
    var els: [ElementRef] = []
    for o in operands { els += matchedElements(o) }
    return Fact(
      expression: n.text, holds: holds,
      operands: operands.compactMap(operand), difference: difference, elements: els)
  }

  func operand(_ n: CheckedExpr) -> Operand? {
    guard let v = value(n) else { return nil }
    let o = evaluator.origin(of: n)
    var isLiteral = false
    if case .constant = n.kind { isLiteral = true }
    return Operand(
      expression: n.text, value: text(v, n.type), field: o?.0,
      line: o?.1.map { Int($0.line) }, column: o?.1.map { Int($0.column) }, isLiteral: isLiteral)
  }

  /// By how much a numeric comparison was exceeded or missed.
  func difference(_ op: BinaryOp, _ x: CheckedExpr, _ y: CheckedExpr) -> LocalText? {
    // Differences of counts and days (ints) say nothing the values don't.
    guard [.gt, .ge, .lt, .le].contains(op), x.type.unwrapped != .int || y.type.unwrapped != .int,
      let a = value(x)?.asDec, let b = value(y)?.asDec,
      let d = try? a.subtracting(b), !d.isZero
    else { return nil }
    let t: PType = x.type.unwrapped == .money || y.type.unwrapped == .money ? .money : .decimal
    let mag = text(.dec(d.magnitude), t)
    return LocalText(
      zh: (d.isNegative ? "低于 " : "超出 ") + mag.zh,
      en: (d.isNegative ? "short by " : "over by ") + (mag.en ?? mag.zh))
  }

  /// The list elements a filter, quantifier or `let` bound to a filter matched.
  func matchedElements(_ n: CheckedExpr) -> [ElementRef] {
    switch n.kind {
    case .filter:
      return value(n).map(elements(of:)) ?? []
    case .local(let slot):
      guard let l = rule.lets.first(where: { $0.slot == slot }), let v = evaluator.locals[slot]
      else { return [] }
      if case .filter = l.node.kind { return elements(of: v) }
      return matchedElements(l.node)
    case .quantifier(_, let list, _, _), .aggregate(_, let list, _, _):
      return matchedElements(list)
    case .call(_, let args):
      return args.flatMap(matchedElements)
    case .project(let base, _), .listArith(_, let base, _):
      return matchedElements(base)
    default:
      return []
    }
  }

  func elements(of v: Value) -> [ElementRef] {
    guard case .list(let items) = v else { return [] }
    return items.enumerated().compactMap { i, item in
      guard case .record(let r) = item else { return nil }
      return ElementRef(
        index: i, line: Int(r.position.line), column: Int(r.position.column),
        summary: text(item, .record(r.type)))
    }
  }
}
