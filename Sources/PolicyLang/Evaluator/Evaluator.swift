/// Evaluates checked expressions against one filing. Pure and deterministic:
/// no clock, no I/O, no randomness; every failure is an `EvalError`, never a trap.
public struct Evaluator {
  public var filing: RecordValue?
  public var params: [Value]
  var locals: [Value?]
  /// The `let`s of an evaluator made for expressions outside a rule.
  private var ownLets: [CheckedExpr?]
  /// The rule being evaluated, whose `let`s the walker computes on demand.
  /// Unretained: assigning the rule's array of `let`s on every reset
  /// retained one array and released another, atomically, once per rule
  /// applied. Whoever resets an evaluator for a rule holds the rule for as
  /// long as the evaluator is used (a rule runner holds its program).
  private unowned(unsafe) var rule: CheckedRule?
  var letNodes: [CheckedExpr?] { rule?.letsBySlot ?? ownLets }
  var elements: [Value] = []
  public var language: Language = .zh
  /// Steps left before the filing is declared too expensive to check.
  public var budget: Int
  /// When set, the value of every top-level node is recorded (by node
  /// identity), for explanations.
  public var trace: [ObjectIdentifier: Value]?
  /// How many list elements deep the trace records: 0 for the rule's own
  /// expressions; 1 when an explanation re-evaluates a filter's condition
  /// for one element.
  var traceLevel = 0

  public static let defaultBudget = 10_000_000

  /// A trace with room for a rule's nodes: grown from empty, it was
  /// rehashed several times per rule explained.
  static func emptyTrace(capacity: Int = 48) -> [ObjectIdentifier: Value] {
    Dictionary(minimumCapacity: capacity)
  }
  /// Longest text a rule may compute (`--max-value-bytes`): doubling a text
  /// forty times takes forty steps but a terabyte.
  public var maxTextBytes = 1 << 20

  /// Readies the evaluator for one rule against one filing, in the arrays
  /// it already has (a rule runner keeps one evaluator for every rule).
  mutating func reset(rule: CheckedRule, filing: RecordValue, params: [Value], budget: Int) {
    bind(filing: filing, params: params)
    reset(rule: rule, budget: budget)
  }

  /// Makes `filing` and `params` the ones rules are evaluated against.
  mutating func bind(filing: RecordValue, params: [Value]) {
    // Only when they change (once per filing, not once per rule): each
    // assignment retains one object and releases another, atomically.
    if self.filing !== filing { self.filing = filing }
    bind(params: params)
  }

  /// Binds a filing known to be another than the one bound: compared first,
  /// the one bound was retained and released for the comparison alone.
  mutating func bind(newFiling filing: RecordValue) { self.filing = filing }

  mutating func bind(params: [Value]) {
    if !params.withUnsafeBufferPointer({ new in
      self.params.withUnsafeBufferPointer { new.baseAddress == $0.baseAddress }
    }) || params.count != self.params.count {
      self.params = params
    }
  }

  /// `reset` for another rule against the filing and params already bound
  /// (a rule runner binds them once per filing, not once per rule).
  mutating func reset(rule: CheckedRule, budget: Int) {
    // Element by element: `removeAll(keepingCapacity:)` goes through the
    // generic `replaceSubrange`, which cost more than the rest of a reset.
    let n = rule.localCount
    while locals.count > n { locals.removeLast() }
    // Through the buffer: one uniqueness check, not one per slot.
    locals.withUnsafeMutableBufferPointer { slots in
      for i in slots.indices where slots[i] != nil { slots[i] = nil }
    }
    while locals.count < n { locals.append(nil) }
    self.rule = rule
    while !elements.isEmpty { elements.removeLast() }
    language = .zh
    self.budget = budget
    if trace != nil { trace = nil }
    traceLevel = 0
  }

  public init(
    filing: RecordValue?, params: [Value], localCount: Int = 0, lets: [CheckedLet] = [],
    budget: Int = Evaluator.defaultBudget
  ) {
    self.filing = filing
    self.params = params
    self.locals = Array(repeating: nil, count: localCount)
    var ln = [CheckedExpr?](repeating: nil, count: localCount)
    for l in lets where l.slot < localCount { ln[l.slot] = l.node }
    self.ownLets = ln
    self.budget = budget
  }

