/// Reads an evaluator's recorded values and picks out what decided a rule:
/// for `and` that held, every part; for `and` that failed, the part that
/// failed; comparisons with both operands' values; filters and quantifiers
/// with the elements that matched, where they are in the filing and why each
/// matched. It knows nothing about any particular rule, so a rule written
/// tomorrow is explained the same way.
public struct Explainer {
  public var rule: CheckedRule
  /// Reset for `rule`, if reset for any: the walker reads the `let`s of
  /// the rule it was reset for through an unretained reference, which
  /// `rule` here keeps alive.
  public var evaluator: Evaluator
  /// The filing's file, for the locations of values.
  public var file: String
  /// Params declared as percentages (`120%`): their values are ratios.
  public var percentParams: Set<Int>
  /// When set, texts are made in this language only (`LocalText.text`
  /// gives it for either): a report shows one, and each costs as much again.
  public var language: Language?
  /// 1 while explaining why one list element matched: no deeper lists.
  var depth = 0
  /// Also list the elements that did not match, with why (for a rule that
  /// did not fire, that is the whole story), at most this many per list.
  var unmatchedLimit = 0
  /// The elements of each filter and quantifier, once explained: a list
  /// read by a fact and by the `let` that holds it (`count(arrears) > 0`)
  /// is evaluated element by element once, not once for each.
  private var explained = ElementMemo()

  public init(
    rule: CheckedRule, evaluator: Evaluator, file: String = "", percentParams: Set<Int> = []
  ) {
    self.rule = rule
    self.evaluator = evaluator
    self.file = file
    self.percentParams = percentParams
  }

  func value(_ n: CheckedExpr) -> Value? { evaluator.trace?[ObjectIdentifier(n)] }

  func letDecl(_ slot: Int) -> CheckedLet? { rule.lets.first { $0.slot == slot } }

  // Consuming: the runner's explainer is made for one explanation, and a
  // copy of it retained and released its evaluator's arrays and its rule.
  public consuming func evidence(fired: Bool) -> Evidence {
    var me = self
    me.unmatchedLimit = fired ? 0 : 20
    me.explained = ElementMemo()
    return me.collect(fired: fired)
  }

  func collect(fired: Bool) -> Evidence {
    var ev = Evidence()
    var roots: [CheckedExpr] = [rule.condition]
    if let s = rule.scope {
      ev.scope = decisive(s)
      roots.append(s)
    }
    ev.facts = decisive(rule.condition)
    for (i, ex) in rule.exceptions.enumerated() {
      var out = ExceptionOutcome(
        label: ex.label?.zh, expression: ex.condition.text, applied: false, facts: [],
        status: .notEvaluated, labelEn: ex.label?.en, index: i)
      if case .bool(let b)? = value(ex.condition) {
        roots.append(ex.condition)
        out.applied = b
        out.status = b ? .applied : .notApplied
        out.facts = decisive(ex.condition)
      }
      ev.exceptions.append(out)
    }
    if fired, rule.isGraded {
      for g in rule.grades {
        guard let c = g.condition else { break }
        if case .bool(true)? = value(c) {
          ev.grade = decisive(c).first
          roots.append(c)
          break
        }
      }
    }
    ev.bindings = bindings(roots)
    return ev
  }

