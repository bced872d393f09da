/// Compiles a rule's `where` and condition into `FastNode`s, once, when the
/// rule is checked. Each case mirrors one case of `Evaluator.evalInner`:
/// the same operands in the same order, the same arithmetic, one budget step
/// per node. Nodes it has no case for are left to the walker, whole.
struct FastCompiler {
  /// The rule's `let` bodies by slot.
  let lets: [CheckedExpr?]
  private var compiledLets: [Int: FastNode] = [:]

  init(lets: [CheckedExpr?]) { self.lets = lets }

  static func rule(
    scope: CheckedExpr?, condition: CheckedExpr, message: CheckedExpr?, messageEn: CheckedExpr?,
    lets: [CheckedExpr?]
  ) -> FastRule {
    var c = FastCompiler(lets: lets)
    let s = scope.map { c.compile($0).bool }
    // Without an English message the Chinese one is made in English.
    let zh = FastCompiler.message(message, lets: lets)
    return FastRule(
      scope: s, condition: c.compile(condition).bool,
      message: zh, messageEn: messageEn == nil ? zh : FastCompiler.message(messageEn, lets: lets))
  }

  mutating func compile(_ n: CheckedExpr) -> FastNode {
    switch n.kind {
    case .constant(let v): return FastCompiler.constant(v)
    case .field(let slot): return FastCompiler.field(slot, n.type)
    case .elementField(let level, let slot): return FastCompiler.elementField(level, slot, n.type)
    case .local(let slot): return local(slot, n)
    case .param(let i): return FastCompiler.param(i, n.type)
    case .not(let a):
      let f = compile(a).bool
      return .bool { ev throws(Bail) in
        try ev.fastStep()
        return !(try f(&ev))
      }
    case .and(let a, let b):
      let (f, g) = (compile(a).bool, compile(b).bool)
      return .bool { ev throws(Bail) in
        try ev.fastStep()
        return try f(&ev) ? try g(&ev) : false
      }
    case .or(let a, let b):
      let (f, g) = (compile(a).bool, compile(b).bool)
      return .bool { ev throws(Bail) in
        try ev.fastStep()
        return try f(&ev) ? true : try g(&ev)
      }
    case .compare(let op, let a, let b): return compare(op, a, b, n)
    case .presence(let a, let present):
      let f = compile(a).value
      return .bool { ev throws(Bail) in
        try ev.fastStep()
        return try f(&ev).isNull != present
      }
    case .membership(let a, let b, let negated):
      if case .constant(.list(let items)) = b.kind {
        // A constant list (`lawful_instruments`) held here, charged the
        // step its node would charge: not a closure returning it, retained.
        let x = compile(a).value
        // A text among texts compared as texts, not through `equals`'s switch.
        let texts = items.compactMap { if case .text(let t) = $0 { t } else { nil } }
        let allTexts = texts.count == items.count
        return .bool { ev throws(Bail) in
          try ev.fastStep()
          let v = try x(&ev)
          try ev.fastStep()
          try ev.fastCharge(items.count)
          if allTexts, case .text(let s) = v {
            return texts.contains { Value.textEquals($0, s) } != negated
          }
          return items.contains { $0.equals(v) } != negated
        }
      }
      let (x, list) = (compile(a).value, compile(b).value)
      return .bool { ev throws(Bail) in
        try ev.fastStep()
        let v = try x(&ev)
        guard case .list(let items) = try list(&ev) else { throw Bail() }
        try ev.fastCharge(items.count)
        return items.contains { $0.equals(v) } != negated
      }
    case .filter(let list, let level, let cond):
      let (l, c) = (compile(list).value, compile(cond).bool)
      return .value { ev throws(Bail) in
        try ev.fastStep()
        guard case .list(let items) = try l(&ev) else { throw Bail() }
        var out: [Value] = []
        try ev.fastEachElement(items, level) { (e: inout Evaluator, item) throws(Bail) in
          if try c(&e) { out.append(item) }
          return true
        }
        return .list(out)
      }
    case .quantifier(let q, let list, let level, let cond):
      return quantifier(q, list, level, cond)
    case .aggregate(.sum, let list, let level, let body): return sum(list, level, body, n.type)
    case .arith(let op, let a, let b): return arith(op, a, b, n)
    case .duration(let amount, let unit):
      let k = compile(amount).int
      return .duration { ev throws(Bail) in
        try ev.fastStep()
        let v = try k(&ev)
        switch unit {
        case .day: return Duration(days: v)
        case .month: return Duration(months: v)
        case .year:
          let (m, o) = v.multipliedReportingOverflow(by: 12)
          if o { throw Bail() }
          return Duration(months: m)
        }
      }
    case .call(.days, let args) where args.count == 2:
      let (f, g) = (compile(args[0]).date, compile(args[1]).date)
      return .int { ev throws(Bail) in
        try ev.fastStep()
        let a = try f(&ev)
        return CivilDate.days(from: a, to: try g(&ev))
      }
    case .call(.abs, let args) where args.count == 1:
      switch operand(args[0], strict: true) {
      case .int(let f):
        return .int { ev throws(Bail) in
          try ev.fastStep()
          let i = try f(&ev)
          guard i != Int.min else { throw Bail() }
          return Swift.abs(i)
        }
      case .dec(let f):
        return .dec { ev throws(Bail) in
          try ev.fastStep()
          return try f(&ev).magnitude
        }
      default: return .value { ev throws(Bail) in try ev.walk(n) }
      }
    case .list(let items):
      let elementType = n.type.elementType ?? .never
      let parts = items.map {
        ListPart(value: compile($0.0).value, when: $0.1.map { compile($0).bool })
      }
      // No room reserved: a list of conditional items (`"x" when c, …`) is
      // mostly empty, and an empty array allocates nothing.
      return .value { ev throws(Bail) in
        try ev.fastStep()
        var out: [Value] = []
        // Through the buffer: `for part in parts` copied each part out,
        // retaining and releasing its closures.
        try parts.withUnsafeBufferPointer { (parts) throws(Bail) in
          for i in parts.indices {
            if let when = parts[i].when, !(try when(&ev)) { continue }
            out.append(Evaluator.coerce(try parts[i].value(&ev), to: elementType))
          }
        }
        return .list(out)
      }
    case .conditional(let c, let a, let b):
      return conditional(compile(c).bool, compile(a), compile(b))
    case .element(let level):
      return .value { ev throws(Bail) in
        try ev.fastStep()
        guard level < ev.elements.count else { throw Bail() }
        return ev.elements[level]
      }
    case .member(let base, let slot):
      if case .field(let outer) = base.kind { return FastCompiler.fieldMember(outer, slot, n.type) }
      let f = compile(base).value
      return .value { ev throws(Bail) in
        try ev.fastStep()
        guard case .record(let r) = try f(&ev) else { throw Bail() }
        return r.fields[slot]
      }
    case .bind(let slots, let args, let body):
      // A function's arguments, put in its parameters' slots before its body.
      let bindings = zip(slots, args).map { ArgumentSlot(slot: $0, value: compile($1).value) }
      return compile(body).after { ev throws(Bail) in
        try ev.fastStep()
        try bindings.withUnsafeBufferPointer { (bindings) throws(Bail) in
          for i in bindings.indices {
            let v = try bindings[i].value(&ev)
            ev.locals[bindings[i].slot] = v
          }
        }
      }
    case .call(.trim, let args) where args.count == 1:
      let f = compile(args[0]).value
      return .value { ev throws(Bail) in
        try ev.fastStep()
        guard case .text(let s) = try f(&ev) else { throw Bail() }
        let t = Evaluator.trimmed(s)
        try ev.fastText(t.utf8.count)
        return .text(t)
      }
    case .interpolate:
      guard let write = textWriter(n) else { return .value { ev throws(Bail) in try ev.walk(n) } }
      return .value { ev throws(Bail) in .text(try ev.fastString(write)) }
    default:
      return .value { ev throws(Bail) in try ev.walk(n) }
    }
  }