  /// Evaluates a literal-only expression (a param default or override).
  public static func constant(_ n: CheckedExpr, as type: PType) throws(EvalError) -> Value {
    var e = Evaluator(filing: nil, params: [])
    let v = try e.eval(n)
    return coerce(v, to: type)
  }

  /// Ints stored where decimals are expected become decimals, so that the
  /// stored form of a value depends only on its type.
  static func coerce(_ v: Value, to type: PType) -> Value {
    if case .int(let i) = v, type.unwrapped == .decimal || type.unwrapped == .money {
      return .dec(Dec(i))
    }
    return v
  }

  public mutating func truth(_ n: CheckedExpr) throws(EvalError) -> Bool {
    let v = try eval(n)
    if case .bool(let b) = v { return b }
    throw EvalError(.evaluationError, "a condition did not give true or false", span: n.span)
  }

  public mutating func eval(_ n: CheckedExpr) throws(EvalError) -> Value {
    budget -= 1
    if budget < 0 { throw overBudget(n) }
    let v = try evalInner(n)
    if trace != nil, elements.count == traceLevel { trace?[ObjectIdentifier(n)] = v }
    return v
  }

  private mutating func evalInner(_ n: CheckedExpr) throws(EvalError) -> Value {
    switch n.kind {
    case .constant(let v): return v
    case .field(let slot):
      guard let f = filing else { throw missing(n) }
      return f.fields[slot]
    case .elementField(let level, let slot):
      guard level < elements.count, case .record(let r) = elements[level] else { throw missing(n) }
      return r.fields[slot]
    case .element(let level):
      guard level < elements.count else { throw missing(n) }
      return elements[level]
    case .filing:
      guard let f = filing else { throw missing(n) }
      return .record(f)
    case .local(let slot):
      guard let v = try evalLet(slot) else { throw missing(n) }
      return v
    case .param(let i):
      guard i < params.count else { throw missing(n) }
      return params[i]
    case .member(let base, let slot):
      let b = try eval(base)
      guard case .record(let r) = b else {
        throw EvalError(.evaluationError, "`\(base.text)` is absent", span: base.span)
      }
      return r.fields[slot]
    case .project(let base, let slot):
      guard case .list(let items) = try eval(base) else { throw missing(n) }
      try charge(items.count, n)
      var out: [Value] = []
      out.reserveCapacity(items.count)
      for case .record(let r) in items { out.append(r.fields[slot]) }
      return .list(out)
    case .negate(let a):
      switch try eval(a) {
      case .int(let i):
        let (r, o) = (0).subtractingReportingOverflow(i)
        if o { throw overflow(n) }
        return .int(r)
      case .dec(let d): return .dec(try wrap(n) { () throws(ArithmeticError) in try d.negated() })
      case .duration(let d):
        return .duration(try wrap(n) { () throws(ArithmeticError) in try d.negated() })
      default: throw missing(n)
      }
    case .not(let a): return .bool(!(try truth(a)))
    case .and(let a, let b):
      if !(try truth(a)) { return .bool(false) }
      return .bool(try truth(b))
    case .or(let a, let b):
      if try truth(a) { return .bool(true) }
      return .bool(try truth(b))
    case .arith(let op, let a, let b):
      return try arithmetic(op, try eval(a), try eval(b), n, divisor: b)
    case .listArith(let op, let a, let b):
      return try listArithmetic(op, a, b, n)
    case .compare(let op, let a, let b):
      let x = try eval(a)
      let y = try eval(b)
      if op != .eq, op != .ne, let exact = try exactQuotientOrder(op, a, b, x, y, n) {
        return .bool(exact)
      }
      return .bool(try compare(op, x, y, n))
    case .coalesce(let a, let b):
      let v = try eval(a)
      return v.isNull ? try eval(b) : v
    case .membership(let a, let b, let negated):
      let x = try eval(a)
      guard case .list(let items) = try eval(b) else { throw missing(n) }
      try charge(items.count, n)
      let found = items.contains { $0.equals(x) }
      return .bool(found != negated)
    case .presence(let a, let present):
      return .bool(try eval(a).isNull != present)
    case .conditional(let c, let a, let b):
      return try truth(c) ? try eval(a) : try eval(b)
    case .filter(let list, let level, let cond):
      guard case .list(let items) = try eval(list) else { throw missing(n) }
      var out: [Value] = []
      for item in items
      where try withElement(
        item, level, { (e: inout Evaluator) throws(EvalError) in try e.truth(cond) })
      {
        out.append(item)
      }
      return .list(out)
    case .quantifier(let q, let list, let level, let cond):
      guard case .list(let items) = try eval(list) else { throw missing(n) }
      guard let cond else { return .int(items.count) }
      var matches = 0
      for item in items {
        let ok = try withElement(item, level) { (e: inout Evaluator) throws(EvalError) in
          try e.truth(cond)
        }
        if ok {
          matches += 1
          if q == .any { return .bool(true) }
          if q == .none { return .bool(false) }
        } else if q == .all {
          return .bool(false)
        }
      }
      switch q {
      case .any: return .bool(false)
      case .all, .none: return .bool(true)
      case .count: return .int(matches)
      }
    case .aggregate(let agg, let list, let level, let body):
      return try aggregate(agg, list, level, body, n)
    case .each(let list, let level, let body):
      guard case .list(let items) = try eval(list) else { throw missing(n) }
      var out: [Value] = []
      out.reserveCapacity(items.count)
      for item in items {
        out.append(
          try withElement(item, level) { (e: inout Evaluator) throws(EvalError) in try e.eval(body)
          })
      }
      return .list(out)
    case .call(let f, let args): return try call(f, args, n)
    case .list(let items):
      var out: [Value] = []
      for (v, g) in items {
        if let g, !(try truth(g)) { continue }
        out.append(Evaluator.coerce(try eval(v), to: n.type.elementType ?? .never))
      }
      return .list(out)
    case .interpolate(let parts):
      var s = ""
      let fmt = ValueFormatter(language: language)
      for p in parts {
        switch p {
        case .text(let t): s += t
        case .value(let node): s += fmt.format(try eval(node), as: node.type)
        }
        if s.utf8.count > maxTextBytes { throw tooLong(n) }
      }
      return try text(s, n)
    case .duration(let amount, let unit):
      guard case .int(let k) = try eval(amount) else { throw missing(n) }
      switch unit {
      case .day: return .duration(Duration(days: k))
      case .month: return .duration(Duration(months: k))
      case .year:
        let (m, o) = k.multipliedReportingOverflow(by: 12)
        if o { throw overflow(n) }
        return .duration(Duration(months: m))
      }
    case .bind(let slots, let args, let body):
      for (slot, a) in zip(slots, args) { locals[slot] = try eval(a) }
      return try eval(body)
    case .record(let type, let fields):
      var values: [Value] = []
      for (i, f) in fields.enumerated() {
        values.append(
          try f.map { (x) throws(EvalError) in try eval(x) } ?? type.fields[i].defaultValue ?? .null
        )
      }
      return .record(
        RecordValue(
          type: type, fields: values, positions: Array(repeating: .unknown, count: values.count),
          position: .unknown))
    }
  }