  // MARK: - Deciding facts

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
      let inner = decisive(x)
      return inner.isEmpty ? [fact(n, b, operands: [])] : inner
    case .compare(let op, let x, let y):
      return [comparison(n, b, op, x, y)]
    case .membership(let x, let y, let negated):
      return [fact(n, b, operands: [x, y], kind: .membership(negated: negated))]
    case .presence(let x, let present):
      return [fact(n, b, operands: [x], kind: .presence(present: present))]
    case .conditional(let c, let x, let y):
      guard case .bool(let taken)? = value(c) else { return [fact(n, b, operands: [n])] }
      let branch = decisive(taken ? x : y)
      return decisive(c) + (branch.isEmpty ? [fact(n, b, operands: [n])] : branch)
    case .bind(_, _, let body):
      let inner = decisive(body)
      return inner.isEmpty ? [fact(n, b, operands: [n])] : inner
    case .local(let slot):
      if let l = letDecl(slot) {
        let inner = decisive(l.node)
        if !inner.isEmpty { return inner }
      }
      return [fact(n, b, operands: [n])]
    default:
      return [fact(n, b, operands: [n])]
    }
  }

  func fact(
    _ n: CheckedExpr, _ holds: Bool, operands: [CheckedExpr], kind: FactKind = .test,
    units: [ValueUnit?] = [], places: Int = 2
  ) -> Fact {
    var f = unrendered(n, holds, operands: operands, kind: kind, units: units, places: places)
    f.text = EvidenceFormat.local(language) { FactSentence.render(f, $0) }
    return f
  }

  /// A fact without its sentence, for a caller that adds to it first.
  func unrendered(
    _ n: CheckedExpr, _ holds: Bool, operands: [CheckedExpr], kind: FactKind,
    units: [ValueUnit?], places: Int
  ) -> Fact {
    var els: [ElementRef] = []
    for o in operands {
      for e in matchedElements(o)
      where !els.contains(where: { $0.list == e.list && $0.index == e.index }) {
        els.append(e)
      }
    }
    let ops = operands.enumerated().compactMap { i, o in
      operand(o, unit: i < units.count ? units[i] : nil, places: places)
    }
    return Fact(
      expression: n.text, holds: holds, operands: ops, difference: nil, elements: els, kind: kind,
      inputs: inputs(of: operands))
  }

  func comparison(
    _ n: CheckedExpr, _ holds: Bool, _ op: BinaryOp, _ x: CheckedExpr, _ y: CheckedExpr
  )
    -> Fact
  {
    // A ratio compared with a plain number (`ratio > 1.2`) shows both as percentages.
    let percent = isRatio(x) || isRatio(y)
    func unit(_ e: CheckedExpr) -> ValueUnit? {
      percent && e.type.unwrapped != .money && e.type.unwrapped.isNumeric ? .percent : nil
    }
    var places = 2
    if percent, let a = value(x)?.asDec, let b = value(y)?.asDec {
      places = distinguishingPlaces(a, b)
    }
    var f = unrendered(
      n, holds, operands: [x, y], kind: .comparison(op.rawValue), units: [unit(x), unit(y)],
      places: places)
    // The sentence ends with the difference: made once, with it.
    if let d = difference(op, x, y, percent: percent, places: places) {
      f.difference = d.text
      f.differenceValue = d.value
      f.differenceUnit = d.unit
    }
    f.text = EvidenceFormat.local(language) { FactSentence.render(f, $0) }
    return f
  }

  /// Enough fraction digits that two different ratios do not print alike
  /// (`5%` against `5.0000000005%`), and at least two.
  func distinguishingPlaces(_ a: Dec, _ b: Dec) -> Int {
    guard a != b else { return 2 }
    var p = 2
    while p < Dec.maxScale, a.percent(maxFractionDigits: p) == b.percent(maxFractionDigits: p) {
      p += 1
    }
    return p
  }

  /// By how much a comparison of numbers or dates was exceeded or missed.
  func difference(
    _ op: BinaryOp, _ x: CheckedExpr, _ y: CheckedExpr, percent: Bool, places: Int
  ) -> (text: LocalText, value: Dec, unit: DifferenceUnit)? {
    guard [.gt, .ge, .lt, .le].contains(op), let va = value(x), let vb = value(y) else {
      return nil
    }
    if case .date(let da) = va, case .date(let db) = vb {
      let days = CivilDate.days(from: db, to: da)
      guard days != 0 else { return nil }
      let m = Swift.abs(days)
      return (
        LocalText(zh: "相差 \(m) 天", en: "\(m) day\(m == 1 ? "" : "s") apart"), Dec(days), .days
      )
    }
    // Differences of counts and days (ints), or from a literal 0, say
    // nothing the values don't.
    guard x.type.unwrapped != .int || y.type.unwrapped != .int, let a = va.asDec,
      let b = vb.asDec, let d = try? a.subtracting(b), !d.isZero,
      !(Explainer.isLiteral(x) && a.isZero), !(Explainer.isLiteral(y) && b.isZero)
    else { return nil }
    let over = !d.isNegative
    if percent {
      var p = places
      while p < Dec.maxScale, d.percent(maxFractionDigits: p) == "0%" { p += 1 }
      let points = String(d.magnitude.percent(maxFractionDigits: p).dropLast())
      let value = (try? d.multiplying(Dec(100))) ?? d
      return (
        LocalText(
          zh: (over ? "超出 " : "低于 ") + points + " 个百分点",
          en: (over ? "over by " : "short by ") + points + " percentage points"),
        value, .percentagePoints
      )
    }
    let money = x.type.unwrapped == .money || y.type.unwrapped == .money
    let unit: ValueUnit = money ? .money : .decimal
    let mag = EvidenceFormat.both(
      { $0.short(.dec(d.magnitude), money ? .money : .decimal, unit) }, only: language)
    let text = EvidenceFormat.local(language) {
      $0 == .zh
        ? (over ? "超出 " : "低于 ") + mag.text(.zh) : (over ? "over by " : "short by ") + mag.text(.en)
    }
    return (text, d, money ? .money : .decimal)
  }

  // MARK: - Operands and inputs

  func operand(_ n: CheckedExpr, unit forced: ValueUnit? = nil, places: Int = 2) -> Operand? {
    guard let v = value(n) else { return nil }
    let unit =
      forced.map { f in
        EvidenceFormat.unit(v, n.type, ratio: f == .percent)
      } ?? EvidenceFormat.unit(v, n.type, ratio: isRatio(n))
    let o = evaluator.origin(of: n)
    let pos = o?.1.flatMap { $0 == .unknown ? nil : $0 }
    var isParam = false
    if case .param = n.kind { isParam = true }
    let short = EvidenceFormat.both(
      { $0.short(v, n.type, unit) }, percentPlaces: places, only: language)
    return Operand(
      expression: n.text, value: short,
      field: o?.0, line: pos.map { Int($0.line) }, column: pos.map { Int($0.column) },
      isLiteral: Explainer.isLiteral(n),
      exact: EvidenceFormat.exactIsShort(v, unit)
        ? short : EvidenceFormat.both({ $0.exact(v, n.type, unit) }, only: language),
      raw: v, unit: unit, file: pos == nil ? nil : file, isParam: isParam)
  }

  /// A constant written out in the rule (`0`, `"current"`, `120%`), as
  /// opposed to a name that stands for one.
  static func isLiteral(_ n: CheckedExpr) -> Bool {
    switch n.kind {
    case .constant, .list, .duration: break
    default: return false
    }
    guard let c = n.text.unicodeScalars.first else { return false }
    return n.text == "true" || n.text == "false" || ("0"..."9").contains(c) || c == "-"
      || c == "\"" || c == "["
  }

  /// The filing fields, params and `let`s read inside compound operands.
  func inputs(of operands: [CheckedExpr]) -> [Operand] {
    // A handful of names: looked through, not hashed.
    var seen = operands.map(\.text)
    var out: [Operand] = []
    func firstSight(_ text: String) -> Bool {
      if seen.contains(text) { return false }
      seen.append(text)
      return true
    }
    func walk(_ n: CheckedExpr) {
      switch n.kind {
      case .field, .param, .member, .elementField:
        if firstSight(n.text), let o = operand(n) { out.append(o) }
      case .local(let slot):
        if letDecl(slot) != nil, firstSight(n.text), let o = operand(n) { out.append(o) }
      case .constant: break
      default:
        for c in Explainer.children(n, elementScopes: false) { walk(c) }
      }
    }
    for o in operands {
      switch o.kind {
      // A value read directly has its own location; its parts add nothing.
      case .field, .param, .member, .elementField, .local, .constant: continue
      default: for c in Explainer.children(o, elementScopes: false) { walk(c) }
      }
    }
    return out
  }

  /// The `let`s the given conditions rely on, directly or through other `let`s.
  func bindings(_ roots: [CheckedExpr]) -> [Binding] {
    var used = Set<Int>()
    var stack = roots
    while let n = stack.popLast() {
      if case .local(let s) = n.kind, let l = letDecl(s), used.insert(s).inserted {
        stack.append(l.node)
      }
      stack += Explainer.children(n, elementScopes: true)
    }
    return rule.lets.compactMap { l in
      guard used.contains(l.slot), l.slot < evaluator.locals.count,
        let v = evaluator.locals[l.slot]
      else { return nil }
      let unit = EvidenceFormat.unit(v, l.node.type, ratio: isRatio(l.node))
      return Binding(
        name: l.name,
        value: EvidenceFormat.both({ $0.exact(v, l.node.type, unit) }, only: language),
        elements: matchedElements(l.node), expression: l.node.text, raw: v, unit: unit,
        inputs: inputs(of: [l.node]))
    }
  }

  // MARK: - Ratios

  /// Whether a decimal is a ratio: like divided by like, a percentage
  /// written in the policy or a param declared as one, or arithmetic on those.
  func isRatio(_ n: CheckedExpr) -> Bool {
    guard n.type.unwrapped == .decimal else { return false }
    switch n.kind {
    case .constant: return n.text.hasSuffix("%")
    case .param(let i): return percentParams.contains(i)
    case .arith(.div, let a, let b): return quantity(a) == quantity(b)
    case .arith(.mul, let a, let b): return isRatio(a) && isRatio(b)
    case .arith(_, let a, let b), .coalesce(let a, let b), .conditional(_, let a, let b):
      return isRatio(a) || isRatio(b)
    case .negate(let a): return isRatio(a)
    case .call(let f, let args):
      return [.abs, .round, .minOf, .maxOf].contains(f) && args.contains { isRatio($0) }
    case .local(let slot): return letDecl(slot).map { isRatio($0.node) } ?? false
    case .bind(_, _, let body): return isRatio(body)
    case .aggregate(_, _, _, let body?): return isRatio(body)
    default: return false
    }
  }

  /// What a number measures, for telling a ratio (like over like) from an average.
  func quantity(_ n: CheckedExpr) -> Int {
    switch n.type.unwrapped {
    case .money: 0
    case .int: 1
    default: isRatio(n) ? 2 : 3
    }
  }

  // MARK: - List elements

  /// The list elements a filter or quantifier matched (or, for `all`, the
  /// ones that failed it), each with why.
  func matchedElements(_ n: CheckedExpr) -> [ElementRef] {
    guard depth == 0 else { return [] }
    switch n.kind {
    case .filter(let list, let level, let cond):
      guard value(n) != nil else { return [] }
      return explained.elements(of: n) { elements(of: list, cond, level, want: true) }
    case .quantifier(let q, let list, let level, let cond?):
      guard value(n) != nil else { return [] }
      return explained.elements(of: n) { elements(of: list, cond, level, want: q != .all) }
    case .quantifier(_, let list, _, nil), .aggregate(_, let list, _, _):
      return matchedElements(list)
    case .local(let slot):
      return letDecl(slot).map { matchedElements($0.node) } ?? []
    case .call(_, let args):
      return args.flatMap { matchedElements($0) }
    case .project(let base, _), .listArith(_, let base, _):
      return matchedElements(base)
    case .bind(_, let args, let body):
      return args.flatMap { matchedElements($0) } + matchedElements(body)
    default:
      return []
    }
  }

  /// The elements of `list` for which `cond` gave `want`, each with why;
  /// then, up to `unmatchedLimit`, the others.
  func elements(of list: CheckedExpr, _ cond: CheckedExpr, _ level: Int, want: Bool)
    -> [ElementRef]
  {
    guard case .list(let items)? = value(list) else { return [] }
    var matched: [ElementRef] = []
    var others: [ElementRef] = []
    for item in items {
      guard case .record = item, let (holds, sub) = evaluateElement(item, cond, level) else {
        continue
      }
      // Only an element that is listed is explained: for a rule that fired,
      // most elements of a long list are not.
      guard holds == want || others.count < unmatchedLimit,
        var el = element(item, in: list, facts: sub.decisive(cond))
      else { continue }
      if holds == want {
        matched.append(el)
      } else {
        el.matched = false
        others.append(el)
      }
    }
    return matched + others
  }

  /// Evaluates a filter's or quantifier's condition for one element, with
  /// the values recorded; gives the verdict and an explainer of that
  /// evaluation, whose `decisive` are its deciding facts.
  func evaluateElement(_ item: Value, _ cond: CheckedExpr, _ level: Int) -> (Bool, Explainer)? {
    guard level == evaluator.elements.count else { return nil }
    // One copy, evaluated in place: a copy of the evaluator put into a copy
    // of the explainer retained and released both evaluators' arrays.
    var sub = self
    // One element's condition: a few nodes, not a rule's.
    sub.evaluator.trace = Evaluator.emptyTrace(capacity: 12)
    sub.evaluator.traceLevel = level + 1
    sub.evaluator.elements.append(item)
    guard let holds = try? sub.evaluator.truth(cond) else { return nil }
    sub.depth = depth + 1
    return (holds, sub)
  }

  func element(_ item: Value, in list: CheckedExpr, facts: [Fact]) -> ElementRef? {
    guard case .record(let r) = item else { return nil }
    var index = 0
    if case .list(let all)? = value(list) {
      index =
        all.firstIndex {
          if case .record(let x) = $0 { return x === r }
          return false
        } ?? 0
    }
    let known = r.position != .unknown
    return ElementRef(
      index: index, line: Int(r.position.line), column: Int(r.position.column),
      summary: EvidenceFormat.both({ $0.record(r) }, only: language), list: list.text,
      file: known ? file : nil,
      raw: item, facts: facts)
  }

  // MARK: - Tree walking

  /// A node's sub-expressions; with `elementScopes: false`, not the parts
  /// evaluated once per list element (their values are not recorded).
  static func children(_ n: CheckedExpr, elementScopes: Bool) -> [CheckedExpr] {
    elementScopes ? n.children : n.childrenOutsideElementScopes
  }

}

/// `Explainer.matchedElements` by node, for one explanation (the evaluator
/// it reads does not change while it lasts). A class, so that the
/// explainer's reading functions stay non-mutating.
private final class ElementMemo {
  private var byNode: [ObjectIdentifier: [ElementRef]] = [:]

  func elements(of n: CheckedExpr, _ make: () -> [ElementRef]) -> [ElementRef] {
    let key = ObjectIdentifier(n)
    if let known = byNode[key] { return known }
    let made = make()
    byNode[key] = made
    return made
  }
}