  static func constant(_ v: Value) -> FastNode {
    switch v {
    case .bool(let b):
      return .bool { ev throws(Bail) in
        try ev.fastStep()
        return b
      }
    case .int(let i):
      return .int { ev throws(Bail) in
        try ev.fastStep()
        return i
      }
    case .dec(let d):
      return .dec { ev throws(Bail) in
        try ev.fastStep()
        return d
      }
    case .date(let d):
      return .date { ev throws(Bail) in
        try ev.fastStep()
        return d
      }
    default:
      return .value { ev throws(Bail) in
        try ev.fastStep()
        return v
      }
    }
  }

  /// An operand of arithmetic or a comparison, typed by its static type
  /// when it is only known as a value (an optional field): an absent value
  /// then gives up, where the walker would fail or compare it as absent.
  ///
  /// A decimal or money value may still be an `int` at run time (`n ?? 1`).
  /// A comparison orders it as a decimal, as the walker does; arithmetic
  /// (`strict`) gives up on it, because on two ints the walker does integer
  /// arithmetic, overflow included, where `Dec` would not overflow.
  mutating func operand(_ n: CheckedExpr, strict: Bool = false) -> FastNode {
    let node = compile(n)
    guard case .value(let f) = node else { return node }
    switch n.type.unwrapped {
    case .int: return .int(node.int)
    case .decimal, .money:
      guard strict else { return .dec(node.dec) }
      return .dec { ev throws(Bail) in
        guard case .dec(let d) = try f(&ev) else { throw Bail() }
        return d
      }
    case .date: return .date(node.date)
    case .duration: return .duration(node.duration)
    default: return node
    }
  }