  mutating func withElement<T>(
    _ item: Value, _ level: Int, _ body: (inout Evaluator) throws(EvalError) -> T
  ) throws(EvalError) -> T {
    guard enterElement(item, level) else {
      throw EvalError(.evaluationError, "internal: element scope out of order")
    }
    defer { leaveElement(level) }
    return try body(&self)
  }

  func overBudget(_ n: CheckedExpr) -> EvalError {
    EvalError(
      .budgetExceeded, "evaluation needed more than the allowed number of steps", span: n.span)
  }

  /// Work beyond one step per node: one step per list element an operation
  /// walks and per byte of text it builds, so that the budget bounds time and
  /// memory alike, and not only the number of nodes visited.
  @inline(__always)
  mutating func charge(_ steps: Int, _ n: CheckedExpr) throws(EvalError) {
    if steps > budget {
      budget = -1
      throw overBudget(n)
    }
    budget -= steps
  }

  /// Text a rule computed, charged by its length and refused beyond `maxTextBytes`.
  mutating func text(_ s: String, _ n: CheckedExpr) throws(EvalError) -> Value {
    let size = s.utf8.count
    if size > maxTextBytes { throw tooLong(n) }
    try charge(size, n)
    return .text(s)
  }

  func tooLong(_ n: CheckedExpr) -> EvalError {
    EvalError(
      .budgetExceeded, "`\(n.text)` gives text longer than \(maxTextBytes) bytes", span: n.span)
  }

