/// Turns the checked conditions of one rule (or one filing's invariants) into
/// formulas for the solver. Everything it cannot reason about becomes an
/// opaque atom keyed by the expression's structure, which is always sound:
/// the solver then only knows that equal keys have equal values.
final class Translator {
  let program: Program
  /// What each local slot stands for: a `let`'s expression or a definition's argument.
  private var locals: [Int: CheckedExpr] = [:]
  /// Distinguishes unresolved locals of different rules.
  private let context: String
  private var keys: [ObjectIdentifier: String] = [:]
  /// Params whose values were folded into a formula, for the finding's hint.
  private(set) var foldedParams: Set<Int> = []
  private let paramValues: [Value]
  private let singleValued: [Bool]
  private var depth = 0

  static let maxKeyLength = 20_000
  private var opaqueCount = 0

  init(program: Program, context: String, lets: [CheckedLet] = []) {
    self.program = program
    self.context = context
    for l in lets { locals[l.slot] = l.node }
    var values: [Value] = []
    var single: [Bool] = []
    for p in program.params {
      if let o = p.override {
        values.append(o)
        single.append(true)
      } else if let first = p.versions.first?.value,
        p.versions.allSatisfy({ $0.value.equals(first) })
      {
        values.append(first)
        single.append(true)
      } else {
        values.append(.null)
        single.append(false)
      }
    }
    paramValues = values
    singleValued = single
  }

  // MARK: Keys

  func key(_ n: CheckedExpr) -> String {
    let id = ObjectIdentifier(n)
    if let k = keys[id] { return k }
    var k = computeKey(n)
    if k.utf8.count > Translator.maxKeyLength {
      // Too large to compare usefully: a fresh key equal to nothing else.
      opaqueCount += 1
      k = "opaque#\(context)#\(opaqueCount)"
    }
    keys[id] = k
    return k
  }

  private func computeKey(_ n: CheckedExpr) -> String {
    func k(_ x: CheckedExpr) -> String { key(x) }
    func list(_ xs: [CheckedExpr]) -> String { xs.map(k).joined(separator: ",") }
    switch n.kind {
    case .constant(let v): return ExprKey.value(v)
    case .field(let s): return "f\(s)"
    case .elementField(let level, let s): return "e\(level).\(s)"
    case .element(let level): return "e\(level)"
    case .filing: return "filing"
    case .local(let slot):
      if let bound = locals[slot], depth < 64 {
        depth += 1
        defer { depth -= 1 }
        return k(bound)
      }
      return "local#\(context)#\(slot)"
    case .param(let i):
      if i < singleValued.count, singleValued[i] {
        foldedParams.insert(i)
        return ExprKey.value(paramValues[i])
      }
      return "param\(i)"
    case .member(let b, let s): return "(\(k(b))).\(s)"
    case .project(let b, let s): return "proj(\(k(b)),\(s))"
    case .negate(let a): return "neg(\(k(a)))"
    case .not(let a): return "not(\(k(a)))"
    case .arith(let o, let a, let b): return "\(ExprKey.op(o))(\(k(a)),\(k(b)))"
    case .listArith(let o, let a, let b): return "l\(ExprKey.op(o))(\(k(a)),\(k(b)))"
    case .compare(let o, let a, let b): return "\(o.rawValue)(\(k(a)),\(k(b)))"
    case .and(let a, let b): return "and(\(k(a)),\(k(b)))"
    case .or(let a, let b): return "or(\(k(a)),\(k(b)))"
    case .coalesce(let a, let b): return "??(\(k(a)),\(k(b)))"
    case .membership(let a, let b, let neg): return "\(neg ? "notin" : "in")(\(k(a)),\(k(b)))"
    case .presence(let a, let p): return "\(p ? "present" : "absent")(\(k(a)))"
    case .conditional(let c, let a, let b): return "if(\(k(c)),\(k(a)),\(k(b)))"
    case .filter(let l, let level, let c): return "where\(level)(\(k(l)),\(k(c)))"
    case .quantifier(let q, let l, let level, let c):
      return "\(q.rawValue)\(level)(\(k(l))\(c.map { "," + k($0) } ?? ""))"
    case .aggregate(let a, let l, let level, let b):
      return "\(a.rawValue)\(level)(\(k(l))\(b.map { "," + k($0) } ?? ""))"
    case .each(let l, let level, let b): return "each\(level)(\(k(l)),\(k(b)))"
    case .call(let f, let args): return "\(f.rawValue)(\(list(args)))"
    case .list(let items):
      return "list("
        + items.map { k($0.0) + ($0.1.map { " when " + k($0) } ?? "") }.joined(separator: ",")
        + ")"
    case .interpolate(let parts):
      return "str("
        + parts.map { p -> String in
          switch p {
          case .text(let t): return JSON.string(t).serialized()
          case .value(let v): return "{" + k(v) + "}"
          }
        }.joined(separator: ",") + ")"
    case .duration(let a, let u): return "dur(\(k(a)),\(u.rawValue))"
    case .bind(let slots, let args, let body):
      bind(slots, args)
      return k(body)
    case .record(let t, let fields):
      return "\(t.name){" + fields.map { $0.map(k) ?? "_" }.joined(separator: ",") + "}"
    }
  }