  /// A `let`'s body compiled, once; nil for a function's parameter.
  mutating func compiledLet(_ slot: Int) -> FastNode? {
    guard slot < lets.count, let body = lets[slot] else { return nil }
    if let known = compiledLets[slot] { return known }
    let b = compile(body)
    compiledLets[slot] = b
    return b
  }

  /// A `let`'s body compiled, when its value is only known as a value (a list).
  mutating func letValue(_ slot: Int) -> FastFn<Value>? {
    if case .value(let f)? = compiledLet(slot) { return f }
    return nil
  }

  mutating func local(_ slot: Int, _ n: CheckedExpr) -> FastNode {
    guard let b = compiledLet(slot) else {
      // A function's parameter, set by its `bind`.
      return .value { ev throws(Bail) in
        try ev.fastStep()
        guard let v = ev.locals[slot] else { throw Bail() }
        return v
      }
    }
    switch b {
    case .bool(let f):
      return .bool { ev throws(Bail) in
        try ev.fastLet(
          slot,
          {
            if case .bool(let x) = $0 { x } else { nil }
          }, { .bool($0) }, f)
      }
    case .int(let f):
      return .int { ev throws(Bail) in
        try ev.fastLet(
          slot,
          {
            if case .int(let x) = $0 { x } else { nil }
          }, { .int($0) }, f)
      }
    case .dec(let f):
      return .dec { ev throws(Bail) in
        try ev.fastLet(
          slot,
          {
            if case .dec(let x) = $0 { x } else { nil }
          }, { .dec($0) }, f)
      }
    case .date(let f):
      return .date { ev throws(Bail) in
        try ev.fastLet(
          slot,
          {
            if case .date(let x) = $0 { x } else { nil }
          }, { .date($0) }, f)
      }
    case .duration(let f):
      return .duration { ev throws(Bail) in
        try ev.fastLet(
          slot,
          {
            if case .duration(let x) = $0 { x } else { nil }
          }, { .duration($0) }, f)
      }
    case .value(let f):
      return .value { ev throws(Bail) in try ev.fastLet(slot, { $0 }, { $0 }, f) }
    }
  }

  /// `x / y > c` is decided exactly by the walker (`exactQuotientOrder`).
  func quotient(_ e: CheckedExpr) -> (CheckedExpr, CheckedExpr)? {
    Evaluator.quotient(e, lets: lets)
  }

  func isQuotient(_ e: CheckedExpr) -> Bool { quotient(e) != nil }

  mutating func compare(_ op: BinaryOp, _ a: CheckedExpr, _ b: CheckedExpr, _ n: CheckedExpr)
    -> FastNode
  {
    if op != .eq, op != .ne, let q = quotient(a) ?? quotient(b) {
      return quotientOrder(op, a, b, q, quotientFirst: isQuotient(a))
    }
    if case .constant(let k) = b.kind { return compare(op, a, constant: k, n) }
    let (x, y) = (operand(a), operand(b))
    switch (x, y) {
    case (.int(let f), .int(let g)):
      return .bool { ev throws(Bail) in
        try ev.fastStep()
        let p = try f(&ev)
        let q = try g(&ev)
        return FastCompiler.holds(op, p < q ? -1 : p == q ? 0 : 1)
      }
    case (.date(let f), .date(let g)):
      return .bool { ev throws(Bail) in
        try ev.fastStep()
        let p = try f(&ev)
        let q = try g(&ev)
        return FastCompiler.holds(op, p < q ? -1 : p == q ? 0 : 1)
      }
    case _ where x.isNumber && y.isNumber:
      let (f, g) = (x.dec, y.dec)
      return .bool { ev throws(Bail) in
        try ev.fastStep()
        let p = try f(&ev)
        let q = try g(&ev)
        return FastCompiler.holds(op, p < q ? -1 : p == q ? 0 : 1)
      }
    default:
      let (f, g) = (x.value, y.value)
      return .bool { ev throws(Bail) in
        try ev.fastStep()
        let p = try f(&ev)
        let q = try g(&ev)
        do { return try ev.compare(op, p, q, n) } catch { throw Bail() }
      }
    }
  }