  func missing(_ n: CheckedExpr) -> EvalError {
    EvalError(.evaluationError, "`\(n.text)` has no value here", span: n.span)
  }

  func overflow(_ n: CheckedExpr) -> EvalError {
    EvalError(.overflow, "arithmetic overflow in `\(n.text)`", span: n.span)
  }

  /// Names the filing field a node reads, with where it stands in the filing.
  public func origin(of n: CheckedExpr) -> (String, DataPos?)? {
    switch n.kind {
    case .field(let slot):
      guard let f = filing else { return nil }
      return (f.type.fields[slot].name, f.positions[slot])
    case .elementField(let level, let slot):
      guard level < elements.count, case .record(let r) = elements[level] else { return nil }
      return (r.type.fields[slot].name, r.positions[slot])
    case .member(let base, let slot):
      guard case .record(let r)? = try? copyEval(base) else { return nil }
      let name = (origin(of: base)?.0).map { "\($0).\(r.type.fields[slot].name)" }
      return (name ?? r.type.fields[slot].name, r.positions[slot])
    default: return nil
    }
  }

  /// The `let` in `slot`: computed once (with the trace, if on) and kept;
  /// nil when the slot has none.
  mutating func evalLet(_ slot: Int) throws(EvalError) -> Value? {
    if let v = locals[slot] { return v }
    guard slot < letNodes.count, let body = letNodes[slot] else { return nil }
    // A `let` is evaluated outside any element scope. Most are first used
    // outside one too: then the element array (and its capacity) stays.
    if elements.isEmpty {
      let v = try eval(body)
      locals[slot] = v
      return v
    }
    let saved = elements
    elements = []
    defer { elements = saved }
    let v = try eval(body)
    locals[slot] = v
    return v
  }

  /// Puts `item` in scope as the element at `level`, dropping deeper ones;
  /// false when the scopes are out of order (a level skipped).
  @inline(__always)
  mutating func enterElement(_ item: Value, _ level: Int) -> Bool {
    if elements.count == level {
      elements.append(item)
    } else if elements.count > level {
      elements[level] = item
      while elements.count > level + 1 { elements.removeLast() }
    } else {
      return false
    }
    return true
  }

  /// Leaves the scope of the element at `level`. One by one: `removeLast(_:)`
  /// goes through the generic `replaceSubrange`.
  @inline(__always)
  mutating func leaveElement(_ level: Int) {
    while elements.count > level { elements.removeLast() }
  }

  private func copyEval(_ n: CheckedExpr) throws(EvalError) -> Value {
    var copy = self
    copy.trace = nil
    return try copy.eval(n)
  }

  func wrap<T>(
    _ n: CheckedExpr, divisor: CheckedExpr? = nil, _ body: () throws(ArithmeticError) -> T
  )
    throws(EvalError) -> T
  {
    do {
      return try body()
    } catch {
      switch error {
      case .overflow:
        throw overflow(n)
      case .divisionByZero:
        let o = divisor.flatMap { origin(of: $0) }
        let what = o.map { "`\($0.0)` is 0" } ?? "`\(divisor?.text ?? n.text)` is 0"
        throw EvalError(
          .divisionByZero, "division by zero in `\(n.text)`: \(what)", span: n.span,
          field: o?.0, position: o?.1 ?? nil)
      case .dateOutOfRange:
        throw EvalError(
          .dateOutOfRange, "`\(n.text)` gives a date outside the years 1 to 9999", span: n.span)
      }
    }
  }
}