  private func bind(_ slots: [Int], _ args: [CheckedExpr]) {
    for (s, a) in zip(slots, args) { locals[s] = a }
  }

  // MARK: Constants

  /// Whether the expression reads nothing but literals and single-valued params.
  private func closed(_ n: CheckedExpr) -> Bool {
    switch n.kind {
    case .constant: return true
    case .param(let i): return i < singleValued.count && singleValued[i]
    case .field, .elementField, .element, .filing, .local, .bind, .record, .filter, .quantifier,
      .aggregate, .each:
      return false
    default: return n.children.allSatisfy(closed)
    }
  }

  /// The value of an expression that does not depend on the filing.
  func constant(_ n: CheckedExpr) -> Value? {
    switch n.kind {
    case .constant(let v): return v
    case .local(let slot):
      guard let bound = locals[slot], depth < 64 else { return nil }
      depth += 1
      defer { depth -= 1 }
      return constant(bound)
    case .bind(let slots, let args, let body):
      bind(slots, args)
      return constant(body)
    default:
      guard closed(n) else { return nil }
      noteParams(n)
      var ev = Evaluator(filing: nil, params: paramValues, budget: 100_000)
      return try? ev.eval(n)
    }
  }

  private func noteParams(_ n: CheckedExpr) {
    if case .param(let i) = n.kind { foldedParams.insert(i) }
    for c in n.children { noteParams(c) }
  }

  static func number(_ v: Value) -> Dec? {
    switch v {
    case .int(let i): Dec(i)
    case .dec(let d): d
    case .date(let d): Dec(d.daysSinceEpoch)
    default: nil
    }
  }

  static func isOrdered(_ t: PType) -> Bool {
    let u = t.unwrapped
    return u.isNumeric || u == .date
  }

  // MARK: Terms and ranges

  func term(_ n: CheckedExpr) -> Term {
    let u = n.type.unwrapped
    return Term(
      key: key(n), range: Translator.isOrdered(u) ? range(n) : .all,
      isInteger: u == .int || u == .date, isNumeric: Translator.isOrdered(u), isBool: u == .bool)
  }

  /// The values an expression can take, from its type and its structure.
  func range(_ n: CheckedExpr) -> Interval {
    let r = rawRange(n)
    return n.type.unwrapped == .date ? r.intersection(.dates) : r
  }

  private func rawRange(_ n: CheckedExpr) -> Interval {
    if let v = constant(n), let d = Translator.number(v) { return .point(d) }
    switch n.kind {
    case .local(let slot):
      guard let bound = locals[slot], depth < 64 else { return .all }
      depth += 1
      defer { depth -= 1 }
      return range(bound)
    case .bind(let slots, let args, let body):
      bind(slots, args)
      return range(body)
    case .param(let i):
      guard i < program.params.count else { return .all }
      var r: Interval? = nil
      for v in program.params[i].versions {
        guard let d = Translator.number(v.value) else { return .all }
        r = r.map { $0.hull(.point(d)) } ?? .point(d)
      }
      return r ?? .all
    case .quantifier(.count, let list, _, let cond):
      if let cond, refutes(formula(cond, true)) { return .point(.zero) }
      return count(list)
    case .call(let f, let args): return callRange(f, args)
    case .arith(let op, let a, let b):
      if n.type.unwrapped == .date {
        guard let days = dayShift(b) else { return .dates }
        return range(a) + .point(op == .sub ? (try? days.negated()) ?? .zero : days)
      }
      switch op {
      case .add: return range(a) + range(b)
      case .sub: return range(a) - range(b)
      case .mul, .div: return Interval.signOfProduct(range(a), range(b))
      }
    case .negate(let a): return -range(a)
    case .aggregate(let agg, let list, _, let body):
      let elem = body.map { range($0) } ?? elementRange(list)
      guard agg == .sum else { return elem }
      if elem.isNonNegative { return .nonNegative }
      if elem.isNonPositive { return .nonPositive }
      return .all
    case .coalesce(let a, let b): return range(a).hull(range(b))
    case .conditional(let c, let a, let b):
      if case .bool(let t)? = constant(c) { return range(t ? a : b) }
      return range(a).hull(range(b))
    default: return .all
    }
  }