  /// A quotient (`xe / ye`, on the left when `quotientFirst`) ordered
  /// against a number exactly, as `Evaluator.exactQuotientOrder` does: both
  /// sides evaluated, then the quotient's operands again, and `x / y > c`
  /// decided as `x > c × y` (reversed for a negative `y`); the two values
  /// compared when that cannot be done exactly.
  mutating func quotientOrder(
    _ op: BinaryOp, _ a: CheckedExpr, _ b: CheckedExpr, _ q: (CheckedExpr, CheckedExpr),
    quotientFirst: Bool
  ) -> FastNode {
    let (xe, ye) = q
    let exactOp = quotientFirst ? op : op.mirrored
    let (fa, fb) = (operand(a).dec, operand(b).dec)
    let (fx, fy) = (operand(xe).dec, operand(ye).dec)
    return .bool { ev throws(Bail) in
      try ev.fastStep()
      let va = try fa(&ev)
      let vb = try fb(&ev)
      let x = try fx(&ev)
      let y = try fy(&ev)
      if let exact = Evaluator.quotientOrder(exactOp, x, y, quotientFirst ? vb : va) {
        return exact
      }
      return FastCompiler.holds(op, va < vb ? -1 : va == vb ? 0 : 1)
    }
  }

  /// Whether `op` holds between two values ordered as `order` says, the way
  /// `Evaluator.compare` decides it.
  @inline(__always)
  static func holds(_ op: BinaryOp, _ order: Int) -> Bool {
    switch op {
    case .eq: order == 0
    case .ne: order != 0
    case .lt: order < 0
    case .le: order <= 0
    case .gt: order > 0
    default: order >= 0
    }
  }

  mutating func quantifier(_ q: Quantifier, _ list: CheckedExpr, _ level: Int, _ cond: CheckedExpr?)
    -> FastNode
  {
    if cond == nil, case .local(let slot) = list.kind, let body = letValue(slot) {
      // `count(arrears)`: the length of the `let`'s list, read where it is
      // kept. Returned as a value, the list was retained and released for
      // its count alone. Charged as `local` charges it.
      return .int { ev throws(Bail) in
        try ev.fastStep()
        try ev.fastLetReady(slot, body)
        guard let count = ev.localListCount(slot) else { throw Bail() }
        return count
      }
    }
    let l = compile(list).value
    guard let cond else {
      return .int { ev throws(Bail) in
        try ev.fastStep()
        guard case .list(let items) = try l(&ev) else { throw Bail() }
        return items.count
      }
    }
    let c = compile(cond).bool
    if q == .count {
      return .int { ev throws(Bail) in
        try ev.fastStep()
        guard case .list(let items) = try l(&ev) else { throw Bail() }
        var matches = 0
        try ev.fastEachElement(items, level) { (e: inout Evaluator, _) throws(Bail) in
          if try c(&e) { matches += 1 }
          return true
        }
        return matches
      }
    }
    // any: true at the first match; all: false at the first miss; none: false at the first match.
    let stopOn = q != .all
    return .bool { ev throws(Bail) in
      try ev.fastStep()
      guard case .list(let items) = try l(&ev) else { throw Bail() }
      var stopped = false
      try ev.fastEachElement(items, level) { (e: inout Evaluator, _) throws(Bail) in
        if try c(&e) == stopOn { stopped = true }
        return !stopped
      }
      return stopped ? q == .any : q != .any
    }
  }

  /// `sum(xs, body)`, and `sum(xs where c, body)` without making the
  /// filtered list. The walker charges the filtered list's length; this
  /// charges the whole list's, which is never less.
  mutating func sum(_ list: CheckedExpr, _ level: Int, _ body: CheckedExpr?, _ type: PType)
    -> FastNode
  {
    let source: CheckedExpr
    let filter: FastFn<Bool>?
    // Fused only where the filter's element is the body's (as the checker
    // makes them): both are evaluated in one scope of each element.
    if case .filter(let inner, let filterLevel, let cond) = list.kind, filterLevel == level {
      (source, filter) = (inner, compile(cond).bool)
    } else {
      (source, filter) = (list, nil)
    }
    let items = compile(source).value
    let b = body.map { compile($0) }
    let steps = filter == nil ? 0 : 1
    if type == .int {
      let value = b?.int
      return .int { ev throws(Bail) in
        try ev.fastStep()
        try ev.fastCharge(steps)
        guard case .list(let xs) = try items(&ev) else { throw Bail() }
        try ev.fastCharge(xs.count)
        var acc = 0
        try ev.fastEachElement(xs, level) { (e: inout Evaluator, item) throws(Bail) in
          if let filter, !(try filter(&e)) { return true }
          let v: Int
          if let value {
            v = try value(&e)
          } else {
            guard case .int(let i) = item else { throw Bail() }
            v = i
          }
          let (r, o) = acc.addingReportingOverflow(v)
          if o { throw Bail() }
          acc = r
          return true
        }
        return acc
      }
    }
    let value = b?.dec
    return .dec { ev throws(Bail) in
      try ev.fastStep()
      try ev.fastCharge(steps)
      guard case .list(let xs) = try items(&ev) else { throw Bail() }
      try ev.fastCharge(xs.count)
      var acc = Dec.zero
      try ev.fastEachElement(xs, level) { (e: inout Evaluator, item) throws(Bail) in
        if let filter, !(try filter(&e)) { return true }
        let v: Dec
        if let value {
          v = try value(&e)
        } else {
          guard let d = item.asDec else { throw Bail() }
          v = d
        }
        do { acc = try acc.adding(v) } catch { throw Bail() }
        return true
      }
      return acc
    }
  }