  /// How many elements a list can have.
  private func count(_ list: CheckedExpr) -> Interval {
    if case .list(let items)? = constant(list) { return .point(Dec(items.count)) }
    switch list.kind {
    case .list(let items): return .closed(.zero, Dec(items.count))
    case .filter(let inner, _, let cond):
      if refutes(formula(cond, true)) { return .point(.zero) }
      return Interval(lo: Bound(value: .zero, open: false), hi: count(inner).hi)
    case .local(let slot):
      guard let bound = locals[slot], depth < 64 else { return .nonNegative }
      depth += 1
      defer { depth -= 1 }
      return count(bound)
    default: return .nonNegative
    }
  }

  private func elementRange(_ list: CheckedExpr) -> Interval {
    if case .list(let items)? = constant(list) {
      var r: Interval? = nil
      for v in items {
        guard let d = Translator.number(v) else { return .all }
        r = r.map { $0.hull(.point(d)) } ?? .point(d)
      }
      return r ?? .all
    }
    switch list.kind {
    case .filter(let inner, _, _): return elementRange(inner)
    case .local(let slot):
      guard let bound = locals[slot], depth < 64 else { return .all }
      depth += 1
      defer { depth -= 1 }
      return elementRange(bound)
    default:
      return list.type.elementType?.unwrapped == .date ? .dates : .all
    }
  }

  /// The days added by a duration written with a fixed number of days.
  private func dayShift(_ d: CheckedExpr) -> Dec? {
    guard case .duration(let dur)? = constant(d), dur.months == 0 else { return nil }
    return Dec(dur.days)
  }

  private func callRange(_ f: Builtin, _ args: [CheckedExpr]) -> Interval {
    switch f {
    case .length: return .nonNegative
    case .abs:
      let r = range(args[0])
      if r.isNonNegative { return r }
      if r.isNonPositive { return -r }
      let a = -r
      return Interval(lo: Bound(value: .zero, open: false), hi: r.hull(a).hi)
    case .year: return .closed(1, 9999)
    case .month: return .closed(1, 12)
    case .day: return .closed(1, 31)
    case .days: return range(args[1]) - range(args[0])
    case .round:
      let r = range(args[0])
      var places: Int? = nil
      if args.count > 1, case .int(let p)? = constant(args[1]) { places = p }
      if args.count == 1 { places = 0 }
      // Rounding is monotone, and never moves a value past the next whole number.
      func end(_ b: Bound?, _ rule: RoundingRule) -> Bound? {
        guard let b else { return nil }
        let v: Dec?
        if let places {
          v = try? b.value.rounded(places: places, rule: .halfUp)
        } else {
          v = try? b.value.rounded(places: 0, rule: rule)
        }
        return v.map { Bound(value: $0, open: false) }
      }
      return Interval(lo: end(r.lo, .floor), hi: end(r.hi, .ceiling))
    case .minOf:
      let a = range(args[0])
      let b = range(args[1])
      return Interval(lo: a.hull(b).lo, hi: a.intersection(b).hi)
    case .maxOf:
      let a = range(args[0])
      let b = range(args[1])
      return Interval(lo: a.intersection(b).lo, hi: a.hull(b).hi)
    default: return .all
    }
  }

  // MARK: Formulas

  /// The condition `n` (or its negation, when `positive` is false) as a formula.
  func formula(_ n: CheckedExpr, _ positive: Bool) -> Formula {
    if case .bool(let b)? = constant(n) { return b == positive ? .top : .bottom }
    switch n.kind {
    case .not(let a): return formula(a, !positive)
    case .and(let a, let b):
      let fa = formula(a, positive)
      let fb = formula(b, positive)
      return positive ? .all([fa, fb]) : .any([fa, fb])
    case .or(let a, let b):
      let fa = formula(a, positive)
      let fb = formula(b, positive)
      return positive ? .any([fa, fb]) : .all([fa, fb])
    case .conditional(let c, let a, let b):
      return .any([
        .all([formula(c, true), formula(a, positive)]),
        .all([formula(c, false), formula(b, positive)]),
      ])
    case .local(let slot):
      guard let bound = locals[slot], depth < 64 else { break }
      depth += 1
      defer { depth -= 1 }
      return formula(bound, positive)
    case .bind(let slots, let args, let body):
      bind(slots, args)
      return formula(body, positive)
    case .compare(let op, let a, let b):
      return compare(positive ? op : Translator.negated(op), a, b)
    case .membership(let a, let b, let negated):
      if case .list(let items)? = constant(b) {
        let values = Set(items.map(AtomValue.of))
        if let v = constant(a) {
          return items.contains { $0.equals(v) } == (negated != positive) ? .top : .bottom
        }
        return .atom(negated == positive ? .noneOf(term(a), values) : .oneOf(term(a), values))
      }
    case .presence(let a, let present):
      if !a.type.isOptional { return present == positive ? .top : .bottom }
      let t = Term(
        key: "present(\(key(a)))", range: .all, isInteger: false, isNumeric: false, isBool: true)
      return .atom(.oneOf(t, [.bool(present == positive)]))
    case .quantifier(let q, let list, _, let cond?):
      if case .list(let items)? = constant(list), items.isEmpty {
        return (q != .any) == positive ? .top : .bottom
      }
      switch q {
      case .any where refutes(formula(cond, true)): return positive ? .bottom : .top
      case .none where refutes(formula(cond, true)): return positive ? .top : .bottom
      case .all where refutes(formula(cond, false)): return positive ? .top : .bottom
      default: break
      }
    default: break
    }
    return .atom(.oneOf(term(n), [.bool(positive)]))
  }

  static func negated(_ op: BinaryOp) -> BinaryOp {
    switch op {
    case .lt: .ge
    case .le: .gt
    case .gt: .le
    case .ge: .lt
    case .eq: .ne
    case .ne: .eq
    default: op
    }
  }

  /// `a < b` as `b > a`.
  static func mirrored(_ op: BinaryOp) -> BinaryOp {
    switch op {
    case .lt: .gt
    case .le: .ge
    case .gt: .lt
    case .ge: .le
    default: op
    }
  }

  private func compare(_ op: BinaryOp, _ a: CheckedExpr, _ b: CheckedExpr) -> Formula {
    if Translator.isOrdered(a.type), Translator.isOrdered(b.type), let la = linear(a),
      let lb = linear(b), let diff = la.subtracting(lb), let f = diff.compared(op)
    {
      return f
    }
    let ca = constant(a)
    let cb = constant(b)
    if let ca, let cb {
      switch op {
      case .eq: return ca.equals(cb) ? .top : .bottom
      case .ne: return ca.equals(cb) ? .bottom : .top
      default: break
      }
    }
    if op == .eq || op == .ne {
      if let v = ca ?? cb {
        let t = term(ca == nil ? a : b)
        return .atom(op == .eq ? .oneOf(t, [AtomValue.of(v)]) : .noneOf(t, [AtomValue.of(v)]))
      }
      let pair = [key(a), key(b)].sorted()
      let t = Term(
        key: "eq(\(pair[0]),\(pair[1]))", range: .all, isInteger: false, isNumeric: false,
        isBool: true)
      return .atom(.oneOf(t, [.bool(op == .eq)]))
    }
    // Other orderings (of text): `a < b` and `a >= b` are one atom and its negation.
    let (x, y, holds): (CheckedExpr, CheckedExpr, Bool) =
      switch op {
      case .lt: (a, b, true)
      case .ge: (a, b, false)
      case .gt: (b, a, true)
      default: (b, a, false)
      }
    let t = Term(
      key: "lt(\(key(x)),\(key(y)))", range: .all, isInteger: false, isNumeric: false, isBool: true)
    return .atom(.oneOf(t, [.bool(holds)]))
  }

  /// Whether no value of the declared types satisfies the formulas.
  func refutes(_ fs: Formula...) -> Bool {
    var s = Solver()
    return s.refutes(fs)
  }

  // MARK: Linear forms