  mutating func arith(_ op: ArithOp, _ a: CheckedExpr, _ b: CheckedExpr, _ n: CheckedExpr)
    -> FastNode
  {
    let (x, y) = (operand(a, strict: true), operand(b, strict: true))
    switch (x, y) {
    case (.int(let f), .int(let g)) where op != .div:
      return .int { ev throws(Bail) in
        try ev.fastStep()
        let p = try f(&ev)
        let q = try g(&ev)
        let (r, o) =
          switch op {
          case .add: p.addingReportingOverflow(q)
          case .sub: p.subtractingReportingOverflow(q)
          default: p.multipliedReportingOverflow(by: q)
          }
        if o { throw Bail() }
        return r
      }
    case (.date(let f), .duration(let g)) where op == .add || op == .sub:
      return .date { ev throws(Bail) in
        try ev.fastStep()
        let d = try f(&ev)
        let dur = try g(&ev)
        do { return try d.adding(op == .sub ? try dur.negated() : dur) } catch { throw Bail() }
      }
    case _ where x.isNumber && y.isNumber:
      let (f, g) = (x.dec, y.dec)
      return .dec { ev throws(Bail) in
        try ev.fastStep()
        let p = try f(&ev)
        let q = try g(&ev)
        do {
          switch op {
          case .add: return try p.adding(q)
          case .sub: return try p.subtracting(q)
          case .mul: return try p.multiplying(q)
          case .div: return try p.dividing(by: q)
          }
        } catch { throw Bail() }
      }
    default:
      let (f, g) = (x.value, y.value)
      return .value { ev throws(Bail) in
        try ev.fastStep()
        let p = try f(&ev)
        let q = try g(&ev)
        do { return try ev.arithmetic(op, p, q, n, divisor: b) } catch { throw Bail() }
      }
    }
  }

  func conditional(_ c: @escaping FastFn<Bool>, _ x: FastNode, _ y: FastNode) -> FastNode {
    switch (x, y) {
    case (.bool(let f), .bool(let g)):
      return .bool { ev throws(Bail) in
        try ev.fastStep()
        return try c(&ev) ? try f(&ev) : try g(&ev)
      }
    case (.int(let f), .int(let g)):
      return .int { ev throws(Bail) in
        try ev.fastStep()
        return try c(&ev) ? try f(&ev) : try g(&ev)
      }
    case (.dec(let f), .dec(let g)):
      return .dec { ev throws(Bail) in
        try ev.fastStep()
        return try c(&ev) ? try f(&ev) : try g(&ev)
      }
    case (.date(let f), .date(let g)):
      return .date { ev throws(Bail) in
        try ev.fastStep()
        return try c(&ev) ? try f(&ev) : try g(&ev)
      }
    default:
      let (f, g) = (x.value, y.value)
      return .value { ev throws(Bail) in
        try ev.fastStep()
        return try c(&ev) ? try f(&ev) : try g(&ev)
      }
    }
  }
}

// Closures kept in arrays are wrapped in structs: an array of bare
// closures (or of tuples holding them) stores each at its most general
// representation, and every call went through a reabstraction thunk, which
// for an optional closure in a tuple allocated a context per call (~300
// instructions per item of a list literal).

/// An item of a list literal, with its `when` guard.
struct ListPart {
  let value: FastFn<Value>
  let when: FastFn<Bool>?
}

/// A function's argument, put in its parameter's slot.
struct ArgumentSlot {
  let slot: Int
  let value: FastFn<Value>
}