  /// A number or date as `constant + Σ coefficient × term`, when it is one.
  func linear(_ n: CheckedExpr) -> Linear? {
    if let v = constant(n) {
      guard let d = Translator.number(v) else { return nil }
      return Linear(constant: d)
    }
    switch n.kind {
    case .local(let slot):
      guard let bound = locals[slot], depth < 64 else { break }
      depth += 1
      defer { depth -= 1 }
      return linear(bound)
    case .bind(let slots, let args, let body):
      bind(slots, args)
      return linear(body)
    case .negate(let a):
      return linear(a)?.scaled(by: -1)
    case .arith(let op, let a, let b) where op == .add || op == .sub:
      if n.type.unwrapped == .date {
        guard let days = dayShift(b), let la = linear(a) else { break }
        return la.adding(Linear(constant: days), sign: op == .add ? 1 : -1)
      }
      guard let la = linear(a), let lb = linear(b),
        let r = la.adding(lb, sign: op == .add ? 1 : -1)
      else { break }
      return r
    case .arith(.mul, let a, let b):
      // A whole-number factor keeps the form linear.
      for (k, x) in [(a, b), (b, a)] {
        if let v = constant(k), let d = Translator.number(v), let i = d.intValue,
          (-1_000_000...1_000_000).contains(i), let lx = linear(x)
        {
          return lx.scaled(by: i)
        }
      }
    default: break
    }
    let t = term(n)
    return Linear(terms: [t.key: (1, t)], constant: .zero)
  }
}

/// `constant + Σ coefficient × term`.
struct Linear {
  var terms: [String: (Int, Term)] = [:]
  var constant: Dec

  func scaled(by k: Int) -> Linear? {
    guard let c = try? constant.multiplying(Dec(k)) else { return nil }
    var out = Linear(constant: c)
    for (key, (coef, t)) in terms {
      let (m, o) = coef.multipliedReportingOverflow(by: k)
      if o { return nil }
      if m != 0 { out.terms[key] = (m, t) }
    }
    return out
  }

  func adding(_ other: Linear, sign: Int) -> Linear? {
    guard let o = other.scaled(by: sign), let c = try? constant.adding(o.constant) else {
      return nil
    }
    var out = Linear(terms: terms, constant: c)
    for (key, (coef, t)) in o.terms {
      let sum = (out.terms[key]?.0 ?? 0) + coef
      if sum == 0 { out.terms[key] = nil } else { out.terms[key] = (sum, t) }
    }
    return out
  }

  func subtracting(_ other: Linear) -> Linear? { adding(other, sign: -1) }

  /// `self op 0` as a formula over one (possibly composite) term.
  func compared(_ op: BinaryOp) -> Formula? {
    if terms.isEmpty {
      let z = Dec.zero
      let holds: Bool =
        switch op {
        case .lt: constant < z
        case .le: constant <= z
        case .gt: constant > z
        case .ge: constant >= z
        case .eq: constant == z
        default: constant != z
        }
      return holds ? .top : .bottom
    }
    var form = self
    var op = op
    let sorted = terms.keys.sorted()
    if let first = terms[sorted[0]], first.0 < 0 {
      guard let neg = scaled(by: -1) else { return nil }
      form = neg
      op = Translator.mirrored(op)
    }
    let keys = form.terms.keys.sorted()
    let term: Term
    if keys.count == 1, case (let coef, let t)? = form.terms[keys[0]], coef == 1 {
      term = t
    } else {
      var range = Interval.point(.zero)
      var integer = true
      var parts: [String] = []
      for k in keys {
        guard case (let coef, let t)? = form.terms[k] else { continue }
        range = range + t.range.scaled(by: coef)
        integer = integer && t.isInteger
        parts.append("\(coef)*\(k)")
      }
      term = Term(
        key: "lin(" + parts.joined(separator: "+") + ")", range: range, isInteger: integer,
        isNumeric: true)
    }
    guard let bound = try? form.constant.negated() else { return nil }
    switch op {
    case .lt: return .atom(.within(term, Interval(lo: nil, hi: Bound(value: bound, open: true))))
    case .le: return .atom(.within(term, Interval(lo: nil, hi: Bound(value: bound, open: false))))
    case .gt: return .atom(.within(term, Interval(lo: Bound(value: bound, open: true), hi: nil)))
    case .ge: return .atom(.within(term, Interval(lo: Bound(value: bound, open: false), hi: nil)))
    case .eq: return .atom(.within(term, .point(bound)))
    default: return .atom(.notEqual(term, bound))
    }
  }
}
